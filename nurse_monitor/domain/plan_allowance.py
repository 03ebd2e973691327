"""The highest rate the label's plan allows at each moment, from the rates actually recorded.

Label schedules (clinical-reference.md sections 1, 3 and 9): start at the start rate; take each
next step once one interval has passed since the last actual increase ("increase by 30 mL/h
every 30 minutes" counts from the last increase); never above the maximum. A rate above what the
plan allows at that moment (a higher start, an early step, a skipped step) is off-label and
needs a reason on the record; the plan keeps its own pace while the pump runs above it, so the
alert ends when the plan catches up or the rate comes down.

After a mild or moderate reaction the plan allows the reduced rate until its hold ends, then the
rate at onset, from which the schedule continues: our reading of the label's "resume the
titration schedule". After an interruption it allows the restart rate once symptoms resolve,
and the schedule continues from there (or stays there where the protocol does not resume
titration).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from nurse_monitor.domain.protocols import RatePlan, RateUnit
from nurse_monitor.domain.titration import minutes_at_rate, next_planned_rate

_EPSILON = 1e-6
# An mg/h plan converted to mL/h is rounded down to 0.1 mL/h at each step: a nurse's rate that
# is 0.1 mL/h above our rounded figure is still within the label's mg/h.
_ROUNDING_ML_H = 0.1


class PlanAllowance:
    """The plan's running position: the step it has reached and when its next interval began.

    Internal to one pass over the events (mutable, discarded with the record).
    """

    def __init__(self, plan: RatePlan, converted_from_mg: bool) -> None:
        self.plan = plan
        self.tolerance = _ROUNDING_ML_H if converted_from_mg else _EPSILON
        first = plan.titration.start if plan.titration is not None else plan.steps[0].rate
        self.level = first  # the step the plan has reached
        self.level_since: datetime | None = None  # when the plan came to allow `level`
        self.counting_from: datetime | None = None  # None: no step until the pump reaches level
        self.steps_allowed = True
        self.return_at: datetime | None = None  # a reaction's hold: back to return_rate then
        self.return_rate: float | None = None

    @classmethod
    def for_plan(cls, plan: RatePlan, original_unit: RateUnit) -> PlanAllowance:
        return cls(plan, original_unit is RateUnit.MG_PER_H)

    def _interval(self, rate: float) -> timedelta:
        return timedelta(minutes=minutes_at_rate(self.plan, rate))

    def _settle(self, t: datetime) -> None:
        """Apply a reaction hold that has ended by t: back to the rate at onset."""
        if self.return_at is not None and self.return_rate is not None and t >= self.return_at:
            self.level, self.level_since = self.return_rate, self.return_at
            self.counting_from = None  # the schedule continues from the actual return
            self.steps_allowed = True
            self.return_at = self.return_rate = None

    def allowed_at(self, t: datetime) -> float:
        """The highest rate the plan allows at t (mL/h)."""
        self._settle(t)
        following = next_planned_rate(self.plan, self.level) if self.steps_allowed else None
        if (
            following is not None
            and self.counting_from is not None
            and t >= self.counting_from + self._interval(self.level)
        ):
            return following
        return self.level

    def above(self, rate: float, t: datetime) -> bool:
        """Whether a pump rate is above what the plan allows at t."""
        return rate > self.allowed_at(t) + self.tolerance

    def catch_up(self, t: datetime, pump: float) -> None:
        """The plan keeps its pace while the pump runs at or above its next step."""
        self._settle(t)
        while self.steps_allowed and self.counting_from is not None:
            following = next_planned_rate(self.plan, self.level)
            due = self.counting_from + self._interval(self.level)
            if following is None or t < due or pump < following - self.tolerance:
                return
            self.level, self.level_since, self.counting_from = following, due, due

    def start(self, t: datetime) -> None:
        self.level_since = self.counting_from = t

    def resume(self, t: datetime) -> None:
        """A restart after a pause: the interval at the rate counts again from the restart."""
        self._settle(t)
        if self.counting_from is not None:
            self.counting_from = t

    def record_rate(self, t: datetime, rate: float) -> None:
        """A rate set by the nurse at t (after catch_up to t)."""
        allowed = self.allowed_at(t)
        if rate > allowed + self.tolerance:  # off the plan: the plan only grants its next step
            if allowed > self.level + _EPSILON:
                self.level, self.level_since, self.counting_from = allowed, t, t
            elif self.counting_from is None:
                self.counting_from = t
        elif rate > self.level + _EPSILON:  # a step the plan allows: counts from this increase
            self.level, self.level_since, self.counting_from = rate, t, t
        elif rate >= self.level - self.tolerance and self.counting_from is None:
            self.counting_from = t  # back at the level after a reaction: the schedule continues

    def hold(self, rate: float, until: datetime | None, then: float | None) -> None:
        """A reaction: only `rate` until `until`, then `then` (None: stay at `rate`)."""
        self.level, self.counting_from, self.steps_allowed = rate, None, False
        self.return_at, self.return_rate = (until, then) if then is not None else (None, None)

    def restart(
        self, t: datetime, rate: float, resume_titration: bool, running_since: datetime | None
    ) -> None:
        """Once symptoms resolve: `rate` from t, steps only if the protocol resumes titration,
        counted from when the pump ran at that rate (None: from the restart)."""
        self.level, self.level_since, self.counting_from = rate, t, running_since
        self.steps_allowed = resume_titration
        self.return_at = self.return_rate = None

    def target(self, set_rate: float) -> float | None:
        """The next rate to suggest from the rate set: back to the plan's level, or its step."""
        level = self.return_rate if self.return_rate is not None else self.level
        if set_rate < level - self.tolerance:
            return level
        if not self.steps_allowed and self.return_rate is None:
            return None
        return next_planned_rate(self.plan, set_rate)

    def when_allowed(self, rate: float) -> datetime | None:
        """When the plan allows `rate`, assuming the pump follows it (None: not foreseeable)."""
        if self.return_rate is not None and self.return_at is not None:
            if rate <= self.return_rate + self.tolerance:
                return self.return_at
            return None  # the schedule continues only once the pump is back at the onset rate
        if rate <= self.level + self.tolerance:
            return self.level_since
        if not self.steps_allowed or self.counting_from is None:
            return None
        level, counting = self.level, self.counting_from
        while True:
            due = counting + self._interval(level)
            following = next_planned_rate(self.plan, level)
            if following is None:
                return None
            if following >= rate - self.tolerance:
                return due
            level, counting = following, due
