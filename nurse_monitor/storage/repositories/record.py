"""Amendments and the audit log: both append-only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from nurse_monitor.storage.models import Amendment, AuditEntry

# Read at every save and reload of a chair: built once (see repositories/sessions.py).
_AMENDMENTS = (
    select(Amendment)
    .where(Amendment.session_id == bindparam("session_id"))
    .order_by(Amendment.amended_at, Amendment.id)
)


def add_amendment(s: Session, amendment: Amendment) -> Amendment:
    s.add(amendment)
    s.flush()
    return amendment


def amendments_for(s: Session, target_type: str, target_id: int) -> list[Amendment]:
    query = (
        select(Amendment)
        .where(Amendment.target_type == target_type, Amendment.target_id == target_id)
        .order_by(Amendment.amended_at, Amendment.id)
    )
    return list(s.scalars(query))


def amendments_for_session(s: Session, session_id: int) -> list[Amendment]:
    return list(s.scalars(_AMENDMENTS, {"session_id": session_id}))


def add_audit_entry(s: Session, entry: AuditEntry) -> AuditEntry:
    s.add(entry)
    s.flush()
    return entry


def audit_entries(
    s: Session,
    *,
    user_id: int | None = None,
    record_type: str | None = None,
    record_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    query = select(AuditEntry)
    if user_id is not None:
        query = query.where(AuditEntry.user_id == user_id)
    if record_type is not None:
        query = query.where(AuditEntry.record_type == record_type)
    if record_id is not None:
        query = query.where(AuditEntry.record_id == record_id)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    return list(s.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)))
