"""The session's clock: phase, when vital signs are due, observation end, discharge readiness.

Vital-sign timing is our configurable default per protocol (clinical-reference.md section 6):
before start, every 15 min for the first hour, before every rate increase, at the end of the
infusion, through observation, at its end, and every 5 min while a reaction is active.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from nurse_monitor.domain.alerts import Alert, AlertSeverity
from nurse_monitor.domain.session_record import Phase, Reaction, SessionRecord

_VITALS_CODES = frozenset(
    {"news2_high", "news2_medium", "news2_single_parameter_3", "systolic_low", "systolic_drop",
     "spo2_low", "fever"}
)  # fmt: skip


def observation_ends_at(record: SessionRecord, now: datetime) -> datetime | None:
    """End of infusion plus the protocol's observation (first dose and later doses differ).

    A reaction after the end keeps the patient under observation until the protocol's
    observation time has passed since it resolved (clinical reference section 9; our default);
    while it lasts, the end moves with the clock.
    """
    if record.ended_at is None:
        return None
    minutes = record.protocol.observation_minutes(
        record.facts.observed_as_first_dose, record.facts.infusion_number
    )
    observe = timedelta(minutes=minutes)
    end = record.ended_at + observe
    reaction = record.reaction
    if reaction is not None and reaction.advice.after_infusion and reaction.resolved_at is None:
        end = max(end, now + observe)
    if record.after_end_reaction_resolved_at is not None:
        end = max(end, record.after_end_reaction_resolved_at + observe)
    return end


def phase_at(record: SessionRecord, observation_end: datetime | None, now: datetime) -> Phase:
    if record.discharged:
        return Phase.ENDED
    if record.discontinued_reason is not None:
        return Phase.DISCONTINUED
    if observation_end is not None:
        return Phase.OBSERVING if now < observation_end else Phase.READY_FOR_DISCHARGE
    if record.started_at is not None:
        if record.paused:
            return Phase.STOPPED if record.interrupted_for_reaction else Phase.PAUSED
        return Phase.INFUSING
    return Phase.PREMEDICATED if record.premedications else Phase.NOT_STARTED


def vitals_due_at(
    record: SessionRecord,
    reaction: Reaction | None,
    next_step_due: datetime | None,
    observation_end: datetime | None,
    now: datetime,
) -> datetime | None:
    """When the next set of vital signs is due, or None when none is due."""
    schedule = record.protocol.vital_signs
    last = record.vitals.at if record.vitals is not None else None
    if record.discharged:
        return None
    if reaction is not None:
        # Every 5 min while a reaction is active, starting at its onset.
        if last is None or last < reaction.onset_at:
            return reaction.onset_at
        return last + timedelta(minutes=schedule.during_reaction_every_minutes)
    if record.started_at is None:
        return now if last is None else None  # a baseline before premedication and start
    if observation_end is None:
        return _during_infusion(record, last, next_step_due)
    assert record.ended_at is not None
    if last is None or last < record.ended_at:
        return record.ended_at  # at the end of the infusion
    window = timedelta(minutes=schedule.before_rate_increase_within_minutes)
    if last >= observation_end - window:
        return None  # the end-of-observation set is recorded
    return min(last + timedelta(minutes=schedule.observation_every_minutes), observation_end)


def _during_infusion(
    record: SessionRecord, last: datetime | None, next_step_due: datetime | None
) -> datetime:
    schedule = record.protocol.vital_signs
    started = record.started_at
    assert started is not None
    window = timedelta(minutes=schedule.before_rate_increase_within_minutes)
    if last is None or last < started - window:
        return started  # a set was due just before the start
    anchor = max(last, started)
    # Every 15 min for the first hour, then the later interval (configurable default).
    due = anchor + timedelta(minutes=schedule.first_hour_every_minutes)
    if due > started + timedelta(hours=1):
        due = anchor + timedelta(minutes=schedule.later_every_minutes)
    if next_step_due is not None and last < next_step_due - window:
        due = min(due, next_step_due)  # before every rate increase
    return due


# Why discharge waits, in the nurse's words (not the name of a phase).
_NOT_READY = {
    Phase.NOT_STARTED: "the infusion has not started",
    Phase.PREMEDICATED: "the infusion has not started",
    Phase.INFUSING: "the infusion is still running",
    Phase.PAUSED: "the infusion is paused, not ended",
    Phase.STOPPED: "the infusion was stopped for a reaction and not ended",
    Phase.OBSERVING: "observation is not over yet",
    Phase.ENDED: "the patient has already been discharged",
}


def discharge_blockers(
    record: SessionRecord,
    phase: Phase,
    reaction: Reaction | None,
    alerts: Sequence[Alert],
    observation_end: datetime | None,
) -> tuple[str, ...]:
    """Why the patient cannot go home yet (empty when discharge is allowed)."""
    blockers: list[str] = []
    if phase is Phase.DISCONTINUED:
        blockers.append("drug discontinued after a reaction: discharge is a medical decision")
    elif phase is not Phase.READY_FOR_DISCHARGE:
        blockers.append(_NOT_READY.get(phase, "the session is not ready for discharge"))
    if reaction is not None:
        blockers.append("a reaction is still active")
    if observation_end is not None:
        window = timedelta(minutes=record.protocol.vital_signs.before_rate_increase_within_minutes)
        last = record.vitals.at if record.vitals is not None else None
        if last is None or last < observation_end - window:
            blockers.append("record vital signs at the end of observation")
    if any(a.code in _VITALS_CODES and a.severity is not AlertSeverity.INFO for a in alerts):
        blockers.append("the latest vital signs raise an alert")
    return tuple(blockers)
