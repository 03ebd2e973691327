"""A snooze holds due items only: an alarm from abnormal vital signs is refused, nothing written."""

from __future__ import annotations

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.alarms import snooze_alarm
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.storage.conftest import Staff


def snoozes(db: Database, staff: Staff, session_id: int) -> int:
    timeline = chair_view(db, staff.nurse, session_id).timeline
    return sum(1 for t in timeline if t.event.type == "alarm_snoozed")


def test_vital_sign_alarms_cannot_be_snoozed_due_items_can(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    snooze_alarm(db, staff.nurse, session_id, "vitals", 5, "patient asleep")
    assert snoozes(db, staff, session_id) == 1
    fever = {**NORMAL_VITALS, "temperature_c": 38.6}
    chair.record_vitals(db, staff.nurse, session_id, fever)
    with pytest.raises(InvalidInput, match="cannot be snoozed: it comes from fever"):
        snooze_alarm(db, staff.nurse, session_id, "vitals", 5, "patient asleep")
    assert snoozes(db, staff, session_id) == 1
