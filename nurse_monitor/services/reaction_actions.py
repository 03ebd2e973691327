"""Reactions at the chair: record one, apply the protocol's action, give medicines, resolve.

The engine suggests (half the rate, interrupt, or stop and discontinue) and cites the label; the
nurse applies it with one click, and what is recorded is what happened.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nurse_monitor.clock import STATION_ZONE
from nurse_monitor.domain.checklist import ChartType
from nurse_monitor.domain.local_words import wall_day, wall_time
from nurse_monitor.domain.protocols import ReactionAction
from nurse_monitor.domain.reactions import ReactionAdvice, Severity, reaction_advice
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_actions import medicine_given
from nurse_monitor.services.chair_view import DETAIL
from nurse_monitor.services.charting import Charting, charting
from nurse_monitor.services.conversions import event_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound
from nurse_monitor.services.records import EventRecord
from nurse_monitor.storage.models import DrugDiscontinuation, Reaction
from nurse_monitor.storage.repositories import patients
from nurse_monitor.storage.repositories import sessions as session_repo


def record_reaction(
    db: Database,
    actor: Actor,
    session_id: int,
    *,
    severity: str,
    symptoms: list[str],
    ctcae_grade: int,
    onset_at: datetime | None = None,
    note: str = "",
    hypersensitivity: bool | None = None,
    expected_version: int | None = None,
) -> EventRecord:
    """A reaction: onset, symptoms, the CTCAE grade the nurse confirmed.

    Where the protocol has a rule for a hypersensitivity-type reaction (natalizumab), the form
    must say whether this is one: only then is the drug marked "do not re-treat".
    """
    if not 1 <= ctcae_grade <= 5:
        raise InvalidInput("Grade", "CTCAE grade 1 to 5")
    if not symptoms:
        raise InvalidInput("Symptoms", "choose at least one symptom")
    with charting(db, actor, session_id, expected_version) as c:
        payload: dict[str, Any] = {"severity": severity, "symptoms": list(symptoms)}
        if note.strip():
            payload["note"] = note.strip()
        if c.protocol.reactions.hypersensitivity is not None:
            if hypersensitivity is None:
                signs = ", ".join(c.protocol.reactions.hypersensitivity.signs)
                raise InvalidInput(
                    "Hypersensitivity-type",
                    f"answer yes or no: is this a hypersensitivity-type reaction ({signs})?",
                )
            payload["hypersensitivity"] = hypersensitivity
        event = c.add("reaction", payload, onset_at)
        rate = c.view().status.rate_ml_h
        advice = reaction_advice(
            c.protocol, Severity(severity), rate, hypersensitivity=bool(hypersensitivity)
        )
        session_repo.add_reaction(
            c.s,
            Reaction(
                session_id=session_id,
                event_id=event.id,
                onset_at=event.occurred_at,
                severity=severity,
                ctcae_grade=ctcae_grade,
                symptoms=list(symptoms),
                actions=f"Suggested: {advice.message}",
                interventions=[],
                recorded_by_id=actor.user_id,
                recorded_at=c.now,
            ),
        )
        return event_record(event)


def _active_reaction(c: Charting) -> Reaction:
    rows = [r for r in session_repo.reactions_for_session(c.s, c.row.id) if r.resolved_at is None]
    if not rows:
        raise NotFound("no active reaction in this session")
    return rows[-1]


def advice_for_active_reaction(c: Charting) -> ReactionAdvice:
    status = c.view().status
    reaction = status.current_reaction
    if reaction is None:
        raise NotFound("no active reaction in this session")
    return reaction.advice


def apply_reaction_action(
    db: Database, actor: Actor, session_id: int, *, expected_version: int | None = None
) -> EventRecord:
    """Do what the protocol says for the active reaction: halve, interrupt, or stop."""
    with charting(db, actor, session_id, expected_version) as c:
        advice = advice_for_active_reaction(c)
        if advice.after_infusion and not advice.discontinue_drug:
            # After the end there is no rate to reduce and no infusion to interrupt: what the
            # label asks (assess, treat, observe, inform the prescriber) is the nurse's to do.
            raise InvalidInput("Reaction", f"{advice.message} [{advice.rule}]")
        row = _active_reaction(c)
        reason = f"Reaction: {advice.message} [{advice.rule}]"
        if advice.action is ReactionAction.REDUCE_RATE:
            assert advice.suggested_rate_ml_h is not None
            event = c.add(
                "rate_changed",
                {"rate_ml_h": advice.suggested_rate_ml_h, DETAIL: {"reason": reason}},
            )
            done = f"Rate reduced to {advice.suggested_rate_ml_h:g} mL/h"
        elif advice.action is ReactionAction.INTERRUPT:
            event = c.add("paused", {"reason": reason[:500]})
            done = "Infusion interrupted"
        else:
            event = c.add("infusion_stopped", {"reason": reason[:500]})
            c.add("drug_discontinued", {"reason": advice.message})
            patients.add_discontinuation(
                c.s,
                DrugDiscontinuation(
                    patient_id=c.row.patient_id,
                    drug=c.protocol.drug,
                    reason=_discontinuation_reason(c, row),
                    session_id=c.row.id,
                    discontinued_at=c.now,
                    recorded_by_id=actor.user_id,
                ),
            )
            done = f"Infusion stopped; {c.protocol.drug} permanently discontinued"
        row.actions = f"{row.actions}\n{wall_time(c.now, STATION_ZONE)} {done}".strip()
        return event_record(event)


def _discontinuation_reason(c: Charting, row: Reaction) -> str:
    symptoms = ", ".join(row.symptoms)
    if advice_for_active_reaction(c).hypersensitivity:
        return (
            f"Hypersensitivity-type reaction on {wall_day(c.now, STATION_ZONE)}: {symptoms}. "
            "Do not re-treat (pending the prescriber)"
        )
    return f"Life-threatening infusion reaction on {wall_day(c.now, STATION_ZONE)}: {symptoms}"


def record_intervention(
    db: Database,
    actor: Actor,
    session_id: int,
    *,
    drug: str,
    dose: str,
    route: str,
    given_at: datetime | None = None,
    expected_version: int | None = None,
) -> EventRecord:
    """A medicine given for the active reaction (drug, dose, route, time)."""
    medicine = medicine_given(drug, dose, route)
    with charting(db, actor, session_id, expected_version) as c:
        row = _active_reaction(c)
        event = c.add(
            ChartType.REACTION_INTERVENTION, {"reaction_id": row.id, **medicine}, given_at
        )
        given = {**medicine, "at": event.occurred_at.isoformat()}
        row.interventions = [*row.interventions, given]
        return event_record(event)


def resolve_reaction(
    db: Database,
    actor: Actor,
    session_id: int,
    outcome: str,
    *,
    resolved_at: datetime | None = None,
    expected_version: int | None = None,
) -> EventRecord:
    """The reaction resolved, with its outcome; the suggested restart rate is kept with it."""
    if not outcome.strip():
        raise InvalidInput("Outcome", "describe how the reaction ended")
    with charting(db, actor, session_id, expected_version) as c:
        advice = advice_for_active_reaction(c)
        row = _active_reaction(c)
        event = c.add("reaction_resolved", {"note": outcome.strip()}, resolved_at)
        row.resolved_at = event.occurred_at
        row.outcome = outcome.strip()
        row.restart_rate_ml_h = advice.restart_rate_ml_h or advice.suggested_rate_ml_h or None
        return event_record(event)
