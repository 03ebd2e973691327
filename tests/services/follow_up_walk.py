"""Signed sessions for the follow-up tests: through the real chair actions, on the test clock."""

from __future__ import annotations

from datetime import timedelta

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_carry import DelayedAnswer
from nurse_monitor.services.records import PatientRecord, SessionRecord
from nurse_monitor.services.session_start import begin_session
from tests.storage.conftest import Staff

from .chair_walk import initial_request, started
from .test_review import finish


def signed_session(
    db: Database,
    staff: Staff,
    patient: PatientRecord,
    clock: FakeClock,
    *,
    infusion_number: int = 1,
    reaction: bool = False,
    delayed: DelayedAnswer | None = None,
) -> int:
    """An initial-dose Ocrevus infusion (1 or 2) begun at the clock's time, signed."""
    request = initial_request(patient, infusion_number=infusion_number)
    session = started(db, staff.nurse, clock, request, 30, delayed=delayed)
    if reaction:
        clock.advance(timedelta(minutes=20))
        reactions.record_reaction(
            db, staff.nurse, session.id, severity="mild", symptoms=["pruritus"], ctcae_grade=1
        )
        reactions.apply_reaction_action(db, staff.nurse, session.id)
        clock.advance(timedelta(minutes=30))
        reactions.resolve_reaction(db, staff.nurse, session.id, "settled")
    finish(db, staff, clock, session.id, 260)
    return session.id


def begin_ocrevus(
    db: Database, staff: Staff, patient: PatientRecord, infusion_number: int, chair: str = "Chair 3"
) -> SessionRecord:
    """An initial-dose Ocrevus session (infusion 1 or 2) begun at the clock's time."""
    request = initial_request(patient, infusion_number=infusion_number, chair=chair)
    return begin_session(db, staff.nurse, request)
