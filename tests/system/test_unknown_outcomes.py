"""A connection lost while the server commits: the nurse is told the truth, and a retry never
records twice (issue 16, defect 11), on SQLite and PostgreSQL.

The loss is real at the driver: on PostgreSQL the server commits, then the session's backend is
terminated from a superuser connection before the reply is read (`pg_terminate_backend`); on
SQLite the commit is made and the driver then raises, as a disk error after COMMIT would.
Every action goes through `StationOps.perform`, as a nurse's click does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import action_ids
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.action_ids import ActionRecorded, RecordedEarlier
from nurse_monitor.services.database import Database
from nurse_monitor.services.record_admin import verify_record
from nurse_monitor.storage.models import RecordedAction, VitalSignReading
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.station import Refusal, StationOps
from tests.plugins.databases import POSTGRES_URL, Staff
from tests.services.chair_walk import NORMAL_VITALS
from tests.storage.ledger_rows import one_row_in_each

LATER_VITALS = {**NORMAL_VITALS, "systolic": 131, "heart_rate": 80}


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> dialogs.RecordingDialogs:
    recording = dialogs.RecordingDialogs()
    monkeypatch.setattr(dialogs, "dialogs", recording)
    return recording


@pytest.fixture
def ops(qapp: Any, db: Database) -> Iterator[StationOps]:
    station_ops = StationOps(db)
    yield station_ops
    station_ops.detach()
    station_ops.deleteLater()


def readings(db: Database, session_id: int) -> int:
    with db.read() as s:
        found = s.scalar(
            select(func.count())
            .select_from(VitalSignReading)
            .where(VitalSignReading.session_id == session_id)
        )
    return int(found or 0)


def _lose_the_connection(db: Database, dbapi_connection: Any) -> None:
    """The server's connection goes away (the commit, if any, already happened)."""
    if db.engine.dialect.name == "sqlite":
        raise sqlite3.OperationalError("disk I/O error")
    raw = getattr(dbapi_connection, "dbapi_connection", dbapi_connection)  # psycopg's own
    pid = raw.info.backend_pid
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
    finally:
        admin.dispose()
    raw.execute("SELECT 1")  # raises: the server closed the connection


def commit_then_lose(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next commit reaches the server; its answer never comes back."""
    dialect = db.engine.dialect
    original: Callable[[Any], None] = dialect.do_commit

    def lose_after_commit(dbapi_connection: Any) -> None:
        monkeypatch.setattr(dialect, "do_commit", original)  # once
        original(dbapi_connection)
        _lose_the_connection(db, dbapi_connection)

    monkeypatch.setattr(dialect, "do_commit", lose_after_commit)


def lose_before_commit(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The connection drops just before the next COMMIT: nothing reaches the record."""
    dialect = db.engine.dialect
    original: Callable[[Any], None] = dialect.do_commit

    def lose_first(dbapi_connection: Any) -> None:
        monkeypatch.setattr(dialect, "do_commit", original)
        _lose_the_connection(db, dbapi_connection)

    monkeypatch.setattr(dialect, "do_commit", lose_first)


def test_a_reading_committed_as_the_connection_dropped_is_reported_recorded_and_a_retry_writes_nothing(  # noqa: E501
    db: Database,
    staff: Staff,
    ops: StationOps,
    shown: dialogs.RecordingDialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = one_row_in_each(db, staff)
    before = readings(db, session_id)
    commit_then_lose(db, monkeypatch)

    done, outcome = ops.perform(chair.record_vitals, staff.nurse, session_id, LATER_VITALS)

    assert done
    assert isinstance(outcome, RecordedEarlier)
    assert outcome.message == action_ids.RECORDED_AFTER_RECONNECT
    assert outcome.session_id == session_id
    assert ("info", "Recorded", action_ids.RECORDED_AFTER_RECONNECT) in shown.shown
    assert not any("Nothing was recorded" in text for _kind, _title, text in shown.shown)
    assert readings(db, session_id) == before + 1

    # The nurse, unsure, presses Save again: recognised, nothing written twice.
    done, again = ops.perform(chair.record_vitals, staff.nurse, session_id, LATER_VITALS)

    assert done
    assert isinstance(again, RecordedEarlier)
    assert again.message == action_ids.ALREADY_RECORDED
    assert readings(db, session_id) == before + 1
    assert verify_record(db).intact


def test_a_retry_while_the_outcome_was_unknown_is_recognised_once_the_record_is_back(
    db: Database,
    staff: Staff,
    ops: StationOps,
    shown: dialogs.RecordingDialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = one_row_in_each(db, staff)
    before = readings(db, session_id)
    refused: list[Refusal] = []
    ops.refused.connect(refused.append)
    commit_then_lose(db, monkeypatch)
    original_look_up = action_ids.look_up

    def still_unreachable(engine: Any, action_id: str) -> None:
        from sqlalchemy.exc import OperationalError

        raise OperationalError("SELECT", {}, Exception("connection refused"))

    monkeypatch.setattr(action_ids, "look_up", still_unreachable)

    done, outcome = ops.perform(chair.record_vitals, staff.nurse, session_id, LATER_VITALS)

    assert not done
    assert "it is not known" in outcome.message or "cannot be reached" in outcome.message
    assert "does not record it twice" in outcome.message
    assert refused and refused[-1].message == outcome.message

    monkeypatch.setattr(action_ids, "look_up", original_look_up)  # the record is back
    done, again = ops.perform(chair.record_vitals, staff.nurse, session_id, LATER_VITALS)

    assert done
    assert isinstance(again, RecordedEarlier)
    assert readings(db, session_id) == before + 1


def test_a_reading_lost_before_the_commit_is_reported_not_recorded_and_a_retry_records_it_once(
    db: Database,
    staff: Staff,
    ops: StationOps,
    shown: dialogs.RecordingDialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = one_row_in_each(db, staff)
    before = readings(db, session_id)
    lose_before_commit(db, monkeypatch)

    done, outcome = ops.perform(chair.record_vitals, staff.nurse, session_id, LATER_VITALS)

    assert not done
    assert isinstance(outcome, Refusal)
    assert outcome.message.startswith("Not recorded:")
    assert "try again" in outcome.message
    assert readings(db, session_id) == before

    done, again = ops.perform(chair.record_vitals, staff.nurse, session_id, LATER_VITALS)

    assert done
    assert not isinstance(again, RecordedEarlier)
    assert readings(db, session_id) == before + 1


def test_an_action_id_already_recorded_is_refused_by_the_database_itself(
    db: Database, staff: Staff
) -> None:
    session_id = one_row_in_each(db, staff)
    before = readings(db, session_id)
    action_id = action_ids.new_action_id()

    with db.actions.performing(action_id, "record_vitals", staff.nurse.user_id):
        chair.record_vitals(db, staff.nurse, session_id, LATER_VITALS)
    with (
        pytest.raises(ActionRecorded) as twice,
        db.actions.performing(action_id, "record_vitals", staff.nurse.user_id),
    ):
        chair.record_vitals(db, staff.nurse, session_id, LATER_VITALS)

    assert twice.value.message == action_ids.ALREADY_RECORDED
    assert readings(db, session_id) == before + 1
    with db.read() as s:
        kept = s.scalars(select(RecordedAction).where(RecordedAction.id == action_id)).all()
    assert [(row.action, row.user_id, row.session_id) for row in kept] == [
        ("record_vitals", staff.nurse.user_id, session_id)
    ]


def test_every_action_performed_carries_its_own_id(
    db: Database, staff: Staff, ops: StationOps
) -> None:
    session_id = one_row_in_each(db, staff)
    with db.read() as s:
        ids_before = set(s.scalars(select(RecordedAction.id)))

    ops.perform(chair.record_vitals, staff.nurse, session_id, LATER_VITALS)
    ops.perform(chair.record_vitals, staff.nurse, session_id, LATER_VITALS)

    with db.read() as s:
        new = set(s.scalars(select(RecordedAction.id))) - ids_before
    assert len(new) == 2  # the same reading entered twice on purpose is two actions
    assert readings(db, session_id) >= 3


def test_without_an_action_id_a_lost_commit_is_never_called_not_recorded(
    db: Database, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A direct call (no station, no id) cannot be looked up: the message says so."""
    session_id = one_row_in_each(db, staff)
    commit_then_lose(db, monkeypatch)

    with pytest.raises(action_ids.ConnectionLost) as lost:
        chair.record_vitals(db, staff.nurse, session_id, LATER_VITALS)

    assert "may or may not have been saved" in str(lost.value)
    assert "Nothing was recorded" not in str(lost.value)


def test_the_same_request_later_or_by_another_nurse_is_a_new_action_not_a_retry(
    db: Database,
    staff: Staff,
    ops: StationOps,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A retry is recognised within moments; the same values entered on purpose later, or by
    the nurse who took over, are recorded (the review found them swallowed as "already
    recorded" until some other action succeeded)."""
    session_id = one_row_in_each(db, staff)
    before = readings(db, session_id)
    commit_then_lose(db, monkeypatch)
    done, outcome = ops.perform(chair.record_vitals, staff.nurse, session_id, LATER_VITALS)
    assert done and isinstance(outcome, RecordedEarlier)

    done, by_charge = ops.perform(chair.record_vitals, staff.charge, session_id, LATER_VITALS)
    assert done and not isinstance(by_charge, RecordedEarlier)
    assert readings(db, session_id) == before + 2

    commit_then_lose(db, monkeypatch)
    done, outcome = ops.perform(chair.record_vitals, staff.nurse, session_id, LATER_VITALS)
    assert done and isinstance(outcome, RecordedEarlier)
    clock.advance(minutes=3)
    done, later = ops.perform(chair.record_vitals, staff.nurse, session_id, LATER_VITALS)
    assert done and not isinstance(later, RecordedEarlier)
    assert readings(db, session_id) == before + 4
