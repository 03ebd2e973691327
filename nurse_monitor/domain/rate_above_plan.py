"""The `rate_above_plan` alert: a pump rate above what the label's schedule allows right now.

A rate above the plan is off-label and needs a reason on the record (clinical reference
section 9); the reason explains the alert but never removes it. The alert lasts while the rate
is above the plan and ends when the plan catches up or the rate comes down. The maximum is a
hard refusal elsewhere (event_checks.py), never an alert.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from nurse_monitor.domain.alerts import Alert, AlertSeverity
from nurse_monitor.domain.local_words import wall_time
from nurse_monitor.domain.protocols import Protocol, RateUnit
from nurse_monitor.domain.session_record import Reaction, SessionRecord

CODE = "rate_above_plan"


def schedule_rule(protocol: Protocol) -> str:
    """The label's schedule in nurse words, with its source."""
    plan, unit = protocol.rate_plan, protocol.rate_plan.unit.value
    if plan.titration is not None:
        t = plan.titration
        words = (
            f"start at {t.start:g} {unit}, increase by {t.step:g} {unit} every "
            f"{t.every_minutes:g} min (counted from the last increase), "
            f"at most {t.maximum:g} {unit}"
        )
    else:
        words = ", then ".join(f"{s.rate:g} {unit} for {s.minutes:g} min" for s in plan.steps)
    if plan.unit is RateUnit.MG_PER_H:
        words += " (mL/h from the bag's concentration)"
    rule = protocol.reactions.mild_or_moderate
    if rule.hold_minutes and rule.resume_titration:
        words += (
            "; after a mild or moderate reaction, the reduced rate for the hold, then back to "
            "the rate at onset and the schedule continues (our reading of 'resume the "
            "titration schedule')"
        )
    return f"{protocol.brand} label rate schedule: {words} [{protocol.source}]"


def rate_above_plan_alert(
    record: SessionRecord, reaction: Reaction | None, now: datetime, zone: tzinfo
) -> Alert | None:
    """The alert while the pump runs above the plan, or None."""
    if record.started_at is None or record.ended_at is not None or record.pump <= 0:
        return None
    if reaction is not None and record.rate_event_number < record.reaction_event_number:
        return None  # the rate predates the reaction: the reaction alert says what to do
    allowance = record.allowance
    if not allowance.above(record.pump, now):
        return None
    allowed = allowance.allowed_at(now)
    message = f"Rate {record.pump:g} mL/h is above the plan: it allows {allowed:g} mL/h now"
    catches_up = allowance.when_allowed(record.pump)
    if catches_up is not None and catches_up > now:
        message += f" and reaches {record.pump:g} mL/h at {wall_time(catches_up, zone)}"
    if record.rate_reason is not None:
        message += f". Reason given: {record.rate_reason}"
    else:
        message += ". No reason recorded: record why, or bring the rate down"
    return Alert(CODE, message, schedule_rule(record.protocol), AlertSeverity.WARNING)
