"""The board reads every chair at once (session_reads.BoardReads, one query per table): what it
shows must be exactly what each chair read alone shows, from a cold cache and a warm one.

The demo record is the fixture: chairs infusing, in a reaction, in observation and waiting, with
pumps bound and reporting, a year of finished sessions; added here, a chair for a patient with
earlier doses, an amended entry and an alarm log entry.
"""

from __future__ import annotations

from nurse_monitor.clock import FakeClock
from nurse_monitor.demo.seed import seed_demo
from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.alarm_log import AlarmChange, log_alarm_changes
from nurse_monitor.services.amendments import amend_event
from nurse_monitor.services.chair_board import board_order, chair_summaries, chair_summary
from nurse_monitor.services.chair_view import OPEN_STATUSES, ChairView, build_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.patients import find_patients
from nurse_monitor.services.record_cache import RecordCache
from nurse_monitor.services.session_reads import BoardReads
from nurse_monitor.storage.repositories import sessions

from .chair_walk import NORMAL_VITALS, begin_initial


def each_alone(db: Database) -> list[ChairView]:
    """Every open session read on its own and whole (no cache, per-session queries)."""
    with db.read() as s:
        now = db.clock.now()
        return [build_view(s, r, now) for r in sessions.sessions_with_status(s, OPEN_STATUSES)]


def all_at_once(db: Database, cache: RecordCache) -> list[ChairView]:
    with db.read() as s:
        rows = sessions.sessions_with_status(s, OPEN_STATUSES)
        reads = BoardReads(s, rows, cache)
        return [build_view(s, r, db.clock.now(), reads=reads) for r in rows]


def demo_record(db: Database) -> Actor:
    """The demo's chairs, and a fifth for a patient of its history (earlier doses)."""
    nurse = seed_demo(db)
    (patient,) = find_patients(db, nurse, "MRN-300009")
    begin_initial(db, nurse, patient, "Chair 9", "course resumed early", "Dr Example")
    return nurse


def test_every_chair_read_at_once_equals_each_read_alone_and_summarised_alike(
    db: Database, clock: FakeClock
) -> None:
    nurse = demo_record(db)
    cache = RecordCache()
    views = all_at_once(db, cache)
    assert views == each_alone(db)
    assert len(views) == 5
    assert any(v.pump_log for v in views)
    assert any(v.reactions for v in views)
    assert any(v.facts.previous_dose_at is not None for v in views)

    # An amended reading, an alarm logged, a new reading: the warm cache reads only these.
    running = next(v for v in views if v.status.started_at is not None and v.readings)
    vitals = next(t for t in reversed(running.timeline) if t.event.type == "vitals")
    amend_event(db, nurse, vitals.event.id, "heart_rate", 121, "typed the wrong value")
    alarm = AlarmCondition(Priority.MEDIUM, ("vitals_overdue",), None)
    log_alarm_changes(db, nurse, [AlarmChange(running.session.id, "raised", alarm)])
    clock.advance(minutes=5)
    chair.record_vitals(db, nurse, views[-1].session.id, NORMAL_VITALS)

    again = all_at_once(db, cache)
    assert again == each_alone(db)
    amended = next(v for v in again if v.session.id == running.session.id)
    assert amended.alarm_log and amended.alarm_log[-1].what == "raised"
    assert any(r.heart_rate == 121 for r in amended.readings)

    # The board's summaries (through the database's own cache) are each chair's alone.
    board = chair_summaries(db, nurse)
    alone = [chair_summary(db, nurse, v.session.id) for v in again]
    assert board == board_order([c for c in alone if c is not None], clock.now())
