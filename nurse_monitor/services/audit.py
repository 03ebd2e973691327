"""The audit trail: every service that touches the record writes here, in the same transaction."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nurse_monitor.services.actors import REVIEWING, Actor, require_role
from nurse_monitor.services.conversions import audit_record
from nurse_monitor.services.database import Database, Origin
from nurse_monitor.services.errors import DatabaseUnavailable
from nurse_monitor.services.records import AuditRecord
from nurse_monitor.storage.models import (
    AuditEntry,
    InfusionSession,
    Patient,
    SessionEvent,
    User,
)
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
    "site_setting",
    "follow_up",
    "seed",
    # The pump link (issue 19).
    "pump_bind",
    "pump_unbind",
    "pump_listen",
    "pump_gateway",
    "pump_log_purge",
    "pump_log_read",
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


def record_site_setting(db: Database, actor: Actor, setting: str, value: str) -> None:
    """A station setting with clinical weight changed (US checklists on or off, the site's
    protocol folder): who, when, and the new value go on the audit trail."""
    with db.write() as s:
        write_audit(s, actor, "site_setting", db.clock.now(), setting=setting, value=value)


def write_refusal(db: Database, actor: Actor, attempted: str) -> None:
    """A refused attempt, in a unit of work of its own (nothing else of it is written; the
    action's id is not recorded with it: the action was not)."""
    with contextlib.suppress(DatabaseUnavailable), db.actions.aside(), db.write() as s:
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


def audit_record_names(
    db: Database, actor: Actor, entries: list[AuditRecord]
) -> dict[tuple[str, int], str]:
    """Whose record each entry touched, in words: "Morgan, Alice (MRN-100234)" for a patient,
    "Morgan, Alice (MRN-100234), Chair 1 on 04 Dec 2026" for a session (and for an entry of
    one), a person's name for a user account. Keys are (record type, record id)."""
    require_role(actor, (*REVIEWING, "admin"), "read the audit log")
    wanted = {(e.record_type, e.record_id) for e in entries if e.record_type and e.record_id}
    names: dict[tuple[str, int], str] = {}
    with db.read() as s:
        people = {u.id: u.full_name for u in s.scalars(select(User))}
        patients_seen: dict[int, str] = {}

        def patient_words(patient_id: int) -> str:
            if patient_id not in patients_seen:
                p = s.get(Patient, patient_id)
                patients_seen[patient_id] = (
                    f"{p.family_name}, {p.given_name} ({p.record_number})" if p else "a patient"
                )
            return patients_seen[patient_id]

        def session_words(session_id: int) -> str | None:
            row = s.get(InfusionSession, session_id)
            if row is None:
                return None
            day = row.created_at.astimezone().strftime("%d %b %Y")
            return f"{patient_words(row.patient_id)}, {row.chair} on {day}"

        for kind, number in wanted:
            assert kind is not None and number is not None
            words: str | None = None
            if kind == "patient":
                words = patient_words(number)
            elif kind == "session":
                words = session_words(number)
            elif kind == "event":
                event = s.get(SessionEvent, number)
                words = session_words(event.session_id) if event is not None else None
            elif kind == "user":
                words = people.get(number)
            if words:
                names[(kind, number)] = words
    return names
