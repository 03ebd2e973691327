"""The infusion engine: a pure function from (protocol, session facts, events, now) to a status.

One linear pass over the recorded events (session_record.py) rebuilds the pump's rate history
and the volume delivered; the status then says what the protocol suggests next. The engine
suggests; the nurse's recorded rate change is what happens.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from nurse_monitor.domain.alerts import Alert, reading_alerts
from nurse_monitor.domain.due_times import DueState, due_state
from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.news2 import News2Score, score_news2
from nurse_monitor.domain.protocols import Protocol, ReactionAction
from nurse_monitor.domain.session_alerts import session_alerts
from nurse_monitor.domain.session_record import (
    EPSILON,
    Phase,
    Reaction,
    ReadSoFar,
    SessionFacts,
    SessionRecord,
    read_on,
    read_record,
)
from nurse_monitor.domain.session_timing import (
    discharge_blockers,
    observation_ends_at,
    phase_at,
    vitals_due_at,
)
from nurse_monitor.domain.titration import minutes_at_rate, projected_end
from nurse_monitor.domain.vital_signs import VitalSigns

# Why the next rate step waits while the latest vital signs are abnormal (nurse words).
ABNORMAL_VITALS_HOLD = "abnormal vital signs: recheck before increasing the rate"

__all__ = [
    "ABNORMAL_VITALS_HOLD",
    "InfusionStatus",
    "Phase",
    "Reaction",
    "SessionFacts",
    "infusion_status",
]


@dataclass(frozen=True)
class InfusionStatus:
    """Everything the chair shows at one moment; rates in mL/h, volumes in mL, times UTC."""

    at: datetime
    phase: Phase
    rate_ml_h: float
    volume_infused_ml: float
    dose_delivered_mg: float
    next_rate_ml_h: float | None
    next_rate_due_at: datetime | None
    next_rate_ready: bool
    next_rate_reason: str | None
    suggested_rate_ml_h: float | None
    vitals_due_at: datetime | None
    vitals_overdue: bool
    projected_end_at: datetime | None
    started_at: datetime | None
    ended_at: datetime | None
    observation_ends_at: datetime | None
    discharge_allowed: bool
    discharge_blockers: tuple[str, ...]
    latest_vitals: VitalSigns | None
    latest_vitals_at: datetime | None
    news2: News2Score | None
    baseline_systolic: int | None
    current_reaction: Reaction | None
    drug_discontinued: bool
    discontinued_reason: str | None
    alerts: tuple[Alert, ...]
    rate_history: tuple[tuple[datetime, float], ...]
    plan_allows_ml_h: float | None = None  # the highest rate the plan allows now (None: ended)
    plan_rounding_ml_h: float = EPSILON  # mg/h plans: our mL/h figures are rounded down

    def above_plan(self, rate_ml_h: float) -> bool:
        """Whether recording this rate now would be above the plan (needs a reason)."""
        allows = self.plan_allows_ml_h
        return allows is not None and rate_ml_h > allows + self.plan_rounding_ml_h


def infusion_status(
    protocol: Protocol,
    facts: SessionFacts,
    events: Sequence[InfusionEvent],
    now: datetime,
    zone: tzinfo = UTC,
) -> InfusionStatus:
    """The session's status at `now` from the events recorded up to then (later ones ignored);
    times in its alerts' words are wall times in `zone` (the station's, from the service)."""
    return _status(read_record(protocol, facts, events, now), now, zone)


def status_going_on(
    protocol: Protocol,
    facts: SessionFacts,
    events: Sequence[InfusionEvent],
    now: datetime,
    zone: tzinfo = UTC,
    so_far: ReadSoFar | None = None,
) -> tuple[InfusionStatus, ReadSoFar]:
    """`infusion_status`, the pass going on from `so_far` (session_record.read_on: the caller
    vouches it read the very first `so_far.events` of `events`), and where the pass stands for
    the next: a save that adds an entry after the others replays that entry alone."""
    record, kept = read_on(protocol, facts, events, now, so_far)
    return _status(record, now, zone), kept


def _status(s: SessionRecord, now: datetime, zone: tzinfo) -> InfusionStatus:
    reaction = s.reaction if s.reaction_active() else None
    latest = s.vitals.vitals if s.vitals is not None else None
    news2 = score_news2(latest, s.facts.spo2_scale) if latest is not None else None
    abnormal = (
        latest is not None and news2 is not None and bool(reading_alerts(latest, news2, s.baseline))
    )
    next_rate, due, ready, reason = _next_step(s, reaction, abnormal, now)
    obs_end = observation_ends_at(s, now)
    phase = phase_at(s, obs_end, now)
    vitals_due = vitals_due_at(s, reaction, due, obs_end, now)
    # One due rule for every screen (due_times.py): overdue once the default grace has passed.
    overdue = (
        vitals_due is not None
        and due_state(vitals_due, now) is DueState.OVERDUE
        and phase not in (Phase.NOT_STARTED, Phase.PREMEDICATED, Phase.ENDED)
    )
    alerts = session_alerts(
        s, reaction, news2, next_rate, ready, reason, overdue, vitals_due, now, zone
    )
    blockers = discharge_blockers(s, phase, reaction, alerts, obs_end)
    return InfusionStatus(
        at=now,
        phase=phase,
        rate_ml_h=s.pump,
        volume_infused_ml=s.volume,
        dose_delivered_mg=s.volume * s.facts.concentration_mg_ml,
        next_rate_ml_h=next_rate,
        next_rate_due_at=due,
        next_rate_ready=ready,
        next_rate_reason=reason,
        suggested_rate_ml_h=_suggested_rate(s, reaction, now),
        vitals_due_at=vitals_due,
        vitals_overdue=overdue,
        projected_end_at=_projected_end(s, due, now),
        started_at=s.started_at,
        ended_at=s.ended_at,
        observation_ends_at=obs_end,
        discharge_allowed=phase is Phase.READY_FOR_DISCHARGE and not blockers,
        discharge_blockers=blockers,
        latest_vitals=latest,
        latest_vitals_at=s.vitals.at if s.vitals is not None else None,
        news2=news2,
        baseline_systolic=s.baseline,
        current_reaction=reaction,
        drug_discontinued=s.discontinued_reason is not None,
        discontinued_reason=s.discontinued_reason,
        alerts=alerts,
        rate_history=tuple(s.history),
        plan_allows_ml_h=_plan_allows(s, now),
        plan_rounding_ml_h=s.allowance.tolerance,
    )


def _plan_allows(s: SessionRecord, now: datetime) -> float | None:
    """The highest rate the plan allows now; None once the infusion has ended or is stopped."""
    if s.ended_at is not None or s.discontinued_reason is not None:
        return None
    return s.allowance.allowed_at(now)


def _next_step(
    s: SessionRecord, reaction: Reaction | None, abnormal_vitals: bool, now: datetime
) -> tuple[float | None, datetime | None, bool, str | None]:
    """(next rate, when due, ready now, why not) for the titration.

    `abnormal_vitals`: the latest vital signs raise an alert (alerts.reading_alerts: NEWS2 5+,
    a single parameter scoring 3, systolic below 90 or more than 30% below baseline, low SpO2,
    fever); the step then waits until newer vital signs are no longer abnormal.
    """
    if s.started_at is None or s.ended_at is not None or s.discontinued_reason is not None:
        return None, None, False, None
    if s.paused:
        return None, None, False, "infusion paused"
    if s.titration_halted:
        return None, None, False, "the protocol does not resume titration after a reaction"
    if reaction is not None and reaction.advice.action is not ReactionAction.REDUCE_RATE:
        return None, None, False, "reaction active: infusion to be interrupted"
    if reaction is not None and reaction.rate_reduced_at is None:
        return None, None, False, "reduce the rate first"
    following = s.allowance.target(s.set_rate)
    if following is None:
        return None, None, False, "at the maximum rate"
    due = s.allowance.when_allowed(following)
    if due is None:
        assert s.rate_set_at is not None
        due = s.rate_set_at + timedelta(minutes=minutes_at_rate(s.plan, s.set_rate))
    if now < due:
        return following, due, False, "not due yet"
    if reaction is not None:
        return following, due, False, "reaction active"
    if abnormal_vitals:
        return following, due, False, ABNORMAL_VITALS_HOLD
    window = timedelta(minutes=s.protocol.vital_signs.before_rate_increase_within_minutes)
    if s.vitals is None or s.vitals.at < now - window:
        return following, due, False, "record vital signs first"
    return following, due, True, None


def _suggested_rate(s: SessionRecord, reaction: Reaction | None, now: datetime) -> float | None:
    """The protocol's suggestion after a reaction; None when the plan alone applies."""
    if reaction is not None:
        return reaction.advice.suggested_rate_ml_h
    if s.restart_rate is not None and s.ended_at is None:
        return s.restart_rate
    last = s.reaction
    if last is not None and last.hold_ends_at is not None and now < last.hold_ends_at:
        return last.advice.suggested_rate_ml_h
    return None


def _projected_end(s: SessionRecord, next_due: datetime | None, now: datetime) -> datetime | None:
    """When the bag empties if titration continues as planned from now (never before now)."""
    if s.started_at is None or s.ended_at is not None or s.discontinued_reason is not None:
        return None
    remaining = s.bag - s.volume
    if remaining <= EPSILON:
        return now
    if s.pump > 0:
        return projected_end(s.plan, now, remaining, s.pump, next_due)
    rate = s.restart_rate or s.set_rate  # paused or interrupted: as if restarted now
    if rate <= 0:
        return None
    due = now + timedelta(minutes=minutes_at_rate(s.plan, rate))
    return projected_end(s.plan, now, remaining, rate, None if s.titration_halted else due)
