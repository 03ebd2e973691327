"""Label-audit rules on screen: premedication class and reason, the natalizumab reaction
question, the flush step, TOUCH switched off, and the protocol version comparison."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.protocol_library import protocol_library
from nurse_monitor.services.protocol_versions import ProtocolVersion, VersionComparison
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_start import begin_session
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.start.protocol_review import ProtocolPage
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.gui.station_steps import open_station
from tests.gui.workspace_steps import click
from tests.services.chair_walk import NORMAL_VITALS, begin_initial, natalizumab_request
from tests.storage.conftest import Staff


def _workspace(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, session_id: int, **kw: bool
) -> SessionWorkspace:
    preferences = Preferences.for_station()
    for key, value in kw.items():
        setattr(preferences, key, value)
    controller = ChairController(Station(db, clock, preferences, staff.nurse), session_id)
    workspace = SessionWorkspace(controller)
    qtbot.addWidget(workspace)
    return workspace


def _natalizumab(db: Database, staff: Staff, alice: PatientRecord) -> int:
    return begin_session(db, staff.nurse, natalizumab_request(alice)).id


def test_a_drug_off_the_list_asks_for_its_class_and_reason(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    workspace = _workspace(qtbot, db, staff, clock, session.id)
    form = workspace.step_forms[Step.PREMEDICATIONS]
    form.drug.setCurrentText("desloratadine")
    assert not form.drug_class.isEnabled()
    form.drug.setCurrentText("ketotifen")
    assert form.drug_class.isEnabled() and form.reason.isEnabled()
    form.dose.setText("1 mg")
    form.drug_class.setCurrentText("H1 antihistamine")
    form.reason.setText("patient's own, prescriber agreed")
    click(qtbot, form.record)
    view = chair_view(db, staff.nurse, session.id)
    given = next(t for t in view.timeline if t.event.type == "premedication_given")
    assert given.payload["drug_class"] == "H1 antihistamine"
    antihistamine = next(p for p in view.checklist.premedications if p.item.name == "antihistamine")
    assert antihistamine.given_at is not None


def test_natalizumab_screens_reaction_question_and_flush(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = _natalizumab(db, staff, alice)
    workspace = _workspace(qtbot, db, staff, clock, session_id, us_checklists=False)
    screening = workspace.step_forms[Step.SCREENING]
    assert not any(row.question.us_program for row in screening.rows)
    for row in screening.rows:
        click(qtbot, row.yes if row.question.triggers_on.value == "no" else row.no)
    click(qtbot, screening.record)
    view = chair_view(db, staff.nurse, session_id)
    assert view.checklist.screening.can_start
    recorded = next(t for t in view.timeline if t.event.type == "screening_recorded")
    assert recorded.payload["us_checklists_off"] == ["TOUCH"]
    assert not workspace.reactions.hypersensitivity.isHidden()
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    chair.record_iv_access(
        db, staff.nurse, session_id, site="forearm", side="left", gauge=22, attempts=1,
        placed_by="me",
    )  # fmt: skip
    chair.verify_drug(db, staff.nurse, session_id, lot_number="N77", expiry=date(2027, 6, 30))
    chair.start_infusion(db, staff.nurse, session_id, 115)
    clock.advance(minutes=61)
    chair.end_infusion(db, staff.nurse, session_id, 115)
    workspace.controller.reload()
    flush = workspace.step_forms[Step.LINE_FLUSH]
    assert flush.record.isEnabled() and "0.9% sodium chloride" in flush.rule.text()
    click(qtbot, flush.record)
    assert chair_view(db, staff.nurse, session_id).checklist.step(Step.LINE_FLUSH).done


def test_the_protocol_page_says_what_changed_since_the_last_version(
    qtbot: QtBot, qapp: QApplication
) -> None:
    page = ProtocolPage(protocol_library())
    qtbot.addWidget(page)
    now = ProtocolVersion("ocrevus-iv-initial", "b" * 64, date(2027, 1, 15), "bundled")
    then = ProtocolVersion("ocrevus-iv-initial", "a" * 64, date(2026, 11, 21), "bundled")
    text = page._version_text(
        VersionComparison(
            now, then, date(2026, 9, 1), ("observation › first dose minutes: 60 → 90",)
        )
    )
    assert "Protocol version bbbbbbbbbb, source checked 2027-01-15" in text
    assert "Changed since the session of" in text and "version aaaaaaaaaa" in text
    assert "observation › first dose minutes: 60 → 90" in text


def test_switching_us_checklists_off_is_recorded(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences: Preferences
) -> None:
    window = open_station(qtbot, db, clock, staff.nurse, preferences)
    window._on_preferences_triggered()
    dialog = window._preferences_dialog
    assert dialog.us_checklists.isChecked()
    dialog.us_checklists.setChecked(False)
    dialog._on_buttons_accepted()
    assert preferences.us_checklists is False
    entries = [a for a in audit_trail(db, staff.charge) if a.action == "site_setting"]
    assert [(a.username, a.detail) for a in entries] == [
        (staff.nurse.username, {"setting": "us_checklists", "value": "off"})
    ]
