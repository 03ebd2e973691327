"""The session history: filtered, sorted pages of sessions in SQL, the session summary columns,
and bulk inserts for seeding large databases.

Every filter and sort here runs in the database against the summary columns of
`infusion_sessions` and their indexes; a page is a LIMIT/OFFSET slice, never the whole table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from nurse_monitor.storage.base import Base
from nurse_monitor.storage.models import AuditEntry, InfusionSession, Patient, User

SUMMARY_FIELDS = (
    "started_at",
    "ended_at",
    "duration_min",
    "volume_infused_ml",
    "highest_news2",
    "worst_grade",
    "amended",
)


@dataclass(frozen=True)
class HistoryCriteria:
    """Which sessions: every field left at its default matches every session."""

    created_from: datetime | None = None
    created_before: datetime | None = None
    patient_text: str = ""
    nurse_id: int | None = None
    protocol_ids: tuple[str, ...] | None = None
    min_grade: int | None = None
    statuses: tuple[str, ...] | None = None
    awaiting_cosign: bool = False


_S = InfusionSession
_STATUS_ORDER = case(
    {"planned": 0, "in_progress": 1, "ended": 2, "signed": 3, "cosigned": 4},
    value=_S.status,
    else_=5,
)
SORT_KEYS: dict[str, tuple[Any, ...]] = {
    "date": (_S.created_at,),
    "chair": (_S.chair,),
    "patient": (Patient.family_name, Patient.given_name),
    "record_number": (Patient.record_number,),
    "protocol": (_S.protocol_id,),
    "nurse": (User.full_name,),
    "duration": (_S.duration_min,),
    "volume": (_S.volume_infused_ml,),
    "news2": (_S.highest_news2,),
    "grade": (_S.worst_grade,),
    "status": (_STATUS_ORDER,),
    "amended": (_S.amended,),
}

HISTORY_COLUMNS = (
    _S.id,
    _S.version,
    _S.created_at,
    _S.chair,
    _S.patient_id,
    Patient.family_name,
    Patient.given_name,
    Patient.record_number,
    _S.protocol_id,
    _S.infusion_number,
    _S.nurse_id,
    User.full_name.label("nurse_name"),
    _S.started_at,
    _S.ended_at,
    _S.duration_min,
    _S.volume_infused_ml,
    _S.highest_news2,
    _S.worst_grade,
    _S.status,
    _S.needs_review,
    _S.amended,
)


def _conditions(c: HistoryCriteria) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if c.created_from is not None:
        where.append(_S.created_at >= c.created_from)
    if c.created_before is not None:
        where.append(_S.created_at < c.created_before)
    needle = c.patient_text.strip().lower()
    if needle:
        full_name = func.lower(Patient.given_name + " " + Patient.family_name)
        patients = select(Patient.id).where(
            or_(
                func.lower(Patient.record_number).startswith(needle, autoescape=True),
                func.lower(Patient.family_name).contains(needle, autoescape=True),
                func.lower(Patient.given_name).contains(needle, autoescape=True),
                full_name.contains(needle, autoescape=True),
            )
        )
        where.append(_S.patient_id.in_(patients))
    if c.nurse_id is not None:
        where.append(_S.nurse_id == c.nurse_id)
    if c.protocol_ids is not None:
        where.append(_S.protocol_id.in_(c.protocol_ids))
    if c.min_grade is not None:
        where.append(_S.worst_grade >= c.min_grade)
    if c.statuses is not None:
        where.append(_S.status.in_(c.statuses))
    if c.awaiting_cosign:
        where.append(
            or_(_S.status == "signed", and_(_S.status == "cosigned", _S.needs_review.is_(True)))
        )
    return where


def history_rows(
    s: Session,
    criteria: HistoryCriteria,
    sort_key: str,
    descending: bool,
    offset: int,
    limit: int,
) -> Sequence[Any]:
    """One page of sessions with their patient and nurse, in the order asked (ties by id)."""
    if sort_key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort_key!r}")
    # NULLs sort as "smallest" on both backends (SQLite's own rule, so its indexes still serve).
    order = [
        (col.desc().nulls_last() if descending else col.asc().nulls_first())
        for col in (*SORT_KEYS[sort_key], _S.id)
    ]
    query = (
        select(*HISTORY_COLUMNS)
        .join(Patient, Patient.id == _S.patient_id)
        .join(User, User.id == _S.nurse_id)
        .where(*_conditions(criteria))
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    return s.execute(query).all()


def history_count(s: Session, criteria: HistoryCriteria) -> int:
    query = select(func.count()).select_from(_S).where(*_conditions(criteria))
    return int(s.scalar(query) or 0)


def history_ids(s: Session, criteria: HistoryCriteria) -> list[int]:
    """Every matching session id (for exports of a whole filter), oldest first."""
    query = select(_S.id).where(*_conditions(criteria)).order_by(_S.created_at, _S.id)
    return list(s.scalars(query))


def write_summary(s: Session, row: InfusionSession, values: Mapping[str, Any]) -> None:
    """Store the session's summary columns without bumping its version counter.

    The summary only ever changes with an event or an amendment in the same unit of work, which
    already bumped the version; a second bump would refuse the station's next action for nothing.
    """
    changed = {k: v for k, v in values.items() if getattr(row, k) != v}
    unknown = set(values) - set(SUMMARY_FIELDS)
    if unknown:
        raise ValueError(f"not summary columns: {sorted(unknown)}")
    if not changed:
        return
    s.execute(update(_S).where(_S.id == row.id).values(**changed))
    for key, value in changed.items():
        set_committed_value(row, key, value)


def session_audit_entries(
    s: Session, session_id: int, event_ids: Iterable[int]
) -> list[AuditEntry]:
    """Audit entries about the session itself and about any of its events, oldest first."""
    ids = list(event_ids)
    about = and_(AuditEntry.record_type == "session", AuditEntry.record_id == session_id)
    if ids:
        about = or_(about, and_(AuditEntry.record_type == "event", AuditEntry.record_id.in_(ids)))
    query = select(AuditEntry).where(about).order_by(AuditEntry.at, AuditEntry.id)
    return list(s.scalars(query))


def bulk_insert(s: Session, model: type[Base], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert many rows in one executemany (seeding); ids are given by the caller."""
    if rows:
        s.execute(insert(model.__table__), list(rows))  # type: ignore[arg-type]


def highest_id(s: Session, model: type[Base]) -> int:
    table = model.__table__
    return int(s.scalar(select(func.max(table.c.id))) or 0)


def after_bulk_insert(s: Session, models: Sequence[type[Base]]) -> None:
    """Move PostgreSQL's id sequences past explicitly inserted ids, and refresh planner stats."""
    if s.get_bind().dialect.name == "postgresql":
        for model in models:
            name = model.__tablename__
            s.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"
                )
            )
        s.execute(text("ANALYZE"))
    else:
        s.execute(text("ANALYZE"))
