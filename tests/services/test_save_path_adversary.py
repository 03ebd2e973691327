"""The fast vitals save (services/record_tally.py, storage/chained_insert.py) tried against what
could make it step on from a stale record: another station's writes between two saves, a save that
fails half way, many stations at once, a clock that goes back. After each, the stored summary is
what a fresh pass over the whole record computes, the chain verifies, and the next save works."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import charting, reaction_actions
from nurse_monitor.services.amendments import amend_event
from nurse_monitor.services.chair_actions import infusion
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.errors import DatabaseUnavailable, InvalidInput, SessionChanged
from nurse_monitor.services.protocol_library import PinnedProtocolDamaged
from nurse_monitor.services.record_admin import verify_record
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_summary import compute_summary
from nurse_monitor.storage.repositories import sessions
from tests.storage.conftest import Staff

from .chair_walk import NORMAL_VITALS, running_session

UNWELL = {**NORMAL_VITALS, "heart_rate": 135, "respiratory_rate": 25, "spo2": 91}


def stored_equals_afresh(db: Database, session_id: int) -> dict[str, Any]:
    with db.read() as s:
        row = sessions.session_by_id(s, session_id)
        assert row is not None
        afresh = compute_summary(s, row).as_columns()
        assert {k: getattr(row, k) for k in afresh} == afresh
        return afresh


def intact(db: Database) -> None:
    report = verify_record(db)
    assert report.intact, report.summary()


def other_station(db: Database, clock: FakeClock) -> Database:
    return open_database(db.engine.url.render_as_string(hide_password=False), clock)


def saved(db: Database, nurse: Any, patient: PatientRecord, clock: FakeClock, saves: int) -> int:
    """A running session with `saves` readings five minutes apart (the last one's tally kept)."""
    session_id = running_session(db, nurse, patient, clock)
    for _ in range(saves):
        clock.advance(timedelta(minutes=5))
        chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    return session_id


def at_once(jobs: list[Callable[[], None]]) -> list[BaseException]:
    """Run each job on a thread of its own, all at the same moment; what they raised."""
    failures: list[BaseException] = []
    start = threading.Barrier(len(jobs))

    def run(job: Callable[[], None]) -> None:
        try:
            start.wait(timeout=10)
            job()
        except BaseException as error:  # reported to the test
            failures.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return failures


def whole_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One item for each save that reads the session's whole record (none stepped on)."""
    reads: list[int] = []
    read_whole = charting.session_rows

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return read_whole(*args, **kwargs)

    monkeypatch.setattr(charting, "session_rows", counted)
    return reads


def test_two_stations_alternating_every_kind_of_write_never_step_on_a_stale_record(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    other = other_station(db, clock)
    try:

        def vitals(station: Database, signs: dict[str, Any] = NORMAL_VITALS) -> int:
            clock.advance(timedelta(minutes=4))
            saved = chair.record_vitals(station, nurse, session_id, signs)
            stored_equals_afresh(db, session_id)
            return saved.id

        # Both stations hold a tally; each save of one makes the other's stale.
        for station in (db, other, db, other, db, db, other, other):
            vitals(station)
        high = vitals(db, UNWELL)
        vitals(db)
        # The other station amends the unwell reading, records a rate, a reaction, a snooze of
        # nothing (no version bump), each followed by a stepped-looking save on this station.
        amend_event(other, nurse, high, "heart_rate", 80, "typed into the wrong row")
        vitals(db)
        clock.advance(timedelta(minutes=1))
        chair.change_rate(other, nurse, session_id, 60, "titration")
        vitals(db)
        clock.advance(timedelta(minutes=1))
        reaction_actions.record_reaction(
            other, nurse, session_id, severity="mild", symptoms=["pruritus"], ctcae_grade=1
        )
        vitals(db)
        vitals(other)
        clock.advance(timedelta(minutes=1))
        reaction_actions.resolve_reaction(other, nurse, session_id, "Symptoms resolved")
        vitals(db)
        view = chair_view(other, nurse, session_id)
        clock.advance(timedelta(minutes=2))
        chair.end_infusion(
            other, nurse, session_id, round(view.status.volume_infused_ml, 1), "prescriber"
        )
        vitals(db)  # after the end: no volume runs on
        with charting.charting(other, nurse, session_id, None) as c:
            c.add("discharged", {})
        clock.advance(timedelta(minutes=1))
        with pytest.raises(InvalidInput) as refused:
            chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
        assert refused.value.detail == "nothing can be recorded after discharge"
    finally:
        other.close()
    stored_equals_afresh(db, session_id)
    intact(db)


@pytest.mark.parametrize(
    "failure",
    [
        InvalidInput("Heart rate", "refused half way"),
        DatabaseUnavailable("gone half way"),
        OperationalError("INSERT", {}, Exception("disk I/O error")),
    ],
    ids=["refused", "unavailable", "operational"],
)
def test_a_save_failing_after_its_event_is_written_keeps_nothing(
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
    failure: Exception,
) -> None:
    nurse = staff.nurse
    session_id = saved(db, nurse, alice, clock, 1)
    kept = db.tallies._kept[session_id]
    before = stored_equals_afresh(db, session_id)
    with db.read() as s:
        count = len(sessions.events_for_session(s, session_id))

    def fails(*_: Any) -> None:
        raise failure

    monkeypatch.setattr(infusion.session_repo, "add_reading", fails)
    clock.advance(timedelta(minutes=5))
    with pytest.raises((InvalidInput, DatabaseUnavailable)):
        chair.record_vitals(db, nurse, session_id, UNWELL)
    monkeypatch.undo()
    assert db.tallies._kept.get(session_id) in (kept, None), "a rolled-back save was kept"
    with db.read() as s:
        assert len(sessions.events_for_session(s, session_id)) == count
    assert stored_equals_afresh(db, session_id) == before
    intact(db)
    clock.advance(timedelta(minutes=1))
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    stored_equals_afresh(db, session_id)
    intact(db)


def test_a_save_whose_commit_fails_keeps_nothing(
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nurse = staff.nurse
    session_id = saved(db, nurse, alice, clock, 1)
    kept = db.tallies._kept[session_id]

    from nurse_monitor.services import session_summary

    original = session_summary.refresh_summary

    def stale(*args: Any, **kwargs: Any) -> Any:
        original(*args, **kwargs)
        from sqlalchemy.orm.exc import StaleDataError

        raise StaleDataError("moved")

    monkeypatch.setattr(charting, "refresh_summary", stale)
    clock.advance(timedelta(minutes=5))
    with pytest.raises(SessionChanged):
        chair.record_vitals(db, nurse, session_id, UNWELL)
    monkeypatch.undo()
    assert db.tallies._kept.get(session_id) is kept
    stored_equals_afresh(db, session_id)
    intact(db)
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    stored_equals_afresh(db, session_id)
    intact(db)


def test_a_clock_gone_back_and_entries_at_the_same_time(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    clock.advance(timedelta(minutes=10))
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    last = clock.now()
    clock.set(last - timedelta(minutes=30))  # the station's clock jumps back
    for signs in (UNWELL, NORMAL_VITALS):
        saved = chair.record_vitals(db, nurse, session_id, signs)
        assert saved.occurred_at == last  # timed no earlier than the newest entry
        stored_equals_afresh(db, session_id)
    clock.set(last + timedelta(minutes=5))
    same = clock.now()
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS, taken_at=same)
    chair.record_vitals(db, nurse, session_id, UNWELL, taken_at=same)
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS, taken_at=same - timedelta(minutes=1))
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS, taken_at=same)
    stored_equals_afresh(db, session_id)
    intact(db)


@pytest.mark.postgres
@pytest.mark.parametrize("shared", [False, True], ids=["stations", "threads of one station"])
def test_many_stations_at_once_leave_an_intact_chain_and_true_summaries(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, shared: bool
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("threads on one SQLite file serialise on its lock: PostgreSQL only")
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    clock.advance(timedelta(minutes=5))
    stations = [db if shared else other_station(db, clock) for _ in range(4)]

    def saves(station: Database) -> None:
        for n in range(6):
            chair.record_vitals(station, nurse, session_id, UNWELL if n % 3 else NORMAL_VITALS)

    try:
        failures = at_once([lambda st=st: saves(st) for st in stations])
    finally:
        for station in stations:
            if station is not db:
                station.close()
    assert not failures, failures
    stored_equals_afresh(db, session_id)
    with db.read() as s:
        readings = sessions.readings_for_session(s, session_id)
        assert len(readings) >= 24
    intact(db)
    clock.advance(timedelta(minutes=1))
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    stored_equals_afresh(db, session_id)
    intact(db)


def _tamper_pinned_copy(owner: Engine, session_id: int) -> None:
    """What only someone bypassing the record's guards can do: change a session's pinned copy."""
    with owner.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("DROP TRIGGER session_protocols_no_update")
        else:
            conn.exec_driver_sql(
                "ALTER TABLE session_protocols DISABLE TRIGGER session_protocols_no_change"
            )
        conn.execute(
            text(
                "UPDATE session_protocols SET content = replace(content, 'start = 30', "
                "'start = 60') WHERE session_id = :sid"
            ),
            {"sid": session_id},
        )


def test_a_pinned_copy_damaged_after_a_save_is_refused_at_the_next(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, owner_engine: Engine
) -> None:
    """As before the pinned copies were kept per station: a save on a session whose stored
    protocol no longer matches its hash is refused, on the station that saved before too."""
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    clock.advance(timedelta(minutes=5))
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)  # the copy read and kept
    _tamper_pinned_copy(owner_engine, session_id)
    with db.read() as s:
        count = len(sessions.events_for_session(s, session_id))
    other = other_station(db, clock)
    try:
        clock.advance(timedelta(minutes=5))
        with pytest.raises(PinnedProtocolDamaged):
            chair.record_vitals(other, nurse, session_id, NORMAL_VITALS)
    finally:
        other.close()
    with pytest.raises(PinnedProtocolDamaged):
        chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    with db.read() as s:
        assert len(sessions.events_for_session(s, session_id)) == count


@pytest.mark.postgres
def test_stations_stepping_their_own_sessions_at_once_chain_as_one(
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each station's saves step on from its own tally while the others write into the same
    chains at the same moment: every row chains onto the one committed before it."""
    from dataclasses import replace

    from nurse_monitor.services import patients
    from tests.plugins.databases import ALICE

    if db.engine.dialect.name != "postgresql":
        pytest.skip("threads on one SQLite file serialise on its lock: PostgreSQL only")
    nurse = staff.nurse
    people = [alice] + [
        patients.register_patient(
            db, nurse, replace(ALICE, record_number=f"MRN-20{n}", given_name=f"Ann{n}")
        )
        for n in range(3)
    ]
    ids = []
    for n, person in enumerate(people):
        ids.append(begin_running_in(db, nurse, person, clock, f"Chair {n + 1}"))
    clock.advance(timedelta(minutes=5))
    stations = [other_station(db, clock) for _ in ids]
    for station, session_id in zip(stations, ids, strict=True):
        chair.record_vitals(station, nurse, session_id, NORMAL_VITALS)  # a tally kept
    reads = whole_reads(monkeypatch)

    def saves(station: Database, session_id: int) -> None:
        for n in range(8):
            chair.record_vitals(station, nurse, session_id, UNWELL if n % 3 else NORMAL_VITALS)

    try:
        failures = at_once(
            [lambda st=st, sid=sid: saves(st, sid) for st, sid in zip(stations, ids, strict=True)]
        )
    finally:
        for station in stations:
            station.close()
    assert not failures, failures
    assert not reads, "the saves did not step on from their tallies"
    for session_id in ids:
        stored_equals_afresh(db, session_id)
    intact(db)


def begin_running_in(
    db: Database, nurse: Any, patient: PatientRecord, clock: FakeClock, chair_name: str
) -> int:
    from .chair_walk import initial_request, started

    when = clock.now()
    session = started(db, nurse, clock, initial_request(patient, chair=chair_name))
    clock.set(max(clock.now(), when))
    return session.id


@pytest.mark.parametrize("tamper", ["event changed", "reading changed", "newest removed"])
def test_a_stepped_save_s_rows_changed_or_removed_by_an_owner_are_found(
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    owner_engine: Engine,
    tamper: str,
) -> None:
    from tests.storage.test_record_chain import lift_guards

    nurse = staff.nurse
    saved(db, nurse, alice, clock, 3)  # stepped, written in Core
    intact(db)
    with owner_engine.begin() as conn:
        if tamper == "newest removed":  # the newest save: its reading, then its event
            for name in ("vital_sign_readings", "session_events"):
                lift_guards(conn, name)
                conn.exec_driver_sql(f"DELETE FROM {name} WHERE id = (SELECT max(id) FROM {name})")
        else:
            table, change = {
                "event changed": ("session_events", "recorded_by_id = recorded_by_id + 1"),
                "reading changed": ("vital_sign_readings", "heart_rate = heart_rate + 1"),
            }[tamper]
            lift_guards(conn, table)
            middle = conn.exec_driver_sql(f"SELECT max(id) - 1 FROM {table}").scalar_one()
            conn.exec_driver_sql(f"UPDATE {table} SET {change} WHERE id = {middle}")
    assert not verify_record(db).intact


def test_another_station_s_snooze_leaves_the_tally_standing_and_true(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, monkeypatch: Any
) -> None:
    """A snooze does not bump the version (by design): the next save still steps on, and what
    it stores is still what the whole record says (the snooze moves nothing it keeps)."""
    from nurse_monitor.services.alarms import snooze_alarm

    nurse = staff.nurse
    session_id = saved(db, nurse, alice, clock, 1)
    reads = whole_reads(monkeypatch)
    other = other_station(db, clock)
    try:
        for station in (other, db):
            clock.advance(timedelta(minutes=2))
            snooze_alarm(station, nurse, session_id, "vitals", 5, "patient asleep")
            clock.advance(timedelta(minutes=2))
            chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
            stored_equals_afresh(db, session_id)
    finally:
        other.close()
    assert not reads
    intact(db)


@pytest.mark.postgres
def test_a_connection_lost_half_way_through_a_stepped_save_keeps_nothing(
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The server drops the save's connection after its event is written: nothing is recorded,
    the tally is the last committed one's, the chain is intact and the next save works."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("a server connection to terminate: PostgreSQL only")
    nurse = staff.nurse
    session_id = saved(db, nurse, alice, clock, 1)
    kept = db.tallies._kept[session_id]
    before = stored_equals_afresh(db, session_id)
    add_reading = infusion.session_repo.add_reading

    def dropped(s: Any, reading: Any) -> Any:
        # The server ends the connection (as a restart or a network cut would).
        s.connection().exec_driver_sql("SELECT pg_terminate_backend(pg_backend_pid())")
        return add_reading(s, reading)

    monkeypatch.setattr(infusion.session_repo, "add_reading", dropped)
    clock.advance(timedelta(minutes=5))
    with pytest.raises(DatabaseUnavailable):
        chair.record_vitals(db, nurse, session_id, UNWELL)
    monkeypatch.undo()
    assert db.tallies._kept.get(session_id) is kept
    assert stored_equals_afresh(db, session_id) == before
    intact(db)
    chair.record_vitals(db, nurse, session_id, UNWELL)
    after = stored_equals_afresh(db, session_id)
    assert after["highest_news2"] is not None and after["highest_news2"] > (
        before["highest_news2"] or 0
    )
    intact(db)


def test_a_stepped_save_s_rows_cannot_be_removed_or_changed_through_the_orm(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    from nurse_monitor.storage.append_only import AppendOnlyViolation

    nurse = staff.nurse
    session_id = saved(db, nurse, alice, clock, 2)
    refused = pytest.raises(AppendOnlyViolation, match="not deleted")
    with refused, charting.charting(db, nurse, session_id, None) as c:
        written = c.add("vitals", dict(NORMAL_VITALS))
        c.s.delete(written)
    for change in ("delete event", "delete reading", "change reading"):
        with pytest.raises(AppendOnlyViolation), db.write() as s:
            reading = sessions.readings_for_session(s, session_id)[-1]
            if change == "delete event":
                s.delete(sessions.event_by_id(s, reading.event_id))
            elif change == "delete reading":
                s.delete(reading)
            else:
                reading.heart_rate = 200
    stored_equals_afresh(db, session_id)
    intact(db)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_random_walk_of_two_stations_keeps_every_summary_the_record_s(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, seed: int
) -> None:
    """Saves from two stations, some timed back or at the same moment as the last entry,
    premedications, rate changes, pauses, amended times: after every one the stored summary is
    the whole record's, and the chain verifies at the end."""
    import random

    rng = random.Random(seed)
    nurse = staff.nurse
    session_id = saved(db, nurse, alice, clock, 1)
    other = other_station(db, clock)
    written: list[int] = []
    paused = False
    refusals: list[str] = []
    try:
        for _ in range(30):
            station = rng.choice((db, db, other))
            clock.advance(timedelta(minutes=rng.choice((0, 1, 3))))
            back = timedelta(minutes=rng.choice((0, 0, 0, 2, 20)))
            roll = rng.random()
            try:
                if roll < 0.55:
                    signs = rng.choice((NORMAL_VITALS, UNWELL))
                    event = chair.record_vitals(
                        station, nurse, session_id, signs, taken_at=clock.now() - back
                    )
                    written.append(event.id)
                elif roll < 0.7:
                    chair.record_premedication(
                        station,
                        nurse,
                        session_id,
                        drug="paracetamol",
                        dose="1 g",
                        route="oral",
                        given_at=clock.now() - back,
                    )
                elif roll < 0.8:
                    if paused:
                        chair.resume_infusion(station, nurse, session_id, 30)
                    else:
                        chair.pause_infusion(station, nurse, session_id, "patient to the toilet")
                    paused = not paused
                elif roll < 0.9 and written:
                    when = clock.now() - timedelta(minutes=rng.choice((1, 5, 15)))
                    amend_event(
                        station, nurse, rng.choice(written), "occurred_at", when, "wrong time typed"
                    )
                else:
                    chair.change_rate(station, nurse, session_id, 30, "titration")
            except InvalidInput as refusal:  # nothing written: the summary check holds either way
                refusals.append(refusal.detail)
            stored_equals_afresh(db, session_id)
    finally:
        other.close()
    assert len(refusals) < 10, refusals
    intact(db)
