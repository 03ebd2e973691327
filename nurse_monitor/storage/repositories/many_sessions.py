"""The rows of many sessions at once, one query per table, grouped by session (or patient).

The chair board reads every chair in use: one query per table for all of them instead of a dozen
per chair (40 chairs made 480 queries, most of the board's reload). Each function returns what
its one-session counterpart in `sessions`, `record`, `alarm_log`, `pump`, `patients` and
`protocol_copies` returns, in the same order, keyed by id; an id with no rows is absent.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from nurse_monitor.storage.models import (
    AlarmLogEntry,
    Amendment,
    DrugDiscontinuation,
    InfusionSession,
    Patient,
    PumpObservation,
    Reaction,
    SessionEvent,
    SessionProtocol,
    VitalSignReading,
)
from nurse_monitor.storage.repositories.pump import OBSERVATION_LINE

T = TypeVar("T")
R = TypeVar("R", SessionEvent, VitalSignReading)


def _grouped(rows: Any, key: str) -> dict[int, list[T]]:
    by_id: dict[int, list[T]] = {}
    for row in rows:
        by_id.setdefault(getattr(row, key), []).append(row)
    return by_id


def sessions_by_id(s: Session, session_ids: Collection[int]) -> dict[int, InfusionSession]:
    if not session_ids:
        return {}
    query = select(InfusionSession).where(InfusionSession.id.in_(session_ids))
    return {row.id: row for row in s.scalars(query)}


def events_after(s: Session, after: Mapping[int, int]) -> dict[int, list[SessionEvent]]:
    """Each session's events recorded after the event id given for it, in id order."""
    return _rows_after(s, SessionEvent, after)


def readings_after(s: Session, after: Mapping[int, int]) -> dict[int, list[VitalSignReading]]:
    """Each session's readings recorded after the reading id given for it, in id order."""
    return _rows_after(s, VitalSignReading, after)


def _rows_after(s: Session, model: type[R], after: Mapping[int, int]) -> dict[int, list[R]]:
    """Rows of an append-only table by session, after the id given for each session."""
    if not after:
        return {}
    newer = or_(*(and_(model.session_id == sid, model.id > last) for sid, last in after.items()))
    return _grouped(s.scalars(select(model).where(newer).order_by(model.id)), "session_id")


def amendments(s: Session, session_ids: Collection[int]) -> dict[int, list[Amendment]]:
    if not session_ids:
        return {}
    query = (
        select(Amendment)
        .where(Amendment.session_id.in_(session_ids))
        .order_by(Amendment.amended_at, Amendment.id)
    )
    return _grouped(s.scalars(query), "session_id")


def reactions(s: Session, session_ids: Collection[int]) -> dict[int, list[Reaction]]:
    if not session_ids:
        return {}
    query = select(Reaction).where(Reaction.session_id.in_(session_ids)).order_by(Reaction.onset_at)
    return _grouped(s.scalars(query), "session_id")


def alarm_log_entries(s: Session, session_ids: Collection[int]) -> dict[int, list[AlarmLogEntry]]:
    if not session_ids:
        return {}
    e = AlarmLogEntry
    query = select(e).where(e.session_id.in_(session_ids)).order_by(e.at, e.id)
    return _grouped(s.scalars(query), "session_id")


def observation_lines(s: Session, session_ids: Collection[int]) -> dict[int, list[Any]]:
    """The columns the sessions' pump lines need (pump.observation_lines), oldest first."""
    if not session_ids:
        return {}
    o = PumpObservation
    query = (
        select(o.session_id, *OBSERVATION_LINE)
        .where(o.session_id.in_(session_ids))
        .order_by(o.received_at, o.id)
    )
    return _grouped(s.execute(query), "session_id")


def protocol_copies(s: Session, session_ids: Collection[int]) -> dict[int, SessionProtocol]:
    if not session_ids:
        return {}
    query = select(SessionProtocol).where(SessionProtocol.session_id.in_(session_ids))
    return {row.session_id: row for row in s.scalars(query)}


def patients(s: Session, patient_ids: Collection[int]) -> dict[int, Patient]:
    if not patient_ids:
        return {}
    return {p.id: p for p in s.scalars(select(Patient).where(Patient.id.in_(patient_ids)))}


def discontinuations(
    s: Session, patient_ids: Collection[int]
) -> dict[int, list[DrugDiscontinuation]]:
    if not patient_ids:
        return {}
    d = DrugDiscontinuation
    query = select(d).where(d.patient_id.in_(patient_ids)).order_by(d.discontinued_at)
    return _grouped(s.scalars(query), "patient_id")


def started_doses(
    s: Session, patient_ids: Collection[int]
) -> dict[int, list[tuple[int, datetime, str, datetime]]]:
    """By patient: (session id, created at, protocol id, infusion start) of each session that
    started; `sessions.started_doses_before` picks from these the ones before a session."""
    if not patient_ids:
        return {}
    i = InfusionSession
    query = (
        select(i.patient_id, i.id, i.created_at, i.protocol_id, func.min(SessionEvent.occurred_at))
        .join(SessionEvent, SessionEvent.session_id == i.id)
        .where(i.patient_id.in_(patient_ids), SessionEvent.type == "infusion_started")
        .group_by(i.id, i.patient_id, i.created_at, i.protocol_id)
    )
    doses: dict[int, list[tuple[int, datetime, str, datetime]]] = {}
    for patient_id, session_id, created_at, protocol_id, started in s.execute(query):
        doses.setdefault(patient_id, []).append((session_id, created_at, protocol_id, started))
    return doses
