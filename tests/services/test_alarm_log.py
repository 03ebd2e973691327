"""The alarm log: each episode written once, apart from the session (its version stays)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
from nurse_monitor.services.alarm_log import AlarmChange, alarm_log, log_alarm_changes
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.storage.append_only import AppendOnlyViolation
from nurse_monitor.storage.models import AlarmLogEntry
from tests.services.chair_walk import running_session
from tests.storage.conftest import Staff

MEDIUM = AlarmCondition(Priority.MEDIUM, ("news2_medium",), None)
HIGH = AlarmCondition(Priority.HIGH, ("news2_high",), None)


# The trigger refuses it, or first the runtime role's missing privilege (on PostgreSQL in CI).
REFUSED = "append-only|permission denied"


def test_each_episode_is_written_once_and_the_session_version_stays(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    version = chair_view(db, staff.nurse, session_id).session.version
    nurse = staff.nurse
    assert log_alarm_changes(db, nurse, [AlarmChange(session_id, "raised", MEDIUM)]) == 1
    # A restart (or a second station) raising the same open alarm writes nothing.
    assert log_alarm_changes(db, nurse, [AlarmChange(session_id, "raised", MEDIUM)]) == 0
    clock.advance(minutes=1)
    assert log_alarm_changes(db, nurse, [AlarmChange(session_id, "acknowledged", MEDIUM)]) == 1
    assert log_alarm_changes(db, nurse, [AlarmChange(session_id, "raised", MEDIUM)]) == 0
    assert log_alarm_changes(db, nurse, [AlarmChange(session_id, "raised", HIGH)]) == 1
    clock.advance(minutes=8)
    assert log_alarm_changes(db, nurse, [AlarmChange(session_id, "ended", HIGH)]) == 1
    assert log_alarm_changes(db, nurse, [AlarmChange(session_id, "ended", HIGH)]) == 0
    lines = alarm_log(db, nurse, session_id)
    assert [(x.what, x.priority, x.by) for x in lines] == [
        ("raised", "medium", ""),
        ("acknowledged", "medium", nurse.signature),
        ("raised", "high", ""),
        ("ended", "high", ""),
    ]
    view = chair_view(db, nurse, session_id)
    assert view.session.version == version
    assert view.alarm_log == lines


def test_the_alarm_log_is_append_only(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    log_alarm_changes(db, staff.nurse, [AlarmChange(session_id, "raised", MEDIUM)])
    with pytest.raises(AppendOnlyViolation), db.write() as s:
        entry = s.scalars(select(AlarmLogEntry)).one()
        entry.priority = "low"


def test_the_database_refuses_to_change_the_alarm_log(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    log_alarm_changes(db, staff.nurse, [AlarmChange(session_id, "raised", MEDIUM)])
    for statement in ("UPDATE alarm_log SET priority = 'low'", "DELETE FROM alarm_log"):
        with pytest.raises(Exception, match=REFUSED), db.write() as s:
            s.execute(text(statement))
    assert len(alarm_log(db, staff.nurse, session_id)) == 1
