"""The follow-up worklist: which calls are due on a day, and where each stands.

A call is due the next working day after every first infusion of a drug, any infusion with a
reaction, and whatever the protocol asks for (its `[after_care]`); a charge nurse adds or
cancels one with a reason. Working weekdays are the station's preference (passed in); the
centre's closed days are a site setting in the record, so every station computes the same day.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from nurse_monitor.clock import local_date
from nurse_monitor.domain.after_care import FollowUpCall
from nurse_monitor.domain.follow_up import (
    OPEN_STATUSES,
    EntryFacts,
    Status,
    call_reasons,
    follow_up_state,
)
from nurse_monitor.domain.working_days import next_working_day
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, ServiceError
from nurse_monitor.services.protocol_library import protocol_library, session_protocol
from nurse_monitor.services.site_settings import calls_from_in, centre_settings
from nurse_monitor.storage.models import (
    FollowUpEntry,
    InfusionSession,
    Patient,
    Reaction,
    SessionEvent,
)

LOOKBACK_DAYS = 30
"""How far back the worklist looks for infusions whose call is still open (a design default of
ours: an open call older than this is for the charge nurse's review, not the day's list)."""

DONE_STATUSES = ("ended", "signed", "cosigned")


@dataclass(frozen=True)
class CallAnswer:
    """One delayed symptom as the call recorded it."""

    question_id: str
    label: str
    present: bool
    onset: str  # local "YYYY-MM-DD HH:MM", or "" when absent
    severity: str  # mild, moderate, severe, or "" when absent
    resolved: bool | None
    colour: str


@dataclass(frozen=True)
class CallOutcome:
    """The call as recorded and signed."""

    reached: bool
    at: datetime
    by: str  # signature
    answers: tuple[CallAnswer, ...] = ()
    colour: str = ""  # green, amber, red (reached calls)
    action: str = ""  # what the colour asks of the centre
    prescriber: str = ""  # who was informed (a red result)
    notes: str = ""
    what_was_done: str = ""  # a call not reached: e.g. "letter sent"


@dataclass(frozen=True)
class FollowUpItem:
    session_id: int
    patient_id: int
    record_number: str
    patient_name: str
    phone: str
    treatment: str
    infusion_on: date
    due_date: date | None
    status: Status
    reasons: tuple[str, ...]
    attempts: int
    attempt_times: tuple[datetime, ...]
    what_happened: tuple[str, ...]  # reactions, premedications, the rate reached
    outcome: CallOutcome | None = None
    cancelled_reason: str = ""

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES


def follow_up_worklist(
    db: Database,
    actor: Actor,
    today: date,
    working_weekdays: Collection[int],
    *,
    with_closed: bool = False,
) -> list[FollowUpItem]:
    """Calls due on `today` and overdue ones not done; with `with_closed`, also those done,
    not reached or cancelled on that day (the worklist shows the day's work)."""
    require_role(actor, CHARTING, "see the follow-up calls")
    items = follow_ups_near(db, today, working_weekdays)
    shown = []
    for item in items:
        due = item.status in (Status.DUE, Status.OVERDUE)
        closed_today = with_closed and item.status is not Status.UPCOMING
        if due or (closed_today and _closed_on(item, today)):
            shown.append(item)
    return sorted(shown, key=lambda i: (i.due_date or today, i.patient_name, i.session_id))


def follow_up_for_session(
    db: Database, actor: Actor, session_id: int, working_weekdays: Collection[int]
) -> FollowUpItem | None:
    """One session's follow-up (None: no call was ever due)."""
    require_role(actor, CHARTING, "see the follow-up calls")
    closed = centre_settings(db).closed_days
    today = local_date(db.clock.now())
    with db.read() as s:
        row = s.get(InfusionSession, session_id)
        if row is None:
            return None
        return _item(s, row, today, working_weekdays, closed)


def follow_ups_near(
    db: Database, today: date, working_weekdays: Collection[int]
) -> list[FollowUpItem]:
    """Every follow-up of an infusion in the look-back window, or with entries of its own."""
    closed = centre_settings(db).closed_days
    since = datetime.combine(today - timedelta(days=LOOKBACK_DAYS), time()).astimezone(UTC)
    with db.read() as s:
        # Ended in the window, or with entries: as a union of two index searches (an OR of
        # the two scanned every session, 47 ms of the start on a 100,000-session record).
        ended_lately = select(InfusionSession.id).where(InfusionSession.ended_at >= since)
        with_entries = select(FollowUpEntry.session_id)
        rows = s.scalars(
            select(InfusionSession)
            .where(InfusionSession.status.in_(DONE_STATUSES))
            .where(InfusionSession.id.in_(union(ended_lately, with_entries)))
            .order_by(InfusionSession.id)
        ).all()
        found = (_item(s, row, today, working_weekdays, closed) for row in rows)
        return [item for item in found if item is not None]


def _closed_on(item: FollowUpItem, day: date) -> bool:
    if item.outcome is not None:
        return local_date(item.outcome.at) == day
    return item.due_date == day


def _item(
    s: Session,
    row: InfusionSession,
    today: date,
    working_weekdays: Collection[int],
    closed: Sequence[date],
) -> FollowUpItem | None:
    if row.status not in DONE_STATUSES or (row.ended_at is None and row.started_at is None):
        return None
    infused = row.ended_at or row.started_at
    assert infused is not None
    infusion_on = local_date(infused)
    try:
        prot = session_protocol(s, row)
    except ServiceError:
        # A damaged stored copy (or a protocol gone from the library) must not empty the
        # whole worklist: the library's version, or leave this one to the session's own view.
        found = protocol_library().get(row.protocol_id)
        if found is None:
            return None
        prot = found
    asks = prot.after_care is not None and (
        prot.after_care.follow_up_call is FollowUpCall.EVERY_INFUSION
    )
    reasons = call_reasons(
        prot.drug_family,
        first_of_drug=_first_of_drug(s, row, prot.drug),
        had_reaction=_had_reaction(s, row),
        protocol_asks=asks,
    )
    calls_from = calls_from_in(s)
    if calls_from is not None and infusion_on < calls_from:
        reasons = ()  # before the site's "follow-up calls from": only a call a nurse adds
    entries = s.scalars(
        select(FollowUpEntry)
        .where(FollowUpEntry.session_id == row.id)
        .order_by(FollowUpEntry.at, FollowUpEntry.id)
    ).all()
    auto_due = next_working_day(infusion_on, working_weekdays, closed)
    state = follow_up_state(auto_due, reasons, [_facts(e) for e in entries], today)
    if state is None:
        return None
    patient = s.get(Patient, row.patient_id)
    assert patient is not None
    return FollowUpItem(
        session_id=row.id,
        patient_id=patient.id,
        record_number=patient.record_number,
        patient_name=f"{patient.family_name.upper()}, {patient.given_name}",
        phone=patient.phone or "",
        treatment=prot.display_name,
        infusion_on=infusion_on,
        due_date=state.due_date,
        status=state.status,
        reasons=state.reasons,
        attempts=state.attempts,
        attempt_times=state.attempt_times,
        what_happened=what_happened(s, row),
        outcome=_outcome(entries),
        cancelled_reason=state.cancelled_reason,
    )


def _first_of_drug(s: Session, row: InfusionSession, drug: str) -> bool:
    """No earlier started session of this patient with a protocol of the same drug."""
    same_drug = [pid for pid, p in protocol_library().items() if p.drug == drug]
    same_drug.append(row.protocol_id)
    earlier = s.scalar(
        select(InfusionSession.id)
        .where(InfusionSession.patient_id == row.patient_id)
        .where(InfusionSession.protocol_id.in_(same_drug))
        .where(InfusionSession.started_at.is_not(None))
        .where(InfusionSession.id != row.id)
        .where(InfusionSession.created_at < row.created_at)
        .limit(1)
    )
    return earlier is None


def _had_reaction(s: Session, row: InfusionSession) -> bool:
    if row.worst_grade is not None:
        return True
    found = s.scalar(select(Reaction.id).where(Reaction.session_id == row.id).limit(1))
    return found is not None


def what_happened(s: Session, row: InfusionSession) -> tuple[str, ...]:
    """Reactions, premedications and the rate reached, in a line each (for the caller)."""
    lines = []
    for r in s.scalars(select(Reaction).where(Reaction.session_id == row.id)).all():
        symptoms = ", ".join(_texts(r.symptoms))
        lines.append(f"Reaction ({r.severity or 'graded'}): {symptoms or '-'}")
    if not lines:
        lines.append("No reaction during the infusion")
    events = s.scalars(
        select(SessionEvent)
        .where(SessionEvent.session_id == row.id)
        .order_by(SessionEvent.occurred_at, SessionEvent.id)
    ).all()
    premeds = []
    rates: list[float] = []
    for e in events:
        payload: Any = e.payload if isinstance(e.payload, dict) else {}
        if e.type == "premedication_given":
            drug, dose = payload.get("drug"), payload.get("dose")
            if isinstance(drug, str):
                premeds.append(f"{drug} {dose}" if isinstance(dose, str) else drug)
        rate = payload.get("rate_ml_h")
        if isinstance(rate, int | float) and not isinstance(rate, bool) and rate > 0:
            rates.append(float(rate))
    lines.append("Premedications: " + (", ".join(premeds) if premeds else "none recorded"))
    if rates:
        lines.append(f"Rate reached: {max(rates):g} mL/h")
    return tuple(lines)


def _texts(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list | tuple) else []


def _facts(e: FollowUpEntry) -> EntryFacts:
    payload: Any = e.payload if isinstance(e.payload, dict) else {}
    reached = payload.get("reached")
    reason = payload.get("reason")
    return EntryFacts(
        e.kind,
        e.at,
        e.due_date,
        reached if isinstance(reached, bool) else False,
        reason if isinstance(reason, str) else "",
    )


def _outcome(entries: Sequence[FollowUpEntry]) -> CallOutcome | None:
    calls = [e for e in entries if e.kind == "call"]
    return call_outcome(calls[-1]) if calls else None


def call_outcome(e: FollowUpEntry) -> CallOutcome:
    """A recorded call read back without trusting it (an odd field shows as empty)."""
    p: Any = e.payload if isinstance(e.payload, dict) else {}

    def text(key: str) -> str:
        value = p.get(key)
        return value if isinstance(value, str) else ""

    answers = []
    raw = p.get("answers")
    for a in raw if isinstance(raw, list) else []:
        if not isinstance(a, dict):
            continue
        resolved = a.get("resolved")
        answers.append(
            CallAnswer(
                _str(a, "question_id"),
                _str(a, "label"),
                a.get("present") is True,
                _str(a, "onset"),
                _str(a, "severity"),
                resolved if isinstance(resolved, bool) else None,
                _str(a, "colour"),
            )
        )
    return CallOutcome(
        reached=p.get("reached") is True,
        at=e.at,
        by=e.by_name,
        answers=tuple(answers),
        colour=text("colour"),
        action=text("action"),
        prescriber=text("prescriber"),
        notes=text("notes"),
        what_was_done=text("what_was_done"),
    )


def _str(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def checked_day(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(field, f"a date as YYYY-MM-DD, not {text!r}") from None


def follow_up_words(s: Session, session_id: int) -> str:
    """What the record says of a session's follow-up call, in a few words (patient history)."""
    entries = s.scalars(
        select(FollowUpEntry)
        .where(FollowUpEntry.session_id == session_id)
        .order_by(FollowUpEntry.at, FollowUpEntry.id)
    ).all()
    calls = [e for e in entries if e.kind == "call"]
    if calls:
        o = call_outcome(calls[-1])
        if not o.reached:
            return f"Call: not reached ({o.what_was_done})"
        found = ", ".join(f"{a.label} {a.severity}" for a in o.answers if a.present)
        return f"Call: {o.colour.upper()}" + (f" ({found})" if found else " (no symptoms)")
    marks = [e for e in entries if e.kind in ("added", "cancelled")]
    if marks and marks[-1].kind == "cancelled":
        return "Call cancelled"
    attempts = sum(1 for e in entries if e.kind == "attempt")
    return f"Call: {attempts} attempt{'s' if attempts != 1 else ''}" if attempts else ""
