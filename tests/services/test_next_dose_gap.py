"""After the first half of a split dose the next dose is the second half, 14 days on, with no
"not before" date: the course's 20-week minimum gap belongs to the next course.

The patient history read "18 Dec 2026 (not before 23 Apr 2027)" after infusion 1."""

from __future__ import annotations

from datetime import timedelta

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import review
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from tests.services.chair_walk import running_session
from tests.storage.conftest import Staff


def test_the_second_half_has_no_course_gap(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    running_session(db, staff.nurse, alice, clock)  # Ocrevus initial, infusion 1
    (due,) = review.patient_history(db, staff.nurse, alice.id).next_doses
    assert due.due_on == clock.now().astimezone().date() + timedelta(days=14)
    assert due.earliest_on is None
