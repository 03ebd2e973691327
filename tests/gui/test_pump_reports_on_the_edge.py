"""Pump reports on the station's change edge (issue 19, UI under ingest): taken together once a
second instead of once a message, never taken for another station's commit, and judged on the
board by the pumps' alarms alone (no chair read again)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.changes import ChangeKind, Changes, SessionChange
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.board import chair_board as board_module
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.station import StationOps
from tests.gui.test_chair_board import board_for
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.services.test_pump_ingest_path import bound_chairs, message
from tests.storage.conftest import Staff


def on_another_thread(work: Callable[[], object]) -> None:
    """As the pump listener's writer does: a commit made off the UI thread."""
    worker = threading.Thread(target=work)
    worker.start()
    worker.join()


@pytest.fixture
def ops(db: Database):  # type: ignore[no-untyped-def]
    edge = StationOps(db)
    yield edge
    edge.detach()
    edge.pump_reports_timer.stop()


def test_pump_reports_from_the_listener_thread_reach_the_screens_once_together(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, ops: StationOps
) -> None:
    numbers = bound_chairs(db, staff, clock, 3)
    seen: list[Changes] = []
    ops.changed.connect(seen.append)
    with qtbot.waitSignal(ops.changed, timeout=5000):
        for i, number in enumerate(numbers):  # three messages, three commits
            on_another_thread(lambda i=i, n=number: receive_message(db, message(i, n, "z")))
    assert len(seen) == 1
    assert seen[0].pump_reports_only and len(seen[0].session_ids) == 3
    assert {k for c in seen[0].sessions for k in c.kinds} == {ChangeKind.PUMP_OBSERVATION}


def test_any_other_change_is_not_held_back_with_the_pump_reports(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    ops: StationOps,
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    ops.pump_reports_timer.setInterval(600_000)  # pump reports would wait ten minutes
    with qtbot.waitSignal(ops.changed, timeout=5000) as got:
        on_another_thread(lambda: chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS))
    assert got.args[0].session(session_id) is not None
    assert not got.args[0].pump_reports_only


def test_the_stations_own_listener_commits_are_never_taken_for_another_stations(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    ops: StationOps,
    sqlite_database_url: str,
) -> None:
    numbers = bound_chairs(db, staff, clock, 1)
    ops.watch_other_stations()
    ops.watch_timer.stop()  # the test looks itself, at the worst moment
    seen: list[Changes] = []
    ops.changed.connect(seen.append)
    # The listener's commit, its news still queued for this thread: a look now must not
    # take it for another station's (which has every screen read everything again).
    on_another_thread(lambda: receive_message(db, message(0, numbers[0], "own")))
    ops.look_at_other_stations()
    assert not [c for c in seen if c.everything]
    other = open_database(sqlite_database_url, clock)  # another station on the same file
    try:
        receive_message(other, "not a pump message")
    finally:
        other.close()
    ops.look_at_other_stations()
    assert [c for c in seen if c.everything]


def test_the_board_judges_only_the_pumps_alarms_when_only_pumps_spoke(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences: Preferences,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    numbers = bound_chairs(db, staff, clock, 2)
    board = board_for(qtbot, db, staff, clock, preferences, RecordingChime(), RecordingNotifier())
    assert not any(c.alert_codes for c in board.chairs)

    def no_chair_read(*_: object) -> None:
        raise AssertionError("a pump report must not read the chair again")

    monkeypatch.setattr(board_module, "chair_summary", no_chair_read)
    receive_message(db, message(0, "SOMEONE-ELSE", "m"))  # another patient in PID
    receive_message(db, message(1, numbers[1], "m"))  # the right patient: no alarm
    assert db.last_changes.pump_reports_only
    board.show_changes(
        Changes(
            tuple(_pump(c.session_id) for c in board.chairs),
            frozenset({ChangeKind.PUMP_OBSERVATION}),
        )
    )
    judged = {c.chair: c.alert_codes for c in board.chairs}
    assert "pump_other_patient" in judged["Chair 1"]
    assert "pump_other_patient" not in judged["Chair 2"]
    monkeypatch.undo()
    board.reload()  # every chair read again: the same alarms
    assert {c.chair: c.alert_codes for c in board.chairs} == judged


def _pump(session_id: int) -> SessionChange:
    return SessionChange(session_id, None, frozenset({ChangeKind.PUMP_OBSERVATION}))
