"""The alarm log: append and read (never change)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from nurse_monitor.storage.models import AlarmLogEntry


def add_entries(s: Session, entries: Iterable[AlarmLogEntry]) -> None:
    s.add_all(list(entries))
    s.flush()


def entries_for_session(s: Session, session_id: int) -> list[AlarmLogEntry]:
    query = (
        select(AlarmLogEntry)
        .where(AlarmLogEntry.session_id == session_id)
        .order_by(AlarmLogEntry.at, AlarmLogEntry.id)
    )
    return list(s.scalars(query))
