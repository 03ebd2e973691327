"""The chair board behind a workspace tab (issue 13): a save in the workspace reaches the board
from the view the workspace built, its nurse's account and bound pump read again only when a
change may have altered them (ui/board/chair_board.py `ChairReads`). An abnormal reading
alarms and sounds at once; the board brought forward shows what a board read afresh shows."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.alarm_priority import Priority
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_board import NURSE_LEFT, chair_summary
from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_binding import bind_pump
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.board.chair_board import ChairBoard
from nurse_monitor.ui.board.signals_out import RecordingChime
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.gui.station_steps import open_station, open_workspace
from tests.gui.test_alarms_on_the_board import LOW_PRESSURE
from tests.gui.test_reassign_dialog import nurse_leaves
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.storage.conftest import Staff


def station_with_workspace(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    chime: RecordingChime,
) -> tuple[MainWindow, ChairBoard, SessionWorkspace, int]:
    session_id = running_session(db, staff.nurse, alice, clock)
    window = open_station(qtbot, db, clock, staff.nurse, chime=chime, show=True)
    board = window.board
    assert board is not None
    board.stop_live_updates()
    workspace = open_workspace(window, session_id)
    assert window.tabs.currentWidget() is workspace  # the board is behind it
    return window, board, workspace, session_id


def saved_once(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> tuple[ChairBoard, SessionWorkspace, int]:
    """The station with a chair's workspace open, one reading saved there 15 minutes in."""
    _, board, workspace, session_id = station_with_workspace(
        qtbot, db, staff, alice, clock, RecordingChime()
    )
    clock.advance(minutes=15)
    assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    return board, workspace, session_id


def row_of(board: ChairBoard, session_id: int):  # type: ignore[no-untyped-def]
    return next(c for c in board.chairs if c.session_id == session_id)


def test_a_save_behind_the_board_alarms_at_once_and_the_board_shows_it_when_brought_forward(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    chime = RecordingChime()
    window, board, workspace, session_id = station_with_workspace(
        qtbot, db, staff, alice, clock, chime
    )
    clock.advance(minutes=15)
    assert workspace.controller.perform(chair.record_vitals, LOW_PRESSURE)
    # Not waiting for the board to be looked at: the alarm and its sound are raised now.
    alarm = board.alarms[session_id]
    assert alarm is not None and alarm.priority is Priority.HIGH
    assert chime.played and chime.played[-1][0] == "high"
    assert "systolic below 90" in board.banner.text()

    window.tabs.setCurrentWidget(board)
    qtbot.waitUntil(board.isVisible)
    assert row_of(board, session_id) == chair_summary(db, staff.nurse, session_id)
    news2 = board.model.index(0, 9).data()
    assert news2.startswith(str(row_of(board, session_id).news2_total))
    assert row_of(board, session_id).last_vitals.startswith("BP 82/50, HR 112")


def test_a_nurse_leaving_between_saves_reaches_the_row_of_her_open_workspace(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    board, workspace, session_id = saved_once(qtbot, db, staff, alice, clock)
    assert not row_of(board, session_id).nurse_left
    nurse_leaves(db, staff.nurse.user_id)  # the administrator, elsewhere in the program
    clock.advance(minutes=1)
    charge = workspace.controller.station
    charge.set_actor(staff.charge)  # a charge nurse carries on at this station
    assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    row = row_of(board, session_id)
    assert row.nurse_left and NURSE_LEFT in row.alerts
    assert row == chair_summary(db, staff.charge, session_id)


def test_a_pump_bound_between_saves_is_judged_with_the_next_save(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    board, workspace, session_id = saved_once(qtbot, db, staff, alice, clock)
    assert "pump_quiet" not in row_of(board, session_id).alert_codes
    # Bound at another screen of this station: the binding writes no entry of the session.
    bind_pump(db, staff.nurse, session_id, "E0007")
    clock.advance(minutes=4)  # and the pump never spoke
    assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    row = row_of(board, session_id)
    assert "pump_quiet" in row.alert_codes
    assert row == chair_summary(db, staff.nurse, session_id)
    # Kept from then on, judged again at each save's time.
    clock.advance(minutes=5)
    assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    row = row_of(board, session_id)
    assert any("for 9 min" in a for a in row.alerts)
    assert row == chair_summary(db, staff.nurse, session_id)
    assert board.alarms[session_id] is not None
