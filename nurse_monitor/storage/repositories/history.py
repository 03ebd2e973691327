"""The session history: filtered, sorted pages of sessions in SQL, the session summary columns,
and bulk inserts for seeding large databases.

Every filter and sort here runs in the database against the summary columns of
`infusion_sessions` and their indexes; a page is a LIMIT/OFFSET slice, never the whole table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    Row,
    Select,
    Table,
    and_,
    bindparam,
    case,
    func,
    insert,
    or_,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from nurse_monitor.storage import record_chain
from nurse_monitor.storage.base import Base, UTCDateTime
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
    session_ids: tuple[int, ...] | None = None  # only these sessions (None: no such filter)


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


class _ListedUTCDateTime(UTCDateTime):
    """`UTCDateTime` read in one step on SQLite, for the history's many rows.

    SQLite keeps naive UTC text; `datetime.fromisoformat(text + "+00:00")` is the same aware UTC
    value that `UTCDateTime` makes in two steps (parse, then `replace(tzinfo=UTC)`), at about a
    fifth of the cost. Text that already carries a zone, or anything else, takes the usual path.
    """

    cache_ok = True

    def result_processor(
        self, dialect: Dialect, coltype: Any
    ) -> Callable[[Any], datetime | None] | None:
        usual = super().result_processor(dialect, coltype)
        if dialect.name != "sqlite" or usual is None:
            return usual
        parse = datetime.fromisoformat

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            try:
                return parse(value + "+00:00")
            except (TypeError, ValueError):
                return usual(value)

        return process


def _listed(column: Any) -> Any:
    return type_coerce(column, _ListedUTCDateTime()).label(column.key)


# The order `history_rows` returns them in (the service reads them by position).
HISTORY_COLUMNS = (
    _S.id,
    _S.version,
    _listed(_S.created_at),
    _S.chair,
    _S.patient_id,
    Patient.family_name,
    Patient.given_name,
    Patient.record_number,
    _S.protocol_id,
    _S.infusion_number,
    _S.nurse_id,
    User.full_name.label("nurse_name"),
    _listed(_S.started_at),
    _listed(_S.ended_at),
    _S.duration_min,
    _S.volume_infused_ml,
    _S.highest_news2,
    _S.worst_grade,
    _S.status,
    _S.needs_review,
    _S.amended,
)


# A query's SQL depends only on which filters are in use, never on their values: each shape of
# query is built once, with bound parameters, and then only executed (SQLAlchemy keeps its
# compiled form). Building and keying a fresh statement cost more than SQLite's answer to most
# filters. The LIKE patterns escape with "/", as `contains(..., autoescape=True)` does.
_LIKE_ESCAPE = "/"
_AWAITING_COSIGN = "awaiting_cosign"  # a filter without a value: in the shape, not a parameter


def _parameters(c: HistoryCriteria) -> dict[str, Any]:
    """The values of the filters in use, by parameter name (the names make the shape)."""
    values: dict[str, Any] = {}
    if c.created_from is not None:
        values["created_from"] = c.created_from
    if c.created_before is not None:
        values["created_before"] = c.created_before
    needle = c.patient_text.strip().lower()
    if needle:
        e = _LIKE_ESCAPE
        literal = needle.replace(e, e + e).replace("%", e + "%").replace("_", e + "_")
        values["text_starts"] = f"{literal}%"
        values["text_within"] = f"%{literal}%"
    if c.nurse_id is not None:
        values["nurse_id"] = c.nurse_id
    if c.protocol_ids is not None:
        _in_list(values, "protocol_ids", c.protocol_ids)
    if c.min_grade is not None:
        values["min_grade"] = c.min_grade
    if c.statuses is not None:
        _in_list(values, "statuses", c.statuses)
    if c.session_ids is not None:
        values["session_ids"] = list(c.session_ids)
    return values


# An IN list of a few values (a status, a drug's protocols) takes one parameter per value, so
# its statement is run as compiled; an "expanding" parameter has its SQL rewritten at every
# execution (0.02 ms of the history page's 0.5). Longer or empty lists still expand. Ours.
_FIXED_IN_AT_MOST = 8


def _in_list(values: dict[str, Any], name: str, items: Sequence[Any]) -> None:
    if 1 <= len(items) <= _FIXED_IN_AT_MOST:
        values.update((f"{name}_{i}", item) for i, item in enumerate(items))
    else:
        values[name] = list(items)


def _in_condition(column: Any, shape: frozenset[str], name: str) -> ColumnElement[bool] | None:
    """`column IN` the list `_in_list` put in the parameters as `name`, if any."""
    if name in shape:
        return column.in_(bindparam(name, expanding=True))  # type: ignore[no-any-return]
    fixed = [f"{name}_{i}" for i in range(_FIXED_IN_AT_MOST) if f"{name}_{i}" in shape]
    return column.in_([bindparam(k) for k in fixed]) if fixed else None


def _shape(c: HistoryCriteria, values: Mapping[str, Any]) -> frozenset[str]:
    return frozenset((*values, _AWAITING_COSIGN) if c.awaiting_cosign else values)


def _conditions(shape: frozenset[str]) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if "created_from" in shape:
        where.append(_S.created_at >= bindparam("created_from"))
    if "created_before" in shape:
        where.append(_S.created_at < bindparam("created_before"))
    if "text_starts" in shape:
        starts: BindParameter[str] = bindparam("text_starts")
        within: BindParameter[str] = bindparam("text_within")
        full_name = func.lower(Patient.given_name + " " + Patient.family_name)
        patients = select(Patient.id).where(
            or_(
                func.lower(Patient.record_number).like(starts, escape=_LIKE_ESCAPE),
                func.lower(Patient.family_name).like(within, escape=_LIKE_ESCAPE),
                func.lower(Patient.given_name).like(within, escape=_LIKE_ESCAPE),
                full_name.like(within, escape=_LIKE_ESCAPE),
            )
        )
        where.append(_S.patient_id.in_(patients))
    if "nurse_id" in shape:
        where.append(_S.nurse_id == bindparam("nurse_id"))
    protocols = _in_condition(_S.protocol_id, shape, "protocol_ids")
    if protocols is not None:
        where.append(protocols)
    if "min_grade" in shape:
        where.append(_S.worst_grade >= bindparam("min_grade"))
    statuses = _in_condition(_S.status, shape, "statuses")
    if statuses is not None:
        where.append(statuses)
    if "session_ids" in shape:
        where.append(_S.id.in_(bindparam("session_ids", expanding=True)))
    if _AWAITING_COSIGN in shape:
        where.append(
            or_(_S.status == "signed", and_(_S.status == "cosigned", _S.needs_review.is_(True)))
        )
    return where


@lru_cache(maxsize=256)
def _rows_query(shape: frozenset[str], sort_key: str, descending: bool) -> Select[Any]:
    # NULLs sort as "smallest" on both backends (SQLite's own rule, so its indexes still serve).
    order = [
        (col.desc().nulls_last() if descending else col.asc().nulls_first())
        for col in (*SORT_KEYS[sort_key], _S.id)
    ]
    return (
        select(*HISTORY_COLUMNS)
        .join(Patient, Patient.id == _S.patient_id)
        .join(User, User.id == _S.nurse_id)
        .where(*_conditions(shape))
        .order_by(*order)
        .offset(bindparam("offset", type_=Integer))
        .limit(bindparam("limit", type_=Integer))
    )


@lru_cache(maxsize=256)
def _count_query(shape: frozenset[str]) -> Select[Any]:
    return select(func.count()).select_from(_S).where(*_conditions(shape))


def history_rows(
    s: Session | Connection,
    criteria: HistoryCriteria,
    sort_key: str,
    descending: bool,
    offset: int,
    limit: int,
) -> Sequence[Row[Any]]:
    """One page of sessions with their patient and nurse, in the order asked (ties by id).

    Each row holds the values of `HISTORY_COLUMNS`, in that order.
    """
    if sort_key not in SORT_KEYS:
        raise ValueError(f"unknown sort key {sort_key!r}")
    values = _parameters(criteria)
    query = _rows_query(_shape(criteria, values), sort_key, descending)
    values["offset"], values["limit"] = offset, limit
    return _connection(s).execute(query, values).all()


def history_count(s: Session | Connection, criteria: HistoryCriteria) -> int:
    values = _parameters(criteria)
    query = _count_query(_shape(criteria, values))
    return int(_connection(s).execute(query, values).scalar_one())


def history_ids(s: Session, criteria: HistoryCriteria) -> list[int]:
    """Every matching session id (for exports of a whole filter), oldest first."""
    values = _parameters(criteria)
    where = _conditions(_shape(criteria, values))
    query = select(_S.id).where(*where).order_by(_S.created_at, _S.id)
    return list(s.scalars(query, values))


def _connection(s: Session | Connection) -> Connection:
    """The connection (a session's, in its transaction) for plain Core rows (no ORM loading)."""
    if isinstance(s, Connection):
        return s
    s.flush()  # what the session's own execute would do first; nothing to write in a read
    return s.connection()


_SESSIONS: Table = _S.__table__  # type: ignore[assignment]
_WRITE_SUMMARY = update(_SESSIONS).where(_SESSIONS.c.id == bindparam("summary_of"))


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
    # Core, not the ORM's bulk UPDATE (which first looks for the row in the unit of work); the
    # SET clause is the changed columns' (compiled once for each set of them).
    s.connection().execute(_WRITE_SUMMARY, {**changed, "summary_of": row.id})
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
    """Insert many rows in one executemany (seeding); ids are given by the caller, and rows of
    a chained table get their place in the record chain (storage.record_chain)."""
    if rows:
        chained = record_chain.chain_rows(s, model.__tablename__, rows)
        s.execute(insert(model.__table__), chained)  # type: ignore[arg-type]


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


def count_finished(s: Session) -> int:
    """Signed or co-signed sessions."""
    query = (
        select(func.count())
        .select_from(InfusionSession)
        .where(InfusionSession.status.in_(("signed", "cosigned")))
    )
    return int(s.scalar(query) or 0)
