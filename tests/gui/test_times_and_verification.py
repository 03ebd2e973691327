"""Times that follow the clock until the nurse edits them, and a drug check that does not show
the answer before the nurse has read the bag."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QEvent, Qt, QTime
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import ChartType, Step
from nurse_monitor.domain.vial_barcode import GS
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import dialogs
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.gui.workspace_steps import NO_TO_ALL, answer_screening, click, enter_vitals
from tests.services.chair_walk import begin_initial, prepare_to_start
from tests.storage.conftest import Staff


def occurred(db: Database, staff: Staff, session_id: int, kind: str) -> list[datetime]:
    timeline = chair_view(db, staff.nurse, session_id).timeline
    return [e.event.occurred_at for e in timeline if e.event.type == kind]


def shown_time(edit: object) -> str:
    return edit.time().toString("HH:mm")  # type: ignore[attr-defined]


def local_hhmm(clock: FakeClock) -> str:
    return clock.now().astimezone().strftime("%H:%M")


def test_reaction_onset_follows_the_clock_until_edited(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    chair.start_infusion(db, staff.nurse, session.id, 30)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    panel = workspace.reactions
    clock.advance(minutes=7)  # the chair opened 7 minutes ago: the field must not say so
    workspace.refresh()
    assert shown_time(panel.onset) == local_hhmm(clock)
    assert shown_time(panel.given_at) == local_hhmm(clock)
    click(qtbot, workspace.reaction_button)
    panel.symptoms["pruritus"].setChecked(True)
    panel.severity.setCurrentIndex(panel.severity.findData("mild"))
    click(qtbot, panel.record)
    first = chair_view(db, staff.nurse, session.id).reactions[-1]
    assert first.onset_at == clock.now()  # not the moment the workspace opened

    # An edited time is the nurse's: the clock no longer moves it, and it is what is recorded.
    clock.advance(minutes=3)
    earlier = (clock.now() - timedelta(minutes=2)).astimezone().replace(second=0, microsecond=0)
    panel.given_at.setTime(QTime(earlier.hour, earlier.minute))
    clock.advance(minutes=1)
    workspace.refresh()
    assert shown_time(panel.given_at) == earlier.strftime("%H:%M")
    qtbot.keyClicks(panel.drug, "cetirizine")
    qtbot.keyClicks(panel.dose, "10 mg")
    click(qtbot, panel.give)
    given = occurred(db, staff, session.id, ChartType.REACTION_INTERVENTION)
    assert given[-1] == earlier.astimezone(given[-1].tzinfo)
    # Recorded: the field follows the clock again for the next medicine.
    clock.advance(minutes=2)
    workspace.refresh()
    assert shown_time(panel.given_at) == local_hhmm(clock)


def test_premedication_time_follows_the_clock(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    answer_screening(qtbot, workspace, NO_TO_ALL)
    enter_vitals(qtbot, workspace)
    clock.advance(minutes=12)
    workspace.refresh()
    workspace.show_step(Step.PREMEDICATIONS)
    premeds = workspace.step_forms[Step.PREMEDICATIONS]
    assert shown_time(premeds.given_at) == local_hhmm(clock)
    premeds.drug.setCurrentText("methylprednisolone")
    click(qtbot, premeds.record)
    assert occurred(db, staff, session.id, "premedication_given") == [clock.now()]


def test_the_recorded_lot_is_shown_only_after_the_nurse_has_matched_it(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    session = begin_initial(db, staff.nurse, alice)  # lot H0123B, expiry 31 Jan 2027
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    workspace.show_step(Step.DRUG_VERIFICATION)
    check = workspace.step_forms[Step.DRUG_VERIFICATION]

    def texts() -> str:
        return " ".join(label.text() for label in check.findChildren(QLabel))

    assert "H0123B" not in texts()
    assert "2027" not in texts()
    qtbot.keyClicks(check.lot, "H0124B")
    check.expiry.setDate(QDate(2027, 1, 31))
    click(qtbot, check.record)
    refusal = " ".join(text for _, _, text in shown.shown) + texts() + workspace.banner.text()
    assert "does not match the lot recorded" in refusal
    assert "H0123B" not in refusal  # the refusal does not hand out the answer either
    check.lot.clear()
    qtbot.keyClicks(check.lot, "h0123b")
    click(qtbot, check.record)
    assert chair_view(db, staff.nurse, session.id).checklist.step(Step.DRUG_VERIFICATION).done
    assert "Matches the record: lot H0123B, expires 31 Jan 2027" in check.outcome.text()


CTRL = Qt.KeyboardModifier.ControlModifier


def verified(db: Database, staff: Staff, session_id: int) -> list[dict[str, object]]:
    timeline = chair_view(db, staff.nurse, session_id).timeline
    return [e.payload for e in timeline if e.event.type == "drug_verified"]


def type_scan(qtbot: QtBot, field: QLineEdit, code: str) -> None:
    """A wedge scanner: each character as a key, GS as Ctrl+] with text 0x1D, then Enter."""
    parts = code.split(GS)
    for index, part in enumerate(parts):
        qtbot.keyClicks(field, part)
        if index < len(parts) - 1:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(
                    field,
                    QKeyEvent(
                        kind, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier, GS
                    ),
                )
    qtbot.keyClick(field, Qt.Key.Key_Return)


OCREVUS_VIAL = "00350242150019"


def test_a_vial_scan_fills_lot_and_expiry_and_records_the_serial(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)  # Ocrevus, lot H0123B, expiry 31 Jan 2027
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    workspace.show_step(Step.DRUG_VERIFICATION)
    check = workspace.step_forms[Step.DRUG_VERIFICATION]
    type_scan(qtbot, check.lot, f"]d201{OCREVUS_VIAL}17270131" + f"10H0123B{GS}21SN0042")
    assert check.lot.text() == "H0123B"  # the serial did not run into the lot
    assert check.expiry.date() == QDate(2027, 1, 31)
    assert "serial SN0042" in check.scan_result.text()
    click(qtbot, check.record)
    done = [
        e
        for e in chair_view(db, staff.nurse, session.id).timeline
        if e.event.type == "drug_verified"
    ]
    assert done[-1].payload["serial"] == "SN0042"
    assert done[-1].payload["gtin"] == OCREVUS_VIAL
    assert done[-1].payload["verified_by"] == "scan"


def test_an_expired_or_foreign_vial_scan_is_refused(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    workspace.show_step(Step.DRUG_VERIFICATION)
    check = workspace.step_forms[Step.DRUG_VERIFICATION]
    yesterday = clock.now().astimezone().date() - timedelta(days=1)
    type_scan(qtbot, check.lot, f"]d201{OCREVUS_VIAL}17{yesterday:%y%m%d}10H0123B{GS}21SN1")
    assert f"expired on {yesterday:%d %b %Y}" in check.scan_error.text()
    assert check.scanned is None
    check.lot.clear()
    type_scan(qtbot, check.lot, "]d20100350242554015" + "17270131" + f"10H0123B{GS}21SN2")
    assert "not an Ocrevus product this protocol lists" in check.scan_error.text()
    click(qtbot, check.record)  # the typed lot and expiry alone: no scan on record
    payload = [
        e
        for e in chair_view(db, staff.nurse, session.id).timeline
        if e.event.type == "drug_verified"
    ]
    assert all("serial" not in e.payload for e in payload)


def test_a_site_stand_in_for_gs_is_read_as_gs(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    from nurse_monitor.ui.preferences import Preferences

    station = Preferences.for_station()
    station.scanner_gs_stand_in = "|"  # this site's scanners send | for GS
    station.sync()
    session = begin_initial(db, staff.nurse, alice)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    workspace.show_step(Step.DRUG_VERIFICATION)
    check = workspace.step_forms[Step.DRUG_VERIFICATION]
    qtbot.keyClicks(check.lot, f"]d201{OCREVUS_VIAL}17270131" + "10H0123B|21SN0042")
    qtbot.keyClick(check.lot, Qt.Key.Key_Return)
    assert check.lot.text() == "H0123B"
    assert "serial SN0042" in check.scan_result.text()
