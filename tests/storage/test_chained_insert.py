"""Rows written at once in Core (`storage/chained_insert.py`) keep every guarantee of the flush
they skip: the chain verifies (mixed with rows the flush wrote, in one unit of work and across
several), a value no database may hold is refused before anything is written, the row is the
unit of work's persistent object (the append-only guard refuses a change to it), and the change
the commit announces names it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.changes import ChangeKind
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.record_admin import verify_record
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.sessions import append, load_for_change
from nurse_monitor.storage.append_only import AppendOnlyViolation
from nurse_monitor.storage.models import SessionEvent
from nurse_monitor.storage.repositories import sessions
from tests.services.chair_walk import NORMAL_VITALS, running_session

from .conftest import Staff


def test_rows_written_at_once_and_by_the_flush_form_one_intact_chain(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    for _ in range(3):
        clock.advance(timedelta(minutes=5))
        chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    # One unit of work mixing both: an audit entry and an event left for the flush, then an
    # event written at once (which must come after them in the chain).
    with db.write() as s:
        row = load_for_change(s, session_id, None)
        write_audit(s, nurse, "view", clock.now(), "session", session_id)
        s.add(
            SessionEvent(
                session_id=session_id,
                type="note",
                occurred_at=clock.now(),
                recorded_at=clock.now(),
                recorded_by_id=nurse.user_id,
                payload={"text": "left for the flush"},
            )
        )
        written = append(s, row, nurse, "note", clock.now(), clock.now(), {"text": "at once"})
        flushed = [e for e in sessions.events_for_session(s, session_id) if e.id != written.id]
        assert written.id > max(e.id for e in flushed)
    changes = db.last_changes
    assert changes.session(session_id) is not None
    report = verify_record(db)
    assert report.intact, report.summary()
    assert report.rows["vital_sign_readings"] >= 3


def test_a_reading_names_what_it_wrote_and_moves_the_version_once(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    with db.read() as s:
        before = sessions.session_by_id(s, session_id)
        assert before is not None
        version = before.version
    clock.advance(timedelta(minutes=5))
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS, expected_version=version)
    change = db.last_changes.session(session_id)
    assert change is not None
    assert change.version == version + 1
    assert ChangeKind.READING in change.kinds and ChangeKind.SESSION in change.kinds
    with db.read() as s:
        after = sessions.session_by_id(s, session_id)
        assert after is not None and after.version == version + 1


def test_an_unstorable_value_is_refused_before_anything_is_written(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    with db.read() as s:
        count = len(sessions.events_for_session(s, session_id))
    with pytest.raises(InvalidInput, match="NUL"), db.write() as s:
        row = load_for_change(s, session_id, None)
        append(s, row, nurse, "note", clock.now(), clock.now(), {"text": "a\x00b"})
    with db.read() as s:
        assert len(sessions.events_for_session(s, session_id)) == count
    assert verify_record(db).intact


def test_a_row_written_at_once_cannot_be_changed_in_its_unit_of_work(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    nurse: Actor = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    with pytest.raises(AppendOnlyViolation), db.write() as s:
        row = load_for_change(s, session_id, None)
        written = append(s, row, nurse, "note", clock.now(), clock.now(), {"text": "first"})
        written.payload = {"text": "changed"}
        s.flush()
    assert verify_record(db).intact
