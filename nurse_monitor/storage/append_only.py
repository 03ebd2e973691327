"""The ORM half of the append-only rule (the database half is a trigger in the migrations).

A flush that would update or delete a session event, a vital sign reading, an amendment, an
audit entry, an alarm log entry or a follow-up entry is refused before any SQL is sent: an
amendment is a new row, never an overwrite.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from nurse_monitor.storage.models import (
    AlarmLogEntry,
    Amendment,
    AuditEntry,
    FollowUpEntry,
    RecordedAction,
    SessionEvent,
    SessionProtocol,
    VitalSignReading,
)

APPEND_ONLY = (
    SessionEvent,
    VitalSignReading,
    Amendment,
    AuditEntry,
    SessionProtocol,
    AlarmLogEntry,
    FollowUpEntry,
    RecordedAction,
)


class AppendOnlyViolation(Exception):
    """Something tried to change or remove a row that may only ever be added."""


def _refuse_changes(session: Session, _context: Any, _instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, APPEND_ONLY):
            raise AppendOnlyViolation(f"{type(obj).__name__} rows are append-only: not deleted")
    for obj in session.dirty:
        if isinstance(obj, APPEND_ONLY) and session.is_modified(obj):
            raise AppendOnlyViolation(f"{type(obj).__name__} rows are append-only: not changed")


def install_append_only_guard() -> None:
    """Listen on every Session (idempotent)."""
    if not event.contains(Session, "before_flush", _refuse_changes):
        event.listen(Session, "before_flush", _refuse_changes)
