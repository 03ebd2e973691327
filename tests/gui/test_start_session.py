"""The start-session dialog: scanner and name search, identity, protocol, drug details, start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import chair_view, open_session_ids
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.start.form_fields import TOUCH
from nurse_monitor.ui.start.start_session_dialog import Page, StartSessionDialog
from nurse_monitor.ui.station import Station
from tests.gui.start_steps import fill_drug, scan, state_identity, walk_to_drug_details
from tests.services.chair_walk import begin_initial, prepare_to_start
from tests.storage.conftest import Staff


def open_dialog(qtbot: QtBot, db: Database, actor: Actor, clock: FakeClock) -> StartSessionDialog:
    dialog = StartSessionDialog(Station(db, clock, Preferences.for_station(), actor))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.fixture
def dialog(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, shown: dialogs.RecordingDialogs
) -> StartSessionDialog:
    return open_dialog(qtbot, db, staff.nurse, clock)


def test_a_wristband_scan_selects_the_patient(
    qtbot: QtBot, dialog: StartSessionDialog, alice: PatientRecord
) -> None:
    assert dialog.current_page() is Page.FIND
    scan(qtbot, dialog, "MRN-100234")
    assert dialog.current_page() is Page.IDENTITY
    assert "MRN-100234" in dialog.identity.record_number.text()
    # the name and date of birth are asked, never shown before the check
    assert not dialog.header.patient.isVisibleTo(dialog)
    assert not dialog.search_timer.isActive()


def test_enter_without_an_exact_record_number_stays_on_the_search(
    qtbot: QtBot, dialog: StartSessionDialog, alice: PatientRecord
) -> None:
    scan(qtbot, dialog, "MRN-1002")
    assert dialog.current_page() is Page.FIND
    assert dialog.finder.results.topLevelItemCount() == 1
    scan(qtbot, dialog, "9")  # MRN-10029: nobody
    assert dialog.current_page() is Page.FIND
    assert "No patient matches" in dialog.finder.status.text()


def test_the_whole_way_to_the_protocol_by_keyboard(
    qtbot: QtBot, dialog: StartSessionDialog, alice: PatientRecord
) -> None:
    search = dialog.finder.search
    assert dialog.focusWidget() is search
    scan(qtbot, dialog, "morgan")  # a name and Enter: the list fills, the focus stays
    assert dialog.current_page() is Page.FIND
    assert dialog.focusWidget() is search and search.selectedText() == "morgan"
    qtbot.keyClick(search, Qt.Key.Key_Down)
    assert dialog.focusWidget() is dialog.finder.results
    qtbot.keyClick(dialog.finder.results, Qt.Key.Key_Return)
    assert dialog.current_page() is Page.IDENTITY
    assert dialog.focusWidget() is dialog.identity.family_name
    qtbot.keyClicks(dialog.identity.family_name, "Morgan")
    qtbot.keyClick(dialog.identity.family_name, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.identity.date_of_birth
    qtbot.keyClicks(dialog.identity.date_of_birth, "12/05/1984")
    qtbot.keyClick(dialog.identity.date_of_birth, Qt.Key.Key_Return)
    assert dialog.current_page() is Page.PROTOCOL
    assert dialog.focusWidget() is dialog.protocol_page.protocol
    dialog.next_button.setFocus()
    qtbot.keyClick(dialog.next_button, Qt.Key.Key_Return)
    assert dialog.current_page() is Page.DRUG
    assert dialog.focusWidget() is dialog.details.lot


def test_search_by_name_shows_results_after_the_pause(
    qtbot: QtBot, dialog: StartSessionDialog, alice: PatientRecord
) -> None:
    qtbot.keyClicks(dialog.finder.search, "morg")
    assert dialog.search_timer.isActive()
    assert dialog.finder.results.topLevelItemCount() == 0
    qtbot.waitUntil(lambda: dialog.finder.results.topLevelItemCount() == 1)
    item = dialog.finder.results.topLevelItem(0)
    assert item is not None
    assert [item.text(c) for c in range(3)] == ["MORGAN, Alice", "MRN-100234", "12 May 1984"]
    assert dialog.next_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page() is Page.IDENTITY


def test_closing_stops_the_search_timer(
    qtbot: QtBot, dialog: StartSessionDialog, alice: PatientRecord
) -> None:
    qtbot.keyClicks(dialog.finder.search, "Mor")
    assert dialog.search_timer.isActive()
    dialog.reject()
    assert not dialog.search_timer.isActive()


def test_a_wrong_date_of_birth_says_do_not_proceed(
    qtbot: QtBot, dialog: StartSessionDialog, db: Database, staff: Staff, alice: PatientRecord
) -> None:
    scan(qtbot, dialog, "MRN-100234")
    state_identity(qtbot, dialog, "Morgan", "21/05/1984")
    assert dialog.current_page() is Page.IDENTITY
    message = dialog.identity.errors.message("Identity")
    assert "Do not proceed" in message
    assert "date of birth" in message
    assert dialog.identity.identity_error.isVisibleTo(dialog)
    assert dialog.identity.date_of_birth.text() == "21/05/1984"  # nothing lost
    assert open_session_ids(db, staff.nurse) == []


def test_the_service_identity_check_is_shown_on_the_identity_page(
    qtbot: QtBot, dialog: StartSessionDialog, db: Database, staff: Staff, alice: PatientRecord
) -> None:
    """Should the stated answers change after the page check, begin_session still refuses."""
    with qtbot.assertNotEmitted(dialog.session_started):
        walk_to_drug_details(qtbot, dialog)
        fill_drug(qtbot, dialog, "H0123B", "31/01/2027")
        dialog.identity.family_name.setText("Morgen")
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page() is Page.IDENTITY
    assert "Do not proceed" in dialog.identity.errors.message("Identity")
    assert dialog.details.lot.text() == "H0123B"
    assert open_session_ids(db, staff.nurse) == []


def test_a_new_patient_is_offered_ocrevus_initial_infusion_1(
    qtbot: QtBot, dialog: StartSessionDialog, alice: PatientRecord
) -> None:
    scan(qtbot, dialog, "MRN-100234")
    state_identity(qtbot, dialog, "morgan", "12.05.1984")
    page = dialog.protocol_page
    assert dialog.current_page() is Page.PROTOCOL
    assert page.chosen_protocol_id() == "ocrevus-iv-initial"
    assert "Infusion number 1" in page.infusion_number.text()
    assert "Ocrevus IV initial dose" in page.suggestion.text()
    assert "Ocrevus (ocrelizumab) US prescribing information" in page.source.text()
    assert "checked 21 Nov 2026" in page.source.text()
    assert "clinical-reference" not in page.source.text()
    assert page.version.text().startswith("Protocol version ")
    assert "No earlier session of this patient used this protocol" in page.version.text()
    assert "No earlier session" in page.last_session.text()
    assert not page.refusal.isVisibleTo(dialog)
    assert dialog.next_button.isEnabled()
    assert "MORGAN, Alice" in dialog.header.patient.text()
    assert "Penicillin" in dialog.header.patient.text()


def test_a_permanently_discontinued_drug_is_refused(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    chair.start_infusion(db, staff.nurse, session.id, 30)
    clock.advance(minutes=15)
    reactions.record_reaction(
        db,
        staff.nurse,
        session.id,
        severity="life_threatening",
        symptoms=["anaphylaxis", "hypotension"],
        ctcae_grade=4,
    )
    reactions.apply_reaction_action(db, staff.nurse, session.id)
    dialog = open_dialog(qtbot, db, staff.nurse, clock)
    scan(qtbot, dialog, "MRN-100234")
    assert "ocrelizumab discontinued" in dialog.finder.results.topLevelItem(0).text(3)
    state_identity(qtbot, dialog, "Morgan", "12/05/1984")
    page = dialog.protocol_page
    assert dialog.current_page() is Page.PROTOCOL
    assert page.refusal.isVisibleTo(dialog)
    assert "permanently discontinued" in page.refusal.text()
    assert not dialog.next_button.isEnabled()
    assert page.chosen_protocol_id() is None
    assert "grade 4 (life-threatening)" in page.last_session.text()
    assert "methylprednisolone 100 mg IV" in page.last_session.text()
    # another drug is still offered
    page.drug.setCurrentIndex(page.drug.findData("natalizumab"))
    assert page.chosen_protocol_id() == "natalizumab"
    assert dialog.next_button.isEnabled()
    assert shown.shown == []


def test_an_expired_vial_is_refused_inline(
    qtbot: QtBot, dialog: StartSessionDialog, db: Database, staff: Staff, alice: PatientRecord
) -> None:
    walk_to_drug_details(qtbot, dialog)
    fill_drug(qtbot, dialog, "H0123B", "01/03/2026")
    with qtbot.assertNotEmitted(dialog.session_started):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    message = dialog.details.errors.message("Expiry")
    assert message.startswith("Expiry: the vial expired on 2026-03-01")
    assert dialog.current_page() is Page.DRUG
    assert dialog.details.lot.text() == "H0123B"
    assert dialog.focusWidget() is dialog.details.expiry
    assert open_session_ids(db, staff.nurse) == []


def test_the_bag_label_must_be_confirmed(
    qtbot: QtBot, dialog: StartSessionDialog, db: Database, staff: Staff, alice: PatientRecord
) -> None:
    walk_to_drug_details(qtbot, dialog)
    fill_drug(qtbot, dialog, "H0123B", "31/01/2027")
    qtbot.keyClicks(dialog.details.bag_volume, "0")  # 2600: changed, so no longer confirmed
    assert not dialog.details.bag_confirmed.isChecked()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert "Bag label" in dialog.details.errors.message("Bag label")
    assert open_session_ids(db, staff.nurse) == []


def test_the_whole_walk_starts_a_session(
    qtbot: QtBot, dialog: StartSessionDialog, db: Database, staff: Staff, alice: PatientRecord
) -> None:
    walk_to_drug_details(qtbot, dialog)
    details = dialog.details
    assert details.dose.text() == "300" and details.dose.isReadOnly()
    assert details.bag_volume.text() == "260"
    assert details.weight.text() == "68"
    assert details.chair.currentText() == "Chair 1"
    fill_drug(qtbot, dialog, "h0123b", "31/01/2027")
    details.chair.setCurrentText("Chair 5")
    with qtbot.waitSignal(dialog.session_started) as started:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    session_id = started.args[0]
    assert dialog.result() == dialog.DialogCode.Accepted
    view = chair_view(db, staff.nurse, session_id)
    assert view.checklist.step(Step.IDENTITY).done
    assert view.session.chair == "Chair 5"
    assert view.session.lot_number == "H0123B"
    assert view.session.protocol_id == "ocrevus-iv-initial"


def test_rituximab_takes_the_prescribed_dose(
    qtbot: QtBot, dialog: StartSessionDialog, db: Database, staff: Staff, alice: PatientRecord
) -> None:
    scan(qtbot, dialog, "MRN-100234")
    state_identity(qtbot, dialog, "Morgan", "12/05/1984")
    page = dialog.protocol_page
    page.drug.setCurrentIndex(page.drug.findData("rituximab"))
    assert page.chosen_protocol_id() == "rituximab-first"
    assert "drugs.com rituximab" in page.source.text()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    details = dialog.details
    assert not details.dose.isReadOnly() and details.dose.text() == ""
    assert details.bag_volume.text() == ""
    assert dialog.focusWidget() is details.dose
    fill_drug(qtbot, dialog, "R77731", "30/06/2027")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert details.errors.message("Dose").startswith("Dose:")
    assert details.errors.message("Bag volume").startswith("Bag volume:")
    assert dialog.focusWidget() is details.dose  # the first problem keeps the focus
    qtbot.keyClicks(details.dose, "1000")
    qtbot.keyClicks(details.bag_volume, "500")
    details.bag_confirmed.setChecked(True)
    with qtbot.waitSignal(dialog.session_started) as started:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    session = chair_view(db, staff.nurse, started.args[0]).session
    assert (session.protocol_id, session.dose_mg, session.bag_volume_ml) == (
        "rituximab-first",
        1000,
        500,
    )


def test_registration_refusal_shows_next_to_the_record_number(
    qtbot: QtBot, dialog: StartSessionDialog
) -> None:
    qtbot.mouseClick(dialog.finder.register_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page() is Page.REGISTER
    form = dialog.registration
    qtbot.keyClicks(form.record_number, "x")
    qtbot.keyClicks(form.family_name, "Okafor")
    qtbot.keyClicks(form.given_name, "Daniel")
    qtbot.keyClicks(form.date_of_birth, "03/11/1979")
    form.sex.setCurrentIndex(form.sex.findData("male"))
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    assert form.errors.message("Record number").startswith("Record number: 3 to 32")
    assert form.family_name.text() == "Okafor"
    assert form.date_of_birth.text() == "03/11/1979"
    assert dialog.current_page() is Page.REGISTER
    form.record_number.setText("mrn-100871")
    qtbot.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page() is Page.IDENTITY
    assert "MRN-100871" in dialog.identity.record_number.text()


def test_a_scanned_unknown_number_carries_into_registration(
    qtbot: QtBot, dialog: StartSessionDialog
) -> None:
    scan(qtbot, dialog, "MRN-555001")
    assert dialog.current_page() is Page.FIND
    qtbot.mouseClick(dialog.finder.register_button, Qt.MouseButton.LeftButton)
    assert dialog.registration.record_number.text() == "MRN-555001"


def test_other_refusals_go_to_the_dialogs_facade(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, shown: dialogs.RecordingDialogs
) -> None:
    dialog = open_dialog(qtbot, db, staff.admin, clock)
    scan(qtbot, dialog, "MRN-100234")
    assert shown.shown and shown.shown[0][0] == "error"


def test_every_control_is_named_and_touch_sized(dialog: StartSessionDialog) -> None:
    kinds = (QLineEdit, QComboBox, QAbstractButton, QTreeWidget)
    controls: list[QWidget] = [w for k in kinds for w in dialog.findChildren(k)]
    assert controls
    for widget in controls:
        assert widget.accessibleName(), widget
        inside_combo = isinstance(widget.parent(), QComboBox)
        if isinstance(widget, (QLineEdit, QComboBox, QPushButton, QCheckBox)) and not inside_combo:
            assert widget.minimumHeight() >= TOUCH, widget.accessibleName()


def test_free_chairs_come_first_and_an_occupied_one_is_refused_inline(
    qtbot: QtBot, dialog: StartSessionDialog, db: Database, staff: Staff, alice: PatientRecord
) -> None:
    from dataclasses import replace
    from datetime import date

    from nurse_monitor.services.patients import register_patient
    from tests.services.conftest import ALICE

    daniel = register_patient(
        db,
        staff.nurse,
        replace(
            ALICE,
            record_number="MRN-100871",
            family_name="Okafor",
            given_name="Daniel",
            date_of_birth=date(1979, 11, 3),
        ),
    )
    begin_initial(db, staff.nurse, daniel, "Chair 1")
    walk_to_drug_details(qtbot, dialog)
    chairs = dialog.details.chair
    assert chairs.currentText() == "Chair 2"  # the first free chair, not the occupied Chair 1
    last = chairs.count() - 1
    assert chairs.itemText(last) == "Chair 1 — in use: Okafor, Daniel (MRN-100871)"
    model = chairs.model()
    assert not model.flags(model.index(last, 0)) & Qt.ItemFlag.ItemIsEnabled
    fill_drug(qtbot, dialog, "H0123B", "31/01/2027")
    chairs.setCurrentText("Chair 1")  # typed over the list
    dialog.start_button.click()
    assert "Chair 1 is in use: Okafor, Daniel (MRN-100871)" in dialog.details.errors.message(
        "Chair"
    )
    assert dialog.result() != dialog.DialogCode.Accepted
    assert len(open_session_ids(db, staff.nurse)) == 1


def test_a_vial_scan_fills_lot_and_expiry_and_refuses_an_expired_vial(
    qtbot: QtBot, dialog: StartSessionDialog, clock: FakeClock, alice: PatientRecord
) -> None:
    from tests.gui.test_times_and_verification import type_scan

    vial = "]d2" + "01" + "00350242150019"  # Ocrevus 300 mg vial (GTIN from NDC 50242-150-01)
    walk_to_drug_details(qtbot, dialog)
    details = dialog.details
    type_scan(qtbot, details.lot, vial + "17" + "270131" + "10" + "H0123B" + "\x1d" + "21SN7")
    assert details.lot.text() == "H0123B"
    assert details.expiry.text() == "31/01/2027"
    assert details.errors.message("Lot") == ""
    details.lot.clear()
    type_scan(qtbot, details.lot, vial + "17" + "250101" + "10" + "H0999Z" + "\x1d" + "21SN8")
    assert "expired on 01 Jan 2025" in details.errors.message("Lot")
