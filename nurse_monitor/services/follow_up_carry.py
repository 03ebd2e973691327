"""What the call after the last infusion found, carried into the next dose: the delayed
reactions since then, and the premedication the protocol lists for them, as a suggestion only
(the nurse and prescriber decide; nothing is added by itself)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nurse_monitor.domain.entry_fields import MAX_TEXT
from nurse_monitor.domain.follow_up import TriageQuestions
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.follow_ups import CallAnswer, CallOutcome, call_outcome
from nurse_monitor.services.site_settings import triage_questions
from nurse_monitor.storage.models import FollowUpEntry, InfusionSession


@dataclass(frozen=True)
class DelayedReaction:
    label: str
    severity: str
    onset: str
    resolved: bool | None
    colour: str

    @property
    def words(self) -> str:
        state = {True: "resolved", False: "not resolved", None: "resolution not known"}
        onset = f", from {self.onset}" if self.onset else ""
        return f"{self.label} ({self.severity}{onset}, {state[self.resolved]})"


QUESTION = "Delayed reaction after the last infusion"


@dataclass(frozen=True)
class Suggestion:
    """A premedication the protocol lists, suggested for what the call found."""

    premedication: str  # the protocol's name for it
    text: str


@dataclass(frozen=True)
class CarryForward:
    """The last infusion's call: when, its result, the delayed reactions, and suggestions."""

    session_id: int
    call: CallOutcome
    reactions: tuple[DelayedReaction, ...]
    suggested: tuple[Suggestion, ...]

    @property
    def suggestions(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.suggested)

    @property
    def details(self) -> tuple[str, ...]:
        """What the screening question shows: the call (date, who, triage) and each symptom."""
        call = self.call
        triage = f"triage {call.colour.upper()}" if call.colour else "no triage result"
        action = f": {call.action}" if call.action else ""
        head = f"Call of {call.at.astimezone():%d %b %Y %H:%M} by {call.by}, {triage}{action}"
        return (head, *(r.words for r in self.reactions))

    @property
    def screening_line(self) -> str:
        """The screening's item, with the details."""
        found = "; ".join(r.words for r in self.reactions)
        when = f"{self.call.at.astimezone():%d %b %Y}"
        return (
            f"Delayed reaction after the last infusion (call of {when}, "
            f"{self.call.colour or 'no'} result): {found}"
        )


def delayed_reactions_since_last(
    db: Database,
    actor: Actor,
    patient_id: int,
    protocol: Protocol,
    *,
    before_session: int | None = None,
) -> CarryForward | None:
    """The delayed reactions the call after the patient's last infusion found (None: no call
    reached the patient, or nothing was found)."""
    require_role(actor, CHARTING, "see the follow-up calls")
    questions = triage_questions(db)
    with db.read() as s:
        return carry_forward_in(s, patient_id, protocol, before_session, questions)


def carry_forward_in(
    s: Session,
    patient_id: int,
    protocol: Protocol,
    before_session: int | None,
    questions: TriageQuestions,
) -> CarryForward | None:
    """`delayed_reactions_since_last` inside the caller's unit of work (screening)."""
    query = (
        select(InfusionSession)
        .where(InfusionSession.patient_id == patient_id)
        .where(InfusionSession.started_at.is_not(None))
        .order_by(InfusionSession.started_at.desc(), InfusionSession.id.desc())
    )
    if before_session is not None:
        query = query.where(InfusionSession.id != before_session)
        current = s.get(InfusionSession, before_session)
        if current is not None and current.started_at is not None:
            query = query.where(InfusionSession.started_at < current.started_at)
    last = s.scalars(query.limit(1)).first()
    if last is None:
        return None
    calls = s.scalars(
        select(FollowUpEntry)
        .where(FollowUpEntry.session_id == last.id)
        .where(FollowUpEntry.kind == "call")
        .order_by(FollowUpEntry.at.desc(), FollowUpEntry.id.desc())
    ).all()
    call = next((o for o in (call_outcome(c) for c in calls) if o.reached), None)
    if call is None:
        return None
    present = [a for a in call.answers if a.present]
    if not present:
        return None
    reactions = tuple(
        DelayedReaction(a.label, a.severity, a.onset, a.resolved, a.colour) for a in present
    )
    return CarryForward(last.id, call, reactions, _suggestions(questions, present, protocol))


@dataclass(frozen=True)
class DelayedAnswer:
    """The nurse's answer to the screening's delayed-reaction question: yes or no (None: not
    answered), and for a yes, each suggested premedication accepted or declined with a reason."""

    present: bool | None
    accepted: frozenset[str] = frozenset()
    declined: Mapping[str, str] = field(default_factory=dict)


def screening_item(carry: CarryForward, answer: DelayedAnswer | None) -> dict[str, Any]:
    """The screening's record of the question: refused until the nurse has answered it and,
    after a yes, decided on every suggestion (never filled in for them)."""
    if answer is None or answer.present is None:
        raise InvalidInput(
            QUESTION,
            "answer yes or no: the call after the last infusion found "
            + "; ".join(r.words for r in carry.reactions),
        )
    decisions = []
    if answer.present:
        for item in carry.suggested:
            name = item.premedication
            reason = (answer.declined.get(name) or "").strip()
            if len(reason) > MAX_TEXT:
                raise InvalidInput(
                    QUESTION, f"the reason for {name}: at most {MAX_TEXT} characters"
                )
            if name in answer.accepted:
                decisions.append({"premedication": name, "text": item.text, "accepted": True})
            elif reason:
                decisions.append(
                    {"premedication": name, "text": item.text, "accepted": False, "reason": reason}
                )
            else:
                raise InvalidInput(
                    QUESTION, f"accept the suggested {name}, or decline it with a reason"
                )
    return {
        "text": carry.screening_line,
        "details": list(carry.details),
        "from_session": carry.session_id,
        "answer": answer.present,
        "suggestions": decisions,
    }


def _suggestions(
    questions: TriageQuestions, present: Sequence[CallAnswer], protocol: Protocol
) -> tuple[Suggestion, ...]:
    names: list[str] = []
    for answer in present:
        q = questions.question(answer.question_id)
        if q is not None and q.premedication and q.premedication not in names:
            names.append(q.premedication)
    out = []
    for name in names:
        item = next((p for p in protocol.premedications if p.name == name), None)
        if item is None or item.required:
            continue  # not listed, or already given every time
        out.append(
            Suggestion(
                name,
                f"Consider the {name} the {protocol.brand} protocol lists: {item.note} "
                f"(label, premedication; ask the prescriber)",
            )
        )
    return tuple(out)
