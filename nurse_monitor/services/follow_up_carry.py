"""What the call after the last infusion found, carried into the next dose: the delayed
reactions since then, and the premedication the protocol lists for them, as a suggestion only
(the nurse and prescriber decide; nothing is added by itself)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nurse_monitor.domain.follow_up import TriageQuestions
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.database import Database
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


@dataclass(frozen=True)
class CarryForward:
    """The last infusion's call: when, its result, the delayed reactions, and suggestions."""

    session_id: int
    call: CallOutcome
    reactions: tuple[DelayedReaction, ...]
    suggestions: tuple[str, ...]

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


def _suggestions(
    questions: TriageQuestions, present: Sequence[CallAnswer], protocol: Protocol
) -> tuple[str, ...]:
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
            f"Consider the {name} the {protocol.brand} protocol lists: {item.note} "
            f"(label, premedication; ask the prescriber)"
        )
    return tuple(out)
