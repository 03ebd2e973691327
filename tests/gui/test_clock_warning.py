"""Issue 16 defect 9 on screen: a station clock behind the record shows the running infusion and a
visible warning naming the difference; pausing still works from the workspace."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import dialogs
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.services.chair_walk import running_session
from tests.storage.conftest import Staff


def test_a_clock_behind_the_record_is_named_and_the_infusion_still_shows(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    clock.set(clock.now() - timedelta(hours=1, minutes=5))
    workspace = open_workspace(window_for(qtbot, db, staff, clock), session_id)
    assert not workspace.clock_warning.isHidden()
    assert "1 h 5 min behind" in workspace.clock_warning.text()
    assert workspace.controller.view.status.rate_ml_h == 30
    assert workspace.controller.perform(chair.pause_infusion, "line check")
    assert shown.shown == []
