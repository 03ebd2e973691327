"""Following a rate plan (in mL/h): the next rate, how long a rate is held, when the bag empties.

A titration rule adds its step to the current rate every interval up to the maximum, so after a
reaction at half rate the titration resumes from there (Ocrevus label: "resume the titration
schedule"). An explicit schedule moves to the next listed rate above the current one; its
last step runs until the bag is empty.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from nurse_monitor.domain.protocols import RatePlan, floor_tenth

_EPSILON = 1e-6


def next_planned_rate(plan: RatePlan, current: float) -> float | None:
    """The rate after the current one, or None at the plan's maximum."""
    if plan.titration is not None:
        t = plan.titration
        if current >= t.maximum - _EPSILON:
            return None
        return min(floor_tenth(current + t.step), t.maximum)
    for step in plan.steps:
        if step.rate > current + _EPSILON:
            return step.rate
    return None


def minutes_at_rate(plan: RatePlan, current: float) -> float:
    """How long the plan holds the current rate before the next step."""
    if plan.titration is not None:
        return plan.titration.every_minutes
    held = plan.steps[0].minutes
    for step in plan.steps:
        if step.rate <= current + _EPSILON:
            held = step.minutes
    return held


def hours_to_deliver(volume_ml: float, rate_ml_h: float) -> timedelta:
    return timedelta(hours=volume_ml / rate_ml_h)


def projected_end(
    plan: RatePlan,
    now: datetime,
    remaining_ml: float,
    rate_ml_h: float,
    next_step_due: datetime | None,
) -> datetime | None:
    """When the bag empties if each step is taken when due (or now, if overdue); None when that
    lies beyond any date a clock can show (a bag volume no station accepts, read back)."""
    try:
        return _projected_end(plan, now, remaining_ml, rate_ml_h, next_step_due)
    except OverflowError:
        return None


def _projected_end(
    plan: RatePlan,
    now: datetime,
    remaining_ml: float,
    rate_ml_h: float,
    next_step_due: datetime | None,
) -> datetime:
    t, rate, due = now, rate_ml_h, next_step_due
    while True:
        following = next_planned_rate(plan, rate) if due is not None else None
        if due is None or following is None:
            return t + hours_to_deliver(remaining_ml, rate)
        step_at = max(due, t)
        delivered = rate * (step_at - t).total_seconds() / 3600
        if delivered >= remaining_ml:
            return t + hours_to_deliver(remaining_ml, rate)
        remaining_ml -= delivered
        t, rate = step_at, following
        due = t + timedelta(minutes=minutes_at_rate(plan, rate))


def planned_schedule(plan: RatePlan, volume_ml: float) -> tuple[tuple[float, float], ...]:
    """The label schedule from the start, as (minutes from start, rate) with the end at rate 0."""
    start_rate = plan.titration.start if plan.titration is not None else plan.steps[0].rate
    rows: list[tuple[float, float]] = []
    minute, rate, remaining = 0.0, start_rate, volume_ml
    while remaining > _EPSILON:
        rows.append((minute, rate))
        following = next_planned_rate(plan, rate)
        held = minutes_at_rate(plan, rate)
        if following is None or rate * held / 60 >= remaining:
            minute += remaining / rate * 60
            break
        remaining -= rate * held / 60
        minute += held
        rate = following
    rows.append((minute, 0.0))
    return tuple(rows)
