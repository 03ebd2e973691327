"""The chair board: order by what is due, alarms that escalate and repeat, snooze, restart."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.alarm_priority import Priority
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.patients import NewPatient, register_patient
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.board.chair_board import ChairBoard
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.station import Station
from tests.services.chair_walk import NO_CONCERNS, NORMAL_VITALS, begin_initial
from tests.storage.conftest import Staff


def three_chairs(db: Database, staff: Staff, clock: FakeClock) -> list[int]:
    """Three patients prepared together, started 5 minutes apart, nothing due yet."""
    ids = []
    people = (("Ames", "Chair 5"), ("Baker", "Chair 2"), ("Cole", "Chair 7"))
    for n, (family, chair_name) in enumerate(people):
        patient = register_patient(
            db, staff.nurse, NewPatient(f"MRN-20{n}", family, "Pat", date(1980, 1, 1 + n), "female")
        )
        session = begin_initial(db, staff.nurse, patient, chair_name)
        chair.record_screening(db, staff.nurse, session.id, NO_CONCERNS, {})
        chair.record_iv_access(
            db,
            staff.nurse,
            session.id,
            site="forearm",
            side="left",
            gauge=22,
            attempts=1,
            placed_by="me",
        )
        for drug, dose in (("methylprednisolone", "100 mg"), ("diphenhydramine", "50 mg")):
            chair.record_premedication(
                db, staff.nurse, session.id, drug=drug, dose=dose, route="IV"
            )
        chair.verify_drug(
            db, staff.nurse, session.id, lot_number="H0123B", expiry=date(2027, 1, 31)
        )
        ids.append(session.id)
    clock.advance(minutes=30)
    for n, session_id in enumerate(ids):
        if n:
            clock.advance(minutes=5)
        chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
        chair.start_infusion(db, staff.nurse, session_id, 30)
    return ids


def board_for(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences: Preferences,
    chime: RecordingChime,
    notifier: RecordingNotifier,
) -> ChairBoard:
    board = ChairBoard(Station(db, clock, preferences, staff.nurse), chime, notifier)
    qtbot.addWidget(board)
    return board


def chairs_in_order(board: ChairBoard) -> list[str]:
    return [board.model.chair_at(row).chair for row in range(board.model.rowCount())]


def test_the_board_orders_itself_by_due_time_and_follows_the_clock(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
) -> None:
    ids = three_chairs(db, staff, clock)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    # Started Ames, then Baker, then Cole: vital signs due in that order, none due yet.
    assert chairs_in_order(board) == ["Chair 5", "Chair 2", "Chair 7"]
    assert set(board.alarms.values()) == {None}
    due = board.model.chair_at(0).next_due
    assert due is not None and due.kind == "vitals"
    countdown_before = board.model.data(board.model.index(0, 8))
    clock.advance(seconds=60)  # the countdown is in whole minutes ("due in 5 min")
    board.tick()
    assert board.model.data(board.model.index(0, 8)) != countdown_before

    # Ames's vital signs fall due and are recorded: Ames moves behind the others.
    clock.set(due.due_at + timedelta(seconds=10))
    board.tick()
    assert board.alarms[ids[0]].priority is Priority.LOW
    chair.record_vitals(db, staff.nurse, ids[0], NORMAL_VITALS)
    board.reload()
    assert chairs_in_order(board) == ["Chair 2", "Chair 7", "Chair 5"]
    assert board.model.chair_at(2).next_due.kind == "rate_step"


def test_a_due_item_is_low_then_medium_once_overdue_with_its_sound(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
) -> None:
    preferences.overdue_after_minutes = 3  # overdue before the next chair's item falls due
    ids = three_chairs(db, staff, clock)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    first = chair_view(db, staff.nurse, ids[0]).status.vitals_due_at
    assert first is not None
    clock.set(first - timedelta(seconds=1))
    board.tick()
    assert board.alarms[ids[0]] is None and chime.played == []
    assert not board.banner.isVisible() and board.banner.text() == ""

    clock.set(first)
    board.tick()
    assert board.alarms[ids[0]].priority is Priority.LOW
    assert board.model.data(board.model.index(0, 0)) == "▲ Low: vital signs due"
    assert chime.played == [("low", 70)] and notifier.shown == []
    clock.advance(minutes=2, seconds=8)
    board.tick()
    # An amber "due" row never says "overdue": the one rule, the one wording.
    assert board.model.data(board.model.index(0, 8)) == "due now"
    assert chime.played == [("low", 70)]  # a low alarm sounds once

    clock.set(first + timedelta(minutes=preferences.overdue_after_minutes))
    board.tick()
    assert board.alarms[ids[0]].priority is Priority.MEDIUM
    assert board.model.data(board.model.index(0, 0)) == "▲▲ Medium: vital signs overdue"
    assert board.model.data(board.model.index(0, 8)) == "overdue 3 min"
    assert chime.played[-1] == ("medium", 70) and len(notifier.shown) == 1
    assert "Chair 5" in notifier.shown[0][1]
    assert f"(due {first.astimezone():%H:%M})" in board.banner.text()
    for _ in range(24):
        clock.advance(seconds=1)
        board.tick()
    assert len(chime.played) == 2
    clock.advance(seconds=1)
    board.tick()
    assert chime.played[-1] == ("medium", 70) and len(chime.played) == 3  # every 25 s

    # Muted: a medium alarm is silent, and the board says so.
    board.mute_button.click()
    assert "muted until" in board.mute_label.text()
    for _ in range(60):
        clock.advance(seconds=1)
        board.tick()
    assert len(chime.played) == 3

    # Doing the item ends the alarm, and the banner shows it no more.
    chair.record_vitals(db, staff.nurse, ids[0], NORMAL_VITALS)
    board.reload()
    assert board.alarms[ids[0]] is None
    assert "Chair 5" not in board.banner.text()


def test_snooze_records_its_reason_and_holds_the_alarm(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences,
    chime,
    notifier,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = three_chairs(db, staff, clock)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    first = chair_view(db, staff.nurse, ids[0]).status.vitals_due_at
    clock.set(first + timedelta(minutes=6))
    board.reload()
    assert board.alarms[ids[0]].priority is Priority.MEDIUM
    recording = dialogs.RecordingDialogs(text_answers=["patient in the bathroom"])
    monkeypatch.setattr(dialogs, "dialogs", recording)
    board.table.selectRow(0)
    board.snooze_button.click()
    assert board.alarms[ids[0]] is None
    snoozes = [
        t for t in chair_view(db, staff.nurse, ids[0]).timeline if t.event.type == "alarm_snoozed"
    ]
    assert snoozes[0].payload["reason"] == "patient in the bathroom"
    assert snoozes[0].by == "Ana Nurse, RN"
    trail = audit_trail(db, staff.charge)
    assert any(e.action == "alarm_snooze" and e.record_id == ids[0] for e in trail)
    clock.advance(minutes=5)
    board.reload()
    assert board.alarms[ids[0]].priority is Priority.MEDIUM  # the snooze ended: back


def test_a_restart_restores_the_same_board(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences,
    chime,
    notifier,
    tmp_path: Path,
) -> None:
    ids = three_chairs(db, staff, clock)
    clock.advance(minutes=20)
    before = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    rows = [[before.model.data(before.model.index(r, c)) for c in range(11)] for r in range(3)]
    again = open_database(sqlite_url_for(db.status.file), clock)
    try:
        after = board_for(
            qtbot, again, staff, clock, preferences, RecordingChime(), RecordingNotifier()
        )
        assert [
            [after.model.data(after.model.index(r, c)) for c in range(11)] for r in range(3)
        ] == rows
        assert {after.model.chair_at(r).session_id for r in range(3)} == set(ids)
    finally:
        again.close()
