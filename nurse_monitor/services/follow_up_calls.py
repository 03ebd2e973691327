"""Follow-up calls as the nurse makes them: attempts, the call with its triage, "not reached",
and the charge nurse adding or cancelling a call. Each is one unit of work, signed with the
caller's name and credentials, audited, and written apart from the session row: it is kind
`follow_up` on the change edge and never moves the session's version.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from nurse_monitor.clock import local_date
from nurse_monitor.domain.follow_up import (
    ACTIONS,
    MAX_ATTEMPTS,
    Colour,
    Severity,
    Status,
    SymptomAnswer,
    answer_colour,
    overall_colour,
)
from nurse_monitor.services.actors import CHARTING, REVIEWING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound
from nurse_monitor.services.follow_ups import FollowUpItem, follow_up_for_session
from nurse_monitor.services.site_settings import PHONE, triage_questions
from nurse_monitor.storage.models import FollowUpEntry, InfusionSession, Patient

MIN_REASON = 3
MAX_TEXT = 2000


@dataclass(frozen=True)
class AnswerInput:
    """What the nurse entered for one symptom (onset as local "YYYY-MM-DD HH:MM")."""

    question_id: str
    present: bool
    onset: str = ""
    severity: str = ""
    resolved: bool | None = None


def add_follow_up(
    db: Database,
    actor: Actor,
    session_id: int,
    due_date: date,
    reason: str,
    working_weekdays: Collection[int],
) -> FollowUpItem:
    """A charge nurse asks for a call the rules did not (or again after a cancel)."""
    require_role(actor, REVIEWING, "add a follow-up call")
    reason = _reason(reason)
    today = local_date(db.clock.now())
    if due_date < today:
        raise InvalidInput("Due date", "today or later")
    _write(db, actor, session_id, "added", {"reason": reason}, due_date=due_date)
    return _item(db, actor, session_id, working_weekdays)


def cancel_follow_up(
    db: Database, actor: Actor, session_id: int, reason: str, working_weekdays: Collection[int]
) -> FollowUpItem | None:
    """A charge nurse cancels an open call, with a reason (kept on the record)."""
    require_role(actor, REVIEWING, "cancel a follow-up call")
    reason = _reason(reason)
    item = _open_item(db, actor, session_id, working_weekdays, "cancel")
    del item
    _write(db, actor, session_id, "cancelled", {"reason": reason})
    return follow_up_for_session(db, actor, session_id, working_weekdays)


def record_attempt(
    db: Database, actor: Actor, session_id: int, note: str, working_weekdays: Collection[int]
) -> FollowUpItem:
    """A call not answered, timed; at most three before "not reached"."""
    require_role(actor, CHARTING, "record a follow-up call")
    item = _open_item(db, actor, session_id, working_weekdays, "call")
    if item.attempts >= MAX_ATTEMPTS:
        raise InvalidInput(
            "Attempt",
            f"{MAX_ATTEMPTS} attempts already: record the call as not reached and what was done",
        )
    _write(db, actor, session_id, "attempt", {"note": _text(note, "Note")})
    return _item(db, actor, session_id, working_weekdays)


def record_not_reached(
    db: Database,
    actor: Actor,
    session_id: int,
    what_was_done: str,
    working_weekdays: Collection[int],
) -> FollowUpItem:
    """After the attempts: not reached, with what was done instead (for example a letter)."""
    require_role(actor, CHARTING, "record a follow-up call")
    item = _open_item(db, actor, session_id, working_weekdays, "call")
    if item.attempts < 1:
        raise InvalidInput("Not reached", "record at least one timed attempt first")
    done = _text(what_was_done, "What was done")
    if len(done) < MIN_REASON:
        raise InvalidInput("What was done", "required, for example 'letter sent'")
    payload = {"reached": False, "what_was_done": done, "signature": actor.signature}
    _write(db, actor, session_id, "call", payload)
    return _item(db, actor, session_id, working_weekdays)


def record_call(
    db: Database,
    actor: Actor,
    session_id: int,
    answers: Sequence[AnswerInput],
    working_weekdays: Collection[int],
    *,
    notes: str = "",
    prescriber: str = "",
) -> FollowUpItem:
    """The patient reached: every delayed symptom answered, the triage worked out from the
    site's thresholds, signed. A red result needs the prescriber who was informed."""
    require_role(actor, CHARTING, "record a follow-up call")
    _open_item(db, actor, session_id, working_weekdays, "call")
    questions = triage_questions(db)
    by_id = {a.question_id: a for a in answers}
    unknown = sorted(set(by_id) - {q.id for q in questions.questions})
    if unknown:
        raise InvalidInput("Symptoms", f"not asked about here: {', '.join(unknown)}")
    stored: list[dict[str, Any]] = []
    colours = []
    now = db.clock.now()
    for q in questions.questions:
        given = by_id.get(q.id)
        if given is None:
            raise InvalidInput(q.label, "not answered: ask about every symptom on the list")
        answer = _answer(given, q.label, now)
        colour = answer_colour(answer, q)
        colours.append(colour)
        stored.append(
            {
                "question_id": q.id,
                "label": q.label,
                "present": answer.present,
                "onset": given.onset.strip() if answer.present else "",
                "severity": answer.severity.value if answer.severity else "",
                "resolved": answer.resolved,
                "colour": colour.value,
            }
        )
    overall = overall_colour(colours)
    prescriber = _text(prescriber, "Prescriber informed")
    if overall is Colour.RED and not prescriber:
        raise InvalidInput(
            "Prescriber informed",
            "a red result (a red answer or two ambers) means assess face to face and inform "
            "the prescriber: name who was informed",
        )
    payload = {
        "reached": True,
        "answers": stored,
        "colour": overall.value,
        "action": ACTIONS[overall],
        "prescriber": prescriber,
        "notes": _text(notes, "Notes"),
        "questions_source": questions.source,
        "signature": actor.signature,
    }
    _write(db, actor, session_id, "call", payload)
    return _item(db, actor, session_id, working_weekdays)


def _answer(given: AnswerInput, label: str, now: datetime) -> SymptomAnswer:
    if not given.present:
        return SymptomAnswer(given.question_id, False)
    try:
        severity = Severity(given.severity)
    except ValueError:
        raise InvalidInput(label, "choose a severity: mild, moderate or severe") from None
    if given.resolved is None:
        raise InvalidInput(label, "say whether it has resolved")
    onset = None
    if given.onset.strip():
        try:
            onset = datetime.fromisoformat(given.onset.strip())
        except ValueError:
            raise InvalidInput(label, "onset as YYYY-MM-DD HH:MM (local time)") from None
        onset = onset.astimezone() if onset.tzinfo is None else onset
        if onset > now:
            raise InvalidInput(label, "the onset cannot be after now")
    else:
        raise InvalidInput(label, "give the onset (when it started) as YYYY-MM-DD HH:MM")
    return SymptomAnswer(given.question_id, True, onset, severity, given.resolved)


def _reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise InvalidInput("Reason", f"required, at least {MIN_REASON} characters")
    return _text(reason, "Reason")


def _text(value: str, field: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise InvalidInput(field, f"at most {MAX_TEXT} characters")
    return value


def _open_item(
    db: Database, actor: Actor, session_id: int, working_weekdays: Collection[int], what: str
) -> FollowUpItem:
    item = follow_up_for_session(db, actor, session_id, working_weekdays)
    if item is None:
        raise InvalidInput("Follow-up", f"no call is due for session {session_id}")
    if not item.open:
        words = {
            Status.DONE: "the call is done",
            Status.NOT_REACHED: "the call is closed as not reached",
            Status.CANCELLED: "the call was cancelled",
        }
        raise InvalidInput("Follow-up", f"nothing to {what}: {words.get(item.status, '')}")
    return item


def _item(
    db: Database, actor: Actor, session_id: int, working_weekdays: Collection[int]
) -> FollowUpItem:
    item = follow_up_for_session(db, actor, session_id, working_weekdays)
    assert item is not None
    return item


def _write(
    db: Database,
    actor: Actor,
    session_id: int,
    kind: str,
    payload: dict[str, Any],
    *,
    due_date: date | None = None,
) -> None:
    now = db.clock.now()
    with db.write() as s:
        if s.get(InfusionSession, session_id) is None:
            raise NotFound(f"no session with id {session_id}")
        entry = FollowUpEntry(
            session_id=session_id,
            kind=kind,
            at=now,
            due_date=due_date,
            user_id=actor.user_id,
            by_name=actor.signature,
            payload=payload,
        )
        s.add(entry)
        s.flush()
        write_audit(s, actor, "follow_up", now, "session", session_id, entry=kind)


def record_patient_phone(db: Database, actor: Actor, patient_id: int, phone: str) -> str:
    """The number to call the patient on after an infusion (checked, audited)."""
    require_role(actor, CHARTING, "record a patient's phone number")
    phone = phone.strip()
    if phone and not PHONE.match(phone):
        raise InvalidInput("Phone", "digits, spaces, + ( ) - only, 3 to 40 characters")
    now = db.clock.now()
    with db.write() as s:
        patient = s.get(Patient, patient_id)
        if patient is None:
            raise NotFound(f"no patient with id {patient_id}")
        patient.phone = phone
        write_audit(s, actor, "follow_up", now, "patient", patient_id, entry="phone")
    return phone
