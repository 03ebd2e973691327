"""The alarm log: append and read (never change)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Connection, Row, bindparam, select
from sqlalchemy.orm import Session

from nurse_monitor.storage.models import AlarmLogEntry

# Read at every reload of a chair: built once (see repositories/sessions.py).
_ENTRIES = (
    select(AlarmLogEntry)
    .where(AlarmLogEntry.session_id == bindparam("session_id"))
    .order_by(AlarmLogEntry.at, AlarmLogEntry.id)
)


def add_entries(s: Session, entries: Iterable[AlarmLogEntry]) -> None:
    s.add_all(list(entries))
    s.flush()


def entries_for_session(s: Session, session_id: int) -> list[AlarmLogEntry]:
    return list(s.scalars(_ENTRIES, {"session_id": session_id}))


def entries_since(
    s: Session | Connection, since: datetime | None = None
) -> Sequence[Row[int, datetime, str, str, str, str]]:
    """Every entry (from `since` on) as (session id, at, what, priority, reasons, by), ordered by
    session and time, in one query: the history's response-time filter reads them at once."""
    e = AlarmLogEntry
    query = select(e.session_id, e.at, e.what, e.priority, e.reasons, e.by_name)
    if since is not None:
        query = query.where(e.at >= since)
    return s.execute(query.order_by(e.session_id, e.at, e.id)).all()
