"""Amendments: a correction is a new row that keeps the original value, with a reason.

A signed session can no longer be edited, only amended; an amendment to a co-signed session
marks it for re-review by a charge nurse.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from nurse_monitor.domain.engine import SessionFacts
from nurse_monitor.domain.entry_fields import TIME, amendable_fields, check_field, entry_field
from nurse_monitor.domain.event_checks import EventSequenceError, check_events
from nurse_monitor.domain.events import EventPayloadError, InfusionEvent
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.amended_times import amended_time
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.chair_view import (
    ENGINE_TYPES,
    effective_payload,
    effective_time,
    engine_event,
    event_amendments,
    facts_for,
    kept_engine_events,
    session_rows,
)
from nurse_monitor.services.charting import field_label
from nurse_monitor.services.conversions import amendment_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound, PermissionDenied, SessionChanged
from nurse_monitor.services.protocol_library import protocol, session_protocol
from nurse_monitor.services.record_cache import RecordCache
from nurse_monitor.services.records import AmendmentRecord, EventRecord
from nurse_monitor.services.session_summary import refresh_summary
from nurse_monitor.services.sessions import CLOSED_STATUSES
from nurse_monitor.storage.models import Amendment, InfusionSession
from nurse_monitor.storage.repositories import record, sessions

MIN_REASON_LENGTH = 3


def amend_event(
    db: Database,
    actor: Actor,
    event_id: int,
    field: str,
    new_value: Any,
    reason: str,
    *,
    expected_version: int | None = None,
) -> AmendmentRecord:
    """Correct one field of a recorded event; the event itself is never rewritten.

    One unit of work like every other action: the session is locked, refused if it changed
    since `expected_version`, and its version moves on, so a co-signature given on the screen
    from before the amendment is refused. A signed session is amended only by its signer or a
    charge nurse, and goes back for review.
    """
    require_role(actor, CHARTING, "amend the record", db)
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise InvalidInput("Reason", f"required, at least {MIN_REASON_LENGTH} characters")
    now = db.clock.now()
    with db.write() as s:
        event = sessions.event_by_id(s, event_id)
        if event is None:
            raise NotFound(f"no recorded event with id {event_id}")
        session_row = sessions.session_for_change(s, event.session_id)
        if session_row is None:
            raise NotFound(f"no session with id {event.session_id}")
        if expected_version is not None and session_row.version != expected_version:
            raise SessionChanged(
                f"Session {session_row.id} was changed at another station (version "
                f"{session_row.version}, you had {expected_version}). Nothing was amended; "
                "look at the latest record first."
            )
        may_amend(session_row, actor)
        questions = {q.id for q in protocol(session_row.protocol_id).checklist}
        if field == TIME and isinstance(new_value, datetime):
            new_value = new_value.isoformat()
        new_value = checked_value(event.type, field, new_value, questions)
        if field == TIME:  # checked like the entry's own time when it was recorded
            new_value = amended_time(new_value, session_row, now)
        earlier = record.amendments_for(s, "event", event_id)
        standing = [a for a in earlier if a.field == field]
        first = event.occurred_at.isoformat() if field == TIME else event.payload.get(field)
        original = standing[-1].new_value if standing else first
        check_amended_record(s, event.session_id, event_id, field, new_value, db.records)
        amendment = record.add_amendment(
            s,
            Amendment(
                session_id=event.session_id,
                target_type="event",
                target_id=event_id,
                field=field,
                original_value=original,
                new_value=new_value,
                reason=reason.strip(),
                amended_by_id=actor.user_id,
                amended_at=now,
            ),
        )
        if session_row.status == "cosigned":
            session_row.needs_review = True  # back to a charge nurse for review
        # Sets `amended` and recomputes what the amendment may change (rates, volume...).
        refresh_summary(s, session_row)
        flag_modified(session_row, "status")  # the version moves on with every amendment
        s.flush()
        write_audit(s, actor, "amend", now, "event", event_id, field=field)
        return amendment_record(amendment)


def may_amend(row: InfusionSession, actor: Actor) -> None:
    """A signed session is amended only by the nurse who signed it or by a charge nurse."""
    if row.status not in CLOSED_STATUSES:
        return
    if actor.user_id == row.signed_by_id or actor.role == "charge_nurse":
        return
    raise PermissionDenied(
        f"{actor.full_name} may not amend this signed session: only the nurse who signed it "
        "or a charge nurse may."
    )


def checked_value(
    entry_type: str, field: str, value: Any, questions: set[str] | None = None
) -> Any:
    """The corrected value as stored, if this field of this kind of entry may be amended to it:
    the same checks as when the entry was recorded (identity fields are never amendable)."""
    allowed = amendable_fields(entry_type)
    spec = entry_field(entry_type, field)
    if spec is None or not spec.amendable:
        words = ", ".join(f.label for f in allowed) or "nothing in this entry"
        what = spec.label if spec is not None else repr(field)
        raise InvalidInput("Field", f"{what} cannot be amended; amendable: {words}")
    try:
        return check_field(spec, value, questions=questions)
    except EventPayloadError as refusal:
        raise InvalidInput(spec.label, refusal.problem) from None


def check_amended_record(
    s: Session,
    session_id: int,
    event_id: int,
    field: str,
    new_value: Any,
    cache: RecordCache | None = None,
) -> None:
    """The amended entry must pass the checks the entry passed: its own fields, and (for the
    infusion engine's events) the whole session's sequence with it."""
    row = sessions.session_by_id(s, session_id)
    if row is None:
        raise NotFound(f"no session with id {session_id}")
    kept = session_rows(s, session_id, cache)  # in a write: nothing is kept from here
    amended = event_amendments(s, session_id)
    target = next(k.record for k in kept.events if k.record.id == event_id)
    if target.type not in ENGINE_TYPES:
        return
    standing = amended.get(event_id, [])
    payload = effective_payload(target, standing)
    at = effective_time(target, standing)
    if field == TIME:
        at = datetime.fromisoformat(new_value)
    else:
        payload[field] = new_value
    prot = session_protocol(s, row)
    try:
        corrected = engine_event(target.type, at, payload)
        others = kept_engine_events(
            tuple(k for k in kept.events if k.record.id != event_id), amended
        )
        facts = facts_for(row, prot)
        sequence = sorted([*others, corrected], key=lambda e: e.at)
        if _sequence_holds(prot, facts, target, amended.get(event_id, []), others):
            check_events(prot, facts, sequence)  # refuse what the amendment itself breaks
    except EventPayloadError as refusal:
        raise InvalidInput(field_label(refusal.field), refusal.problem) from None
    except EventSequenceError as refusal:
        if field == TIME:  # the moved entry breaks the order: name the field the nurse changed
            raise InvalidInput(
                "Time", f"at that time the record no longer holds ({refusal.problem})"
            ) from None
        raise InvalidInput(field_label(refusal.field), refusal.problem) from None


def _sequence_holds(
    prot: Protocol,
    facts: SessionFacts,
    target: EventRecord,
    standing: list[AmendmentRecord],
    others: list[InfusionEvent],
) -> bool:
    """Whether the record passes the sequence checks as it stands, before this amendment."""
    current = engine_event(
        target.type, effective_time(target, standing), effective_payload(target, standing)
    )
    try:
        check_events(prot, facts, sorted([*others, current], key=lambda e: e.at))
    except EventSequenceError:
        return False
    return True


def amendments_for_session(db: Database, actor: Actor, session_id: int) -> list[AmendmentRecord]:
    require_role(actor, (*CHARTING,), "read sessions", db)
    with db.read() as s:
        return [amendment_record(a) for a in record.amendments_for_session(s, session_id)]


def amend_session_entry(
    db: Database,
    actor: Actor,
    session_id: int,
    event_id: int,
    field: str,
    new_value: Any,
    reason: str,
    *,
    expected_version: int | None = None,
) -> AmendmentRecord:
    """Amend an entry from the chair's timeline; the entry must belong to this session."""
    with db.read() as s:
        event = sessions.event_by_id(s, event_id)
        if event is None or event.session_id != session_id:
            raise NotFound(f"entry {event_id} is not part of session {session_id}")
    return amend_event(
        db, actor, event_id, field, new_value, reason, expected_version=expected_version
    )
