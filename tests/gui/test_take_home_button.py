"""At discharge the nurse prints the take-home sheet: a file written and audited, its text kept
on the record, and the discharge form ticks it off."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.preferences import Preferences
from tests.gui.station_steps import open_station, open_workspace
from tests.reports.conftest import pdf_text_pages
from tests.services.chair_walk import running_session, titrate_to_the_end
from tests.storage.conftest import Staff

TOPICS = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]


def test_printing_the_take_home_sheet_at_discharge(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
    shown: dialogs.RecordingDialogs,
    tmp_path: Path,
) -> None:
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    titrate_to_the_end(db, nurse, clock, session_id)
    chair.end_infusion(db, nurse, session_id, 260)
    chair.record_teaching(db, nurse, session_id, TOPICS, date(2026, 3, 16))
    window = open_station(qtbot, db, clock, nurse, preferences, chime, notifier)
    workspace = open_workspace(window, session_id)
    workspace.show_step(Step.DISCHARGE)
    form = workspace.step_forms[Step.DISCHARGE]
    assert "not yet given" in form.take_home_done.text()
    target = tmp_path / "sheet.pdf"
    shown.path_answers.append(str(target))
    qtbot.mouseClick(form.take_home, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "given at" in form.take_home_done.text())
    assert nurse.signature in form.take_home_done.text()
    assert "Your next dose is due on Monday 16 March 2026." in " ".join(
        pdf_text_pages(target.read_bytes())
    )
    kept = [
        t for t in chair_view(db, nurse, session_id).timeline if t.event.type == "take_home_sheet"
    ]
    assert len(kept) == 1 and "Get emergency help now" in kept[0].payload["text"]
    exports = [a for a in audit_trail(db, staff.charge) if a.action == "export"]
    assert [(a.record_id, a.detail["format"]) for a in exports] == [(session_id, "take_home")]
