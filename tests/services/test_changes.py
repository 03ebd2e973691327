"""Every committed write says what it changed; which kinds bump the version is decided once."""

from __future__ import annotations

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.alarms import snooze_alarm
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.changes import ChangeKind, Changes, bumps_version
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from tests.storage.conftest import Staff

from .chair_walk import NORMAL_VITALS, running_session


def test_a_reading_names_its_session_new_version_and_kinds(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    heard: list[Changes] = []
    db.add_change_listener(heard.append)
    before = chair_view(db, staff.nurse, session_id).session.version

    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)

    assert len(heard) == 1
    change = heard[0].session(session_id)
    assert change is not None
    assert change.version == before + 1
    assert ChangeKind.READING in heard[0].kinds
    assert ChangeKind.READING in change.kinds
    assert db.last_changes == heard[0]


def test_a_snooze_is_on_the_record_without_bumping_the_version(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    version = chair_view(db, staff.nurse, session_id).session.version

    snooze_alarm(db, staff.charge, session_id, "vitals", 5, "patient in the bathroom")

    change = db.last_changes.session(session_id)
    # The snooze's entry on the timeline and its line in the alarm log: neither bumps.
    assert change is not None and change.kinds == {ChangeKind.SNOOZE, ChangeKind.ALARM_LOG}
    assert change.version == version
    # The nurse's save with the version she was showing still goes through.
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS, expected_version=version)


def test_a_refused_action_announces_nothing(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    heard: list[Changes] = []
    db.add_change_listener(heard.append)
    with pytest.raises(InvalidInput):
        chair.change_rate(db, staff.nurse, session_id, 9999, "titration")
    assert heard == []


def test_the_versioned_kinds_are_the_ones_a_co_signer_reviews() -> None:
    assert bumps_version("vitals") and bumps_version("rate_changed")
    assert bumps_version("session_signed") and bumps_version("reaction")
    assert not bumps_version("alarm_snoozed")


def test_a_notify_payload_reads_back_and_garbage_means_everything() -> None:
    sent = Changes(kinds=frozenset({ChangeKind.PATIENT}))
    back = Changes.from_json(sent.as_json())
    assert back.kinds == sent.kinds and back.elsewhere and not back.everything
    assert Changes.from_json("{not json").everything


def test_a_failing_listener_never_makes_a_committed_action_look_failed(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, caplog
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)

    def broken(_changes: Changes) -> None:
        raise RuntimeError("a screen fell over")

    db.add_change_listener(broken)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)  # does not raise
    assert len(chair_view(db, staff.nurse, session_id).readings) == 2
    assert "a change listener failed" in caplog.text
