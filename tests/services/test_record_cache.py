"""The record cache: a reload through it shows exactly what a whole fresh read shows.

Every test compares `chair_view` (through the database's cache) with `build_view` reading the
whole session from scratch in its own transaction, after changes the cache must notice: another
station's entries, back-timed readings, amendments, a write that rolled back.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.amendments import amend_event
from nurse_monitor.services.chair_view import ChairView, build_view, chair_view
from nurse_monitor.services.charting import charting
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.storage.repositories import sessions
from tests.storage.conftest import Staff

from .chair_walk import NORMAL_VITALS, running_session


def fresh_view(db: Database, session_id: int) -> ChairView:
    """The session read whole, parsed from scratch (no cache)."""
    with db.read() as s:
        row = sessions.session_by_id(s, session_id)
        assert row is not None
        return build_view(s, row, db.clock.now())


def test_reload_through_the_cache_equals_a_whole_read(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    for _ in range(5):
        clock.advance(minutes=15)
        chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
        assert chair_view(db, staff.nurse, session_id) == fresh_view(db, session_id)
    # A reading typed now but taken twenty minutes ago lands before the last one in time order.
    clock.advance(minutes=12)
    chair.record_vitals(
        db,
        staff.nurse,
        session_id,
        {**NORMAL_VITALS, "heart_rate": 101},
        taken_at=clock.now() - timedelta(minutes=20),
    )
    view = chair_view(db, staff.nurse, session_id)
    assert view == fresh_view(db, session_id)
    assert [r.heart_rate for r in view.readings][-2:] == [101, NORMAL_VITALS["heart_rate"]]


def test_an_amendment_shows_in_the_cached_view_and_in_the_engine(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    clock.advance(minutes=15)
    reading = chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    before = chair_view(db, staff.nurse, session_id)
    assert before.readings[-1].heart_rate == NORMAL_VITALS["heart_rate"]
    amend_event(db, staff.nurse, reading.id, "heart_rate", 118, "typed the wrong value")
    after = chair_view(db, staff.nurse, session_id)
    assert after == fresh_view(db, session_id)
    assert after.readings[-1].heart_rate == 118
    assert after.readings[-1].parameter_scores["heart_rate"] > 0
    # The stored event keeps the original; the timeline shows the amended payload beside it.
    entry = next(t for t in after.timeline if t.event.id == reading.id)
    assert entry.event.payload["heart_rate"] == NORMAL_VITALS["heart_rate"]
    assert entry.payload["heart_rate"] == 118


def test_another_stations_entries_are_read_on_the_next_reload(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, database_url: str
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    chair_view(db, staff.nurse, session_id)  # this station now holds the session's rows
    other = open_database(database_url, clock)
    try:
        clock.advance(minutes=30)  # the first rate step of the initial dose is due
        chair.record_vitals(other, staff.charge, session_id, {**NORMAL_VITALS, "spo2": 93})
        chair.change_rate(other, staff.charge, session_id, 60, "Protocol step")
    finally:
        other.close()
    view = chair_view(db, staff.nurse, session_id)
    assert view == fresh_view(db, session_id)
    assert view.readings[-1].spo2 == 93
    assert view.status.rate_ml_h == 60


def test_a_write_that_rolls_back_leaves_nothing_in_the_cache(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    before = chair_view(db, staff.nurse, session_id)
    clock.advance(minutes=5)
    with pytest.raises(InvalidInput), charting(db, staff.nurse, session_id, None) as c:
        c.add("rate_changed", {"rate_ml_h": 40})  # flushed inside the transaction...
        c.view()  # ...and read back through the cache inside it
        c.add("rate_changed", {"rate_ml_h": 9999})  # refused: the whole action rolls back
    after = chair_view(db, staff.nurse, session_id)
    assert after == fresh_view(db, session_id)
    assert [t.event.id for t in after.timeline] == [t.event.id for t in before.timeline]
    assert after.status.rate_ml_h == before.status.rate_ml_h


def test_a_reaction_and_its_resolution_read_the_same_both_ways(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    clock.advance(minutes=20)
    chair_view(db, staff.nurse, session_id)
    reactions.record_reaction(
        db, staff.nurse, session_id, severity="mild", symptoms=["pruritus"], ctcae_grade=1
    )
    assert chair_view(db, staff.nurse, session_id) == fresh_view(db, session_id)
    clock.advance(minutes=1)
    reactions.apply_reaction_action(db, staff.nurse, session_id)
    clock.advance(minutes=15)
    reactions.resolve_reaction(db, staff.nurse, session_id, "Symptoms resolved")
    view = chair_view(db, staff.nurse, session_id)
    assert view == fresh_view(db, session_id)
    assert view.reactions[-1].resolved_at is not None


def test_writes_with_no_read_between_keep_the_cache_true(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    """Each committed write hands the cache what it read; the next write and the next read
    start from there and must still see every row (a reading back-timed among them)."""
    session_id = running_session(db, staff.nurse, alice, clock)
    for minutes in (15, 15, 15):
        clock.advance(minutes=minutes)
        chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    chair.record_vitals(
        db,
        staff.nurse,
        session_id,
        {**NORMAL_VITALS, "respiratory_rate": 22},
        taken_at=clock.now() - timedelta(minutes=20),
    )
    clock.advance(minutes=30)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    chair.change_rate(db, staff.nurse, session_id, 60, "Protocol step")
    view = chair_view(db, staff.nurse, session_id)
    assert view == fresh_view(db, session_id)
    assert len(view.readings) == 6  # baseline, three, the back-timed one, the last
    assert [r.respiratory_rate for r in view.readings].count(22) == 1
    assert view.status.rate_ml_h == 60
