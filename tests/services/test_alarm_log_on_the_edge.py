"""Another station's alarm log entry reaches this station's change edge named (PostgreSQL's
NOTIFY, heard by the station feed's listener), and never bumps the session's version."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
from nurse_monitor.services import alarm_log as alarm_log_module
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.alarm_log import AlarmChange, log_alarm_changes
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.changes import ChangeKind, Changes
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.station_feed import NotifyListener
from nurse_monitor.services.view_update import KeptView
from nurse_monitor.storage.models import InfusionSession
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.services.test_pump_ingest_path import bound_chairs, message
from tests.storage.conftest import Staff

HIGH = AlarmCondition(Priority.HIGH, ("news2_high",), None)


def test_an_acknowledgement_at_station_a_never_fails_station_bs_next_save(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    shown = chair_view(db, staff.nurse, session_id).session.version
    other = open_database(db.engine.url.render_as_string(hide_password=False), clock)
    try:
        log_alarm_changes(other, staff.charge, [AlarmChange(session_id, "raised", HIGH)])
        log_alarm_changes(other, staff.charge, [AlarmChange(session_id, "acknowledged", HIGH)])
    finally:
        other.close()
    clock.advance(minutes=1)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS, expected_version=shown)
    assert chair_view(db, staff.nurse, session_id).session.version == shown + 1


def test_another_stations_alarm_log_entry_is_heard_named(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("NOTIFY is PostgreSQL's; a SQLite file's watch cannot name a change")
    session_id = running_session(db, staff.nurse, alice, clock)
    heard: list[Changes] = []
    arrived = threading.Event()

    def hear(changes: Changes) -> None:
        heard.append(changes)
        arrived.set()

    listener = NotifyListener(db, hear)
    listener.start()
    other = open_database(db.engine.url.render_as_string(hide_password=False), clock)
    try:
        assert listener.ready.wait(10)
        log_alarm_changes(other, staff.charge, [AlarmChange(session_id, "acknowledged", HIGH)])
        assert arrived.wait(10)
    finally:
        other.close()
        listener.stop()
    named = heard[-1].session(session_id)
    assert heard[-1].elsewhere and not heard[-1].everything
    assert named is not None and named.kinds == {ChangeKind.ALARM_LOG}


def test_a_change_naming_no_alarm_log_entry_leaves_the_log_unread(
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    log_alarm_changes(db, staff.nurse, [AlarmChange(session_id, "raised", HIGH)])
    kept = KeptView(chair_view(db, staff.nurse, session_id))
    read = alarm_log_module.log_lines

    def counted(*args: object) -> object:
        reads.append(args)
        return read(*args)  # type: ignore[arg-type]

    reads: list[object] = []
    monkeypatch.setattr(alarm_log_module, "log_lines", counted)
    clock.advance(minutes=1)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    assert kept.hear(db, staff.nurse, db.last_changes)
    assert reads == []  # a reading: the log kept
    clock.advance(minutes=1)
    log_alarm_changes(db, staff.nurse, [AlarmChange(session_id, "acknowledged", HIGH)])
    assert kept.hear(db, staff.nurse, db.last_changes)
    assert len(reads) == 1  # an entry: the log read again
    assert kept.view == chair_view(db, staff.nurse, session_id)


def test_another_chairs_pump_reports_and_alarms_leave_this_chairs_light_updates_light(
    db: Database, staff: Staff, clock: FakeClock
) -> None:
    numbers = bound_chairs(db, staff, clock, 2)
    with db.read() as s:
        first, second = sorted(s.scalars(select(InfusionSession.id)))
    kept = KeptView(chair_view(db, staff.nurse, first))
    receive_message(db, message(1, numbers[1], "other"))  # the other chair's pump
    assert db.last_changes.pump_reports_only
    assert not kept.hear(db, staff.nurse, db.last_changes)
    log_alarm_changes(db, staff.nurse, [AlarmChange(second, "raised", HIGH)])
    assert not kept.hear(db, staff.nurse, db.last_changes)
    receive_message(db, message(0, numbers[0], "mine"))
    assert kept.take_pump_reports(db, staff.nurse, db.last_changes)  # still the light way
    log_alarm_changes(db, staff.nurse, [AlarmChange(first, "raised", HIGH)])
    assert kept.take_alarm_log(db, staff.nurse, db.last_changes)
    assert kept.view == chair_view(db, staff.nurse, first)
