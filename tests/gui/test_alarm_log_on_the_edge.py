"""Alarm log entries on the station's change edge (issue 13, "One edge for changes"): an entry
the board writes (raised, acknowledged, ended, a snooze's) names its session and the alarm log
kind, so an open workspace's timeline shows it at once; another station's entry arrives the
same way; and no entry bumps the session's version."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.alarm_log import AlarmChange, log_alarm_changes
from nurse_monitor.services.changes import ChangeKind, Changes
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.ui.review import handoff as handoff_module
from nurse_monitor.ui.review.handoff import HandoffView
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.gui.station_steps import open_station, open_workspace, station_at
from tests.gui.test_alarms_on_the_board import LOW_PRESSURE
from tests.gui.test_chair_board import three_chairs
from tests.services.chair_walk import NORMAL_VITALS
from tests.storage.conftest import Staff

HIGH = AlarmCondition(Priority.HIGH, ("news2_high",), None)


def timeline_texts(workspace: SessionWorkspace) -> list[str]:
    model = workspace.timeline.model
    return [model.data(model.index(r, 1)) for r in range(model.rowCount())]


def test_an_acknowledgement_on_the_board_is_on_the_open_workspaces_timeline_at_once(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock
) -> None:
    ids = three_chairs(db, staff, clock)
    window = open_station(qtbot, db, clock, staff.nurse)
    workspace = open_workspace(window, ids[0])
    board = window.board
    assert board is not None
    seen: list[Changes] = []
    window.station.ops.changed.connect(seen.append)
    clock.advance(minutes=1)
    chair.record_vitals(db, staff.nurse, ids[0], LOW_PRESSURE)  # the board raises it
    qtbot.waitUntil(lambda: "Alarm raised" in timeline_texts(workspace), timeout=2000)
    version = workspace.controller.view.session.version
    rows = range(board.model.rowCount())
    row = next(r for r in rows if board.model.chair_at(r).session_id == ids[0])
    board.table.selectRow(row)
    clock.advance(minutes=1)
    board.acknowledge_button.click()
    # Nothing else changed at this chair: the entry alone brings it to the timeline.
    qtbot.waitUntil(lambda: "Alarm acknowledged" in timeline_texts(workspace), timeout=2000)
    named = seen[-1].session(ids[0])
    assert named is not None and named.kinds == {ChangeKind.ALARM_LOG}
    assert workspace.controller.view.session.version == version  # the log bumps no version
    assert workspace.controller.view.alarm_log[-1].by == staff.nurse.signature


def test_another_stations_acknowledgement_never_fails_this_stations_next_save(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock
) -> None:
    ids = three_chairs(db, staff, clock)
    window = open_station(qtbot, db, clock, staff.nurse)
    workspace = open_workspace(window, ids[0])
    shown_version = workspace.controller.view.session.version
    ops = window.station.ops
    ops.watch_other_stations()
    ops.watch_timer.stop()  # the test looks itself
    other = open_database(db.engine.url.render_as_string(hide_password=False), clock)
    try:  # station A (another process on the same file) acknowledges this chair's alarm
        log_alarm_changes(other, staff.charge, [AlarmChange(ids[0], "raised", HIGH)])
        log_alarm_changes(other, staff.charge, [AlarmChange(ids[0], "acknowledged", HIGH)])
    finally:
        other.close()
    ops.look_at_other_stations()  # as the half-second watch does
    qtbot.waitUntil(lambda: "Alarm acknowledged" in timeline_texts(workspace), timeout=2000)
    assert workspace.controller.view.session.version == shown_version
    # Station B saves over the version it showed before A's entries: not refused.
    clock.advance(minutes=1)
    assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    assert workspace.controller.view.session.version == shown_version + 1


def test_the_handoff_lets_an_alarm_log_entry_pass_and_reads_a_save(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = three_chairs(db, staff, clock)
    station = station_at(db, staff.nurse, clock)
    handoff = HandoffView(station)
    qtbot.addWidget(handoff)
    station.ops.changed.connect(handoff.show_changes)
    reads: list[object] = []
    read = handoff_module.chair_summaries

    def counted(*args: object) -> object:
        reads.append(args)
        return read(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(handoff_module, "chair_summaries", counted)
    log_alarm_changes(db, staff.nurse, [AlarmChange(ids[0], "raised", HIGH)])
    assert reads == []  # nothing the handoff shows
    clock.advance(minutes=1)
    chair.record_vitals(db, staff.nurse, ids[0], NORMAL_VITALS)
    assert len(reads) == 1
