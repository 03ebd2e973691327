"""Pump bindings, observations, the raw message log and allowed gateways. Never commits."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, union_all
from sqlalchemy.orm import Session, aliased

from nurse_monitor.storage.models import (
    InfusionSession,
    Patient,
    PumpBinding,
    PumpGateway,
    PumpMessageLog,
    PumpObservation,
)

# The listener's path runs as plain SQL statements on the unit of work's connection (no ORM
# objects, no ORM compile step): it runs once a message, 60 times a second at a busy centre.
_BINDINGS: Table = PumpBinding.__table__  # type: ignore[assignment]
_SESSIONS: Table = InfusionSession.__table__  # type: ignore[assignment]
_PATIENTS: Table = Patient.__table__  # type: ignore[assignment]
_OBSERVATIONS: Table = PumpObservation.__table__  # type: ignore[assignment]
_LOG: Table = PumpMessageLog.__table__  # type: ignore[assignment]
_BOUND_PUMPS = (
    select(_BINDINGS.c.pump_id, _BINDINGS.c.id, _BINDINGS.c.session_id, _PATIENTS.c.record_number)
    .join(_SESSIONS, _SESSIONS.c.id == _BINDINGS.c.session_id)
    .join(_PATIENTS, _PATIENTS.c.id == _SESSIONS.c.patient_id)
    .where(_BINDINGS.c.pump_id.in_(bindparam("pumps", expanding=True)))
    .where(_BINDINGS.c.unbound_at.is_(None))
    .order_by(_BINDINGS.c.id)
)
_ACCEPTED_BEFORE = select(_LOG.c.pump_id, _LOG.c.control_id).where(
    _LOG.c.pump_id.in_(bindparam("pumps", expanding=True)),
    _LOG.c.control_id.in_(bindparam("controls", expanding=True)),
    _LOG.c.ack_code == "AA",
)
_INSERT_OBSERVATION = insert(_OBSERVATIONS)
_INSERT_LOG_ENTRY = insert(_LOG)


def active_binding_for_pump(s: Session, pump_id: str) -> PumpBinding | None:
    query = select(PumpBinding).where(
        PumpBinding.pump_id == pump_id, PumpBinding.unbound_at.is_(None)
    )
    return s.scalars(query.order_by(PumpBinding.id.desc()).limit(1)).first()


def active_binding_for_session(s: Session, session_id: int) -> PumpBinding | None:
    query = select(PumpBinding).where(
        PumpBinding.session_id == session_id, PumpBinding.unbound_at.is_(None)
    )
    return s.scalars(query.order_by(PumpBinding.id.desc()).limit(1)).first()


def active_bindings_for_sessions(
    s: Session, session_ids: Collection[int]
) -> dict[int, PumpBinding]:
    """The pump bound now to each of these sessions, in one query (newest binding wins)."""
    if not session_ids:
        return {}
    query = (
        select(PumpBinding)
        .where(PumpBinding.session_id.in_(session_ids), PumpBinding.unbound_at.is_(None))
        .order_by(PumpBinding.id)
    )
    return {b.session_id: b for b in s.scalars(query)}


def bound_pumps(s: Session, pump_ids: Collection[str]) -> dict[str, tuple[int, int, str]]:
    """For each pump bound now: (binding id, session id, the session patient's record number),
    in one query."""
    if not pump_ids:
        return {}
    rows = s.connection().execute(_BOUND_PUMPS, {"pumps": list(pump_ids)})
    return {row[0]: (row[1], row[2], row[3]) for row in rows}


def accepted_before(
    s: Session, pump_ids: Collection[str], control_ids: Collection[str]
) -> set[tuple[str, str]]:
    """(pump, message control id) pairs already accepted: a resend is not kept twice."""
    if not pump_ids or not control_ids:
        return set()
    params = {"pumps": list(pump_ids), "controls": list(control_ids)}
    return {(row[0], row[1]) for row in s.connection().execute(_ACCEPTED_BEFORE, params)}


def insert_observations(s: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        s.connection().execute(_INSERT_OBSERVATION, rows)


def insert_log_entries(s: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        s.connection().execute(_INSERT_LOG_ENTRY, rows)


def add(s: Session, row: PumpBinding | PumpObservation | PumpMessageLog | PumpGateway) -> None:
    s.add(row)
    s.flush()


def observation_by_id(s: Session, observation_id: int) -> PumpObservation | None:
    return s.get(PumpObservation, observation_id)


def observations_for_session(
    s: Session, session_id: int, limit: int | None = None
) -> list[PumpObservation]:
    """Newest first."""
    query = (
        select(PumpObservation)
        .where(PumpObservation.session_id == session_id)
        .order_by(PumpObservation.received_at.desc(), PumpObservation.id.desc())
    )
    if limit is not None:
        query = query.limit(limit)
    return list(s.scalars(query))


def latest_reports_for_bindings(
    s: Session, bindings: Collection[tuple[int, int]]
) -> dict[int, list[PumpObservation]]:
    """`latest_reports` for many (session id, binding id) pairs in one query (the board's read
    when pumps spoke): by binding id, newest first."""
    if not bindings:
        return {}
    o = aliased(PumpObservation)
    binding_ids = [b for _, b in bindings]
    session_ids = [sid for sid, _ in bindings]
    newest = (
        select(o.id)
        .where(o.session_id == _BINDINGS.c.session_id, o.binding_id == _BINDINGS.c.id)
        .order_by(o.received_at.desc(), o.id.desc())
        .limit(1)
    )
    rated = newest.where(o.rate_ml_h.is_not(None))
    wanted = union_all(
        *(
            select(query.scalar_subquery()).where(_BINDINGS.c.id.in_(binding_ids))
            for query in (newest, rated)
        )
    ).subquery()
    query = (
        select(PumpObservation)
        .where(PumpObservation.session_id.in_(session_ids))
        .where(PumpObservation.id.in_(select(wanted.c[0])))
    )
    found: dict[int, list[PumpObservation]] = {}
    for row in s.scalars(query):
        found.setdefault(row.binding_id, []).append(row)
    for rows in found.values():
        rows.sort(key=lambda r: (r.received_at, r.id), reverse=True)
    return found


def log_entries(s: Session, limit: int = 100) -> list[PumpMessageLog]:
    query = select(PumpMessageLog).order_by(PumpMessageLog.id.desc()).limit(limit)
    return list(s.scalars(query))


def purge_log_before(s: Session, before: datetime) -> int:
    count = s.scalar(
        select(func.count()).select_from(PumpMessageLog).where(PumpMessageLog.received_at < before)
    )
    s.execute(delete(PumpMessageLog).where(PumpMessageLog.received_at < before))
    return int(count or 0)


def gateway_addresses(s: Session) -> list[str]:
    return list(s.scalars(select(PumpGateway.address).order_by(PumpGateway.address)))


def gateway(s: Session, address: str) -> PumpGateway | None:
    return s.scalars(select(PumpGateway).where(PumpGateway.address == address)).first()


OBSERVATION_LINE = (
    PumpObservation.received_at,
    PumpObservation.observed_at,
    PumpObservation.pump_id,
    PumpObservation.channel,
    PumpObservation.rate_ml_h,
    PumpObservation.current_rate_ml_h,
    PumpObservation.infusing,
    PumpObservation.event,
    PumpObservation.alarm,
    PumpObservation.patient_mismatch,
    PumpObservation.charted_by_id,
)
"""The columns a pump line of the record needs."""


def observation_lines(s: Session, session_id: int) -> list[Any]:
    """The columns the session's pump lines need, oldest first (one light query, no objects)."""
    o = PumpObservation
    query = (
        select(*OBSERVATION_LINE).where(o.session_id == session_id).order_by(o.received_at, o.id)
    )
    return list(s.execute(query))


def observation_lines_after(s: Session, session_id: int, after_id: int | None) -> list[Any]:
    """`observation_lines` with each row's id, only those kept after the row `after_id` (all
    when None): a workspace adds the pump's newest reports to the lines it holds."""
    o = PumpObservation
    query = select(*OBSERVATION_LINE, o.id).where(o.session_id == session_id)
    if after_id is not None:
        query = query.where(o.id > after_id)
    return list(s.execute(query.order_by(o.received_at, o.id)))
