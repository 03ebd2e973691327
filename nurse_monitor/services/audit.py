"""The audit trail: every service that touches the record writes here, in the same transaction."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from nurse_monitor.services.actors import REVIEWING, Actor, require_role
from nurse_monitor.services.conversions import audit_record
from nurse_monitor.services.database import Database, Origin
from nurse_monitor.services.errors import DatabaseUnavailable
from nurse_monitor.services.records import AuditRecord
from nurse_monitor.storage.models import AuditEntry
from nurse_monitor.storage.repositories import record

AUDITED_ACTIONS = (
    "login",
    "login_failed",
    "account_locked",
    "logout",
    "create",
    "view",
    "export",
    "sign",
    "cosign",
    "amend",
    "alarm_snooze",
    "handover",
    "refused",
    "search",
    "reassign",
)
# Attempts the program turned down: their entries say so in `outcome`.
REFUSALS = ("login_failed", "account_locked", "refused")


def write_audit(
    s: Session,
    actor: Actor | None,
    action: str,
    at: datetime,
    record_type: str | None = None,
    record_id: int | None = None,
    username: str = "",
    **detail: Any,
) -> None:
    """Add one audit entry inside the caller's unit of work, saying where it was made."""
    if action not in AUDITED_ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    origin: Origin = s.info.get("origin") or Origin.here()
    record.add_audit_entry(
        s,
        AuditEntry(
            at=at,
            user_id=actor.user_id if actor else None,
            username=actor.username if actor else username,
            action=action,
            record_type=record_type,
            record_id=record_id,
            detail=detail,
            station=origin.station,
            os_user=origin.os_user,
            channel=origin.channel,
            outcome="refused" if action in REFUSALS else "done",
        ),
    )


def write_refusal(db: Database, actor: Actor, attempted: str) -> None:
    """A refused attempt, in a unit of work of its own (nothing else of it is written)."""
    with contextlib.suppress(DatabaseUnavailable), db.write() as s:
        write_audit(s, actor, "refused", db.clock.now(), attempted=attempted)


def audit_trail(
    db: Database,
    actor: Actor,
    *,
    user_id: int | None = None,
    record_type: str | None = None,
    record_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[AuditRecord]:
    """Who did what to which record and when; for charge nurses (and administrators)."""
    require_role(actor, (*REVIEWING, "admin"), "read the audit log", db)
    with db.read() as s:
        rows = record.audit_entries(
            s,
            user_id=user_id,
            record_type=record_type,
            record_id=record_id,
            since=since,
            until=until,
        )
        return [audit_record(r) for r in rows]
