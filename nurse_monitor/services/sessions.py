"""Infusion sessions: plan one, record what happens (append-only events), read them back.

Every action that records an event goes through `services.charting` (one unit of work that
validates it, checks the session's version and appends it with `append`): there is one write
door, so two stations never silently overwrite each other.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.chair_occupancy import refuse_occupied_chair
from nurse_monitor.services.changes import ChangeKind, bumps_version, notes_of
from nurse_monitor.services.conversions import event_record, session_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound, SessionChanged
from nurse_monitor.services.records import EventRecord, SessionRecord
from nurse_monitor.storage.models import InfusionSession, SessionEvent
from nurse_monitor.storage.repositories import patients, session_version, sessions

ACTIVE_STATUSES = ("planned", "in_progress", "ended")
CLOSED_STATUSES = ("signed", "cosigned")


@dataclass(frozen=True)
class SessionPlan:
    """What the nurse enters to bind a session to a patient and a chair."""

    patient_id: int
    protocol_id: str
    infusion_number: int
    chair: str
    dose_mg: float
    bag_volume_ml: float | None = None
    lot_number: str | None = None
    lot_expiry: date | None = None
    weight_kg: float | None = None


def plan_session(db: Database, actor: Actor, plan: SessionPlan) -> SessionRecord:
    """Create a planned session for a patient at a chair."""
    require_role(actor, CHARTING, "chart an infusion", db)
    if not plan.chair.strip():
        raise InvalidInput("Chair", "must not be empty")
    if plan.infusion_number < 1:
        raise InvalidInput("Infusion number", "1 or more")
    if not math.isfinite(plan.dose_mg) or plan.dose_mg <= 0:
        raise InvalidInput("Dose", "more than 0 mg")
    if plan.bag_volume_ml is not None and not 0 < plan.bag_volume_ml < math.inf:
        raise InvalidInput("Bag volume", "more than 0 mL")
    now = db.clock.now()
    with db.write() as s:
        if patients.patient_by_id(s, plan.patient_id) is None:
            raise NotFound(f"no patient with id {plan.patient_id}")
        refuse_occupied_chair(s, plan.chair)
        row = sessions.add_session(
            s,
            InfusionSession(
                patient_id=plan.patient_id,
                protocol_id=plan.protocol_id,
                infusion_number=plan.infusion_number,
                chair=plan.chair.strip(),
                dose_mg=plan.dose_mg,
                bag_volume_ml=plan.bag_volume_ml,
                lot_number=plan.lot_number,
                lot_expiry=plan.lot_expiry,
                weight_kg=plan.weight_kg,
                status="planned",
                nurse_id=actor.user_id,
                created_at=now,
                needs_review=False,
            ),
        )
        write_audit(s, actor, "create", now, "session", row.id, chair=row.chair)
        return session_record(row)


def load_for_change(s: Session, session_id: int, expected_version: int | None) -> InfusionSession:
    """The session row, refused if missing, closed, or changed since the caller looked.

    The row is locked for the rest of the unit of work (SELECT ... FOR UPDATE on PostgreSQL;
    SQLite's BEGIN IMMEDIATE already serialises writers), so a second station waits and then
    sees the first one's change instead of failing an append that gave no version.
    """
    row = sessions.session_for_change(s, session_id)
    if row is None:
        raise NotFound(f"no session with id {session_id}")
    if expected_version is not None and row.version != expected_version:
        raise SessionChanged(
            f"Session {session_id} was changed at another station (version {row.version}, "
            f"you had {expected_version}). Nothing was saved; look at the latest record first."
        )
    if row.status in CLOSED_STATUSES:
        raise InvalidInput(
            "Session", "it is signed and can no longer be edited; record an amendment instead"
        )
    return row


def append(
    s: Session,
    row: InfusionSession,
    actor: Actor,
    event_type: str,
    occurred_at: datetime,
    recorded_at: datetime,
    payload: dict[str, Any],
) -> SessionEvent:
    """Add an event and bump the session's version, inside the caller's unit of work."""
    event = sessions.append_event(
        s,
        SessionEvent(
            session_id=row.id,
            type=event_type,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            recorded_by_id=actor.user_id,
            payload=payload,
        ),
    )
    # An event a co-signer reviews changes the session: the UPDATE bumps `version` WHERE
    # version = the old one, so a station that read an older version fails with SessionChanged
    # instead of overwriting. A snooze (and the other kinds `changes.VERSIONED_KINDS` leaves
    # out) is appended under the same row lock without a bump.
    if bumps_version(event_type):
        session_version.bump_version(s, row)
        notes_of(s).note(ChangeKind.SESSION, row.id)  # the row changed, as a flush notes it
    s.flush()  # anything the action added before (the event itself is written already)
    return event


def session_by_id(db: Database, actor: Actor, session_id: int) -> SessionRecord:
    require_role(actor, (*CHARTING,), "read sessions", db)
    with db.read() as s:
        row = sessions.session_by_id(s, session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        return session_record(row)


def session_events(db: Database, actor: Actor, session_id: int) -> list[EventRecord]:
    require_role(actor, (*CHARTING,), "read sessions", db)
    with db.read() as s:
        if sessions.session_by_id(s, session_id) is None:
            raise NotFound(f"no session with id {session_id}")
        return [event_record(e) for e in sessions.events_for_session(s, session_id)]
