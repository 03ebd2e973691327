"""Infusion sessions, their append-only events, vital-sign readings and reactions.

There is deliberately no function here that updates or deletes an event.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.orm import Session

from nurse_monitor.storage.chained_insert import insert_row
from nurse_monitor.storage.models import (
    Amendment,
    InfusionSession,
    Reaction,
    SessionEvent,
    VitalSignReading,
)
from nurse_monitor.storage.sql_hints import unlikely

# The statements every save and every reload of a chair runs, built once with bound parameters
# (building one and its cache key took about 70 microseconds of a save's each time).
_SESSION: BindParameter[int] = bindparam("session_id")
_AFTER: BindParameter[int] = bindparam("after_id")
_NEWEST_EVENT_TIME = select(func.max(SessionEvent.occurred_at)).where(
    SessionEvent.session_id == _SESSION
)
_EVENTS_AFTER = (
    select(SessionEvent)
    .where(SessionEvent.session_id == _SESSION, SessionEvent.id > _AFTER)
    .order_by(SessionEvent.id)
)
_READINGS_AFTER = (
    select(VitalSignReading)
    .where(VitalSignReading.session_id == _SESSION, VitalSignReading.id > _AFTER)
    .order_by(VitalSignReading.id)
)
_STARTED_DOSES_BEFORE = (
    select(InfusionSession.protocol_id, func.min(SessionEvent.occurred_at))
    .join(SessionEvent, SessionEvent.session_id == InfusionSession.id)
    .where(
        InfusionSession.patient_id == bindparam("patient_id"),
        InfusionSession.created_at < bindparam("created_before"),
        InfusionSession.id != bindparam("except_id"),
        SessionEvent.type == "infusion_started",
    )
    .group_by(InfusionSession.id, InfusionSession.protocol_id)
)
_HIGHEST_NEWS2 = select(func.max(VitalSignReading.news2_total)).where(
    VitalSignReading.session_id == _SESSION
)
_WORST_GRADE = select(func.max(Reaction.ctcae_grade)).where(Reaction.session_id == _SESSION)
# The three figures of the summary a save cannot compute from what it wrote, in one statement.
_SUMMARY_COUNTS = select(
    _HIGHEST_NEWS2.scalar_subquery(),
    _WORST_GRADE.scalar_subquery(),
    select(Amendment.id).where(Amendment.session_id == _SESSION).limit(1).exists(),
)
_REACTIONS = select(Reaction).where(Reaction.session_id == _SESSION).order_by(Reaction.onset_at)


def add_session(s: Session, session: InfusionSession) -> InfusionSession:
    s.add(session)
    s.flush()
    return session


def session_by_id(s: Session, session_id: int) -> InfusionSession | None:
    return s.get(InfusionSession, session_id)


_FOR_CHANGE = (
    select(InfusionSession)
    .where(InfusionSession.id == _SESSION)
    .with_for_update()
    .execution_options(populate_existing=True)
)


def session_for_change(s: Session, session_id: int) -> InfusionSession | None:
    """The session, locked until the unit of work ends (FOR UPDATE; SQLite ignores it)."""
    return s.execute(_FOR_CHANGE, {"session_id": session_id}).scalar_one_or_none()


def sessions_for_patient(s: Session, patient_id: int) -> list[InfusionSession]:
    query = (
        select(InfusionSession)
        .where(InfusionSession.patient_id == patient_id)
        .order_by(InfusionSession.created_at)
    )
    return list(s.scalars(query))


def sessions_with_status(s: Session, statuses: Sequence[str]) -> list[InfusionSession]:
    # Sorted here, not in SQL: ORDER BY chair would make SQLite scan every session instead of
    # using the status index (88 ms against 0.05 ms over 100,000 sessions). And `unlikely`:
    # after ANALYZE, SQLite's statistics spread the rows evenly over the five statuses and it
    # scanned the table (15 ms) though nearly every session is signed and a handful are open.
    query = select(InfusionSession).where(unlikely(InfusionSession.status.in_(statuses)))
    return sorted(s.scalars(query), key=lambda r: (r.chair, r.id))


def append_event(s: Session, event: SessionEvent) -> SessionEvent:
    """Write the event now (its id known), without a flush of the unit of work."""
    insert_row(s, event)
    return event


def events_for_session(s: Session, session_id: int) -> list[SessionEvent]:
    """The session's events in the order they happened (ties broken by the order recorded)."""
    query = (
        select(SessionEvent)
        .where(SessionEvent.session_id == session_id)
        .order_by(SessionEvent.occurred_at, SessionEvent.id)
    )
    return list(s.scalars(query))


def newest_event_time(s: Session, session_id: int) -> datetime | None:
    """When the session's latest entry happened (None before the first)."""
    return s.scalar(_NEWEST_EVENT_TIME, {"session_id": session_id})


def events_after(s: Session, session_id: int, after_id: int) -> list[SessionEvent]:
    """The session's events recorded after event `after_id` (events are append-only)."""
    return list(s.scalars(_EVENTS_AFTER, {"session_id": session_id, "after_id": after_id}))


def event_by_id(s: Session, event_id: int) -> SessionEvent | None:
    return s.get(SessionEvent, event_id)


def add_reading(s: Session, reading: VitalSignReading) -> VitalSignReading:
    """Write the reading now (its id known), without a flush of the unit of work."""
    insert_row(s, reading)
    return reading


def readings_for_session(s: Session, session_id: int) -> list[VitalSignReading]:
    query = (
        select(VitalSignReading)
        .where(VitalSignReading.session_id == session_id)
        .order_by(VitalSignReading.taken_at, VitalSignReading.id)
    )
    return list(s.scalars(query))


def readings_after(s: Session, session_id: int, after_id: int) -> list[VitalSignReading]:
    """The session's readings recorded after reading `after_id` (readings are never changed)."""
    return list(s.scalars(_READINGS_AFTER, {"session_id": session_id, "after_id": after_id}))


def started_sessions_before(
    s: Session, patient_id: int, created_before: datetime, except_id: int
) -> list[str]:
    """Protocol ids of the patient's earlier sessions that recorded an infusion start."""
    started = (
        select(SessionEvent.id)
        .where(SessionEvent.session_id == InfusionSession.id)
        .where(SessionEvent.type == "infusion_started")
        .exists()
    )
    query = select(InfusionSession.protocol_id).where(
        InfusionSession.patient_id == patient_id,
        InfusionSession.created_at < created_before,
        InfusionSession.id != except_id,
        started,
    )
    return list(s.scalars(query))


def started_doses_before(
    s: Session, patient_id: int, created_before: datetime, except_id: int
) -> list[tuple[str, datetime]]:
    """(protocol id, infusion start) of the patient's earlier sessions that started."""
    found = s.execute(
        _STARTED_DOSES_BEFORE,
        {"patient_id": patient_id, "created_before": created_before, "except_id": except_id},
    )
    return [(protocol_id, started) for protocol_id, started in found]


def summary_counts(s: Session, session_id: int) -> tuple[int | None, int | None, bool]:
    """The session's highest NEWS2, worst reaction grade and whether anything was amended."""
    found = s.execute(_SUMMARY_COUNTS, {"session_id": session_id}).one()
    return found[0], found[1], bool(found[2])


def add_reaction(s: Session, reaction: Reaction) -> Reaction:
    s.add(reaction)
    s.flush()
    return reaction


def reactions_for_session(s: Session, session_id: int) -> list[Reaction]:
    return list(s.scalars(_REACTIONS, {"session_id": session_id}))


# Any fixed number serves: every transaction that assigns a chair takes this one advisory lock.
CHAIR_ASSIGNMENT_LOCK = 1_703_172_001


def lock_chair_assignments(s: Session) -> None:
    """Serialise "is this chair free? then take it" across stations until the unit of work ends.

    SQLite's BEGIN IMMEDIATE already serialises writers. PostgreSQL's READ COMMITTED would let
    two stations both find a chair free and both book it (FOR UPDATE cannot lock a row that does
    not exist yet), so a transaction-scoped advisory lock does it there.
    """
    if s.get_bind().dialect.name == "postgresql":
        s.execute(select(func.pg_advisory_xact_lock(CHAIR_ASSIGNMENT_LOCK)))


def sessions_at_chair(s: Session, chair: str, statuses: Sequence[str]) -> list[InfusionSession]:
    """Sessions with one of `statuses` whose chair is `chair`, ignoring case and outer spaces."""
    query = select(InfusionSession).where(
        unlikely(InfusionSession.status.in_(statuses)),
        func.lower(func.trim(InfusionSession.chair)) == chair.strip().lower(),
    )
    return list(s.scalars(query))
