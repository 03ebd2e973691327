"""Which chairs are in use, and the refusal to book a second patient into one.

A chair holds one patient from the start of a session until it is signed (the observation
after the infusion included): the board then shows one row per chair, never two "Chair 1".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.storage.repositories import patients, sessions

# The same statuses the board lists (services.sessions.ACTIVE_STATUSES).
OCCUPYING_STATUSES = ("planned", "in_progress", "ended")


@dataclass(frozen=True)
class ChairInUse:
    chair: str
    patient: str  # "Morgan, Alice (MRN-100234)"
    since: datetime


def _patient_words(s: Session, patient_id: int) -> str:
    patient = patients.patient_by_id(s, patient_id)
    if patient is None:
        return "a patient"
    return f"{patient.family_name}, {patient.given_name} ({patient.record_number})"


def chairs_in_use(db: Database, actor: Actor) -> tuple[ChairInUse, ...]:
    """Every chair with an unsigned session, and who sits in it."""
    require_role(actor, CHARTING, "see the chairs")
    with db.read() as s:
        rows = sessions.sessions_with_status(s, OCCUPYING_STATUSES)
        return tuple(
            ChairInUse(r.chair, _patient_words(s, r.patient_id), r.created_at) for r in rows
        )


def refuse_occupied_chair(s: Session, chair: str) -> None:
    """Inside the unit of work that books `chair`: refuse it if another session holds it.

    Takes the chair-assignment lock first, so two stations booking at once are told in turn.
    """
    sessions.lock_chair_assignments(s)
    taken = sessions.sessions_at_chair(s, chair, OCCUPYING_STATUSES)
    if taken:
        row = taken[0]
        raise InvalidInput(
            "Chair",
            f"{row.chair} is in use: {_patient_words(s, row.patient_id)} is there. "
            "Choose a free chair, or finish and sign that session first",
        )
