"""A session's alarm condition: priority high, medium or low, and the reasons, from its status.

The mapping is one table, PRIORITY_OF, after clinical-reference.md section 10 ("Alarm
priorities", design defaults of ours after IEC 60601-1-8 and the NEWS2 response bands). Reasons
are the engine's alert codes (a reaction named by its severity, reaction_<severity>) plus the
due items' codes, <item>_due or <item>_overdue, by the one due rule of due_times.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum

from nurse_monitor.domain.due_times import DEFAULT_GRACE, DueState, due_state
from nurse_monitor.domain.engine import ABNORMAL_VITALS_HOLD, InfusionStatus
from nurse_monitor.domain.session_record import Phase

PRIORITY_SOURCE = (
    "Alarm priorities: design default of ours after IEC 60601-1-8 and NEWS2 "
    "(clinical-reference.md section 10)"
)


class Priority(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def word(self) -> str:
        return self.name.lower()


# The one table (design default of ours, clinical-reference.md section 10). Codes not listed
# (information such as news2_not_validated, premedication_timing) raise no alarm.
PRIORITY_OF: Mapping[str, Priority] = {
    # high: a severe or life-threatening reaction, NEWS2 7+, systolic below 90 or more than 30%
    # below baseline, a pump reporting another patient, the record unreachable.
    "reaction_severe": Priority.HIGH,
    "reaction_life_threatening": Priority.HIGH,
    "news2_high": Priority.HIGH,
    "systolic_low": Priority.HIGH,
    "systolic_drop": Priority.HIGH,
    "pump_other_patient": Priority.HIGH,
    "record_unreachable": Priority.HIGH,
    "entry_unreadable": Priority.HIGH,  # the record cannot be read: as the record unreachable
    # medium: a mild or moderate reaction, NEWS2 5-6, a single parameter scoring 3, fever, low
    # SpO2, a rate above the plan, a pump that disagrees or has gone quiet, an overdue item.
    "reaction_mild": Priority.MEDIUM,
    "reaction_moderate": Priority.MEDIUM,
    "news2_medium": Priority.MEDIUM,
    "news2_single_parameter_3": Priority.MEDIUM,
    "fever": Priority.MEDIUM,
    "spo2_low": Priority.MEDIUM,
    "rate_above_plan": Priority.MEDIUM,
    "pump_disagrees": Priority.MEDIUM,
    "pump_quiet": Priority.MEDIUM,
    "pump_stopped": Priority.MEDIUM,  # a pump that disagrees: stopped while the record runs
    "pump_above_plan": Priority.MEDIUM,  # a rate above the plan, as the pump reports it
    "vitals_overdue": Priority.MEDIUM,
    "rate_step_overdue": Priority.MEDIUM,
    "start_overdue": Priority.MEDIUM,
    "premedication_overdue": Priority.MEDIUM,
    # low: an item due now; before the start, a missing premedication or a dose earlier than
    # its minimum interval.
    "vitals_due": Priority.LOW,
    "rate_step_due": Priority.LOW,
    "start_due": Priority.LOW,
    "premedication_due": Priority.LOW,
    "observation_end_due": Priority.LOW,
    "bag_empty": Priority.LOW,  # the end of the infusion is due now
    "premedication_missing": Priority.LOW,
    "dose_too_early": Priority.LOW,
}

# The reasons in the nurse's words (board, lock screen, timeline, PDF).
REASON_WORDS = {
    "reaction_severe": "severe reaction",
    "reaction_life_threatening": "life-threatening reaction",
    "reaction_mild": "mild reaction",
    "reaction_moderate": "moderate reaction",
    "news2_high": "NEWS2 7 or more",
    "news2_medium": "NEWS2 5 to 6",
    "news2_single_parameter_3": "a NEWS2 parameter scored 3",
    "systolic_low": "systolic below 90",
    "systolic_drop": "systolic more than 30% below baseline",
    "spo2_low": "low SpO2",
    "fever": "fever",
    "rate_above_plan": "rate above the plan",
    "pump_other_patient": "pump reports another patient",
    "pump_disagrees": "pump disagrees with the record",
    "pump_quiet": "pump has gone quiet",
    "pump_stopped": "pump stopped while the record says running",
    "pump_above_plan": "pump rate above the plan",
    "record_unreachable": "the record cannot be reached",
    "entry_unreadable": "an entry cannot be read",
    "premedication_missing": "premedication missing",
    "dose_too_early": "dose earlier than its minimum interval",
    "bag_empty": "bag should be empty: record the end",
    "vitals_due": "vital signs due",
    "vitals_overdue": "vital signs overdue",
    "rate_step_due": "rate step due",
    "rate_step_overdue": "rate step overdue",
    "start_due": "start due",
    "start_overdue": "start overdue",
    "premedication_due": "premedication window ends",
    "premedication_overdue": "premedication window passed",
    "observation_end_due": "observation ended: discharge checks",
}


def reason_words(codes: Iterable[str]) -> str:
    """'NEWS2 7 or more, systolic below 90': the reasons as the nurse reads them."""
    return ", ".join(REASON_WORDS.get(code, code.replace("_", " ")) for code in codes)


_BEFORE_THE_START = ("premedication_missing", "dose_too_early")

# Reasons a snooze may hold (due items only); alarms from a reaction, vital signs, a pump or the
# record cannot be snoozed.
SNOOZABLE_KINDS = ("vitals", "rate_step", "start", "premedication", "observation_end")


@dataclass(frozen=True)
class DueTime:
    """One item due at a chair: its kind (vitals, rate_step, ...) and when it is due."""

    kind: str
    due_at: datetime
    snoozed_until: datetime | None = None
    can_be_overdue: bool = True


@dataclass(frozen=True)
class AlarmCondition:
    """The alarm a chair raises now: its priority, reasons (highest first) and earliest due."""

    priority: Priority
    reasons: tuple[str, ...]
    due_at: datetime | None  # when the earliest due item among the reasons was due

    @property
    def snoozable(self) -> bool:
        """Only an alarm of due items may be snoozed (not a reaction, vital signs, a pump)."""
        return any(due_kind(r) is not None for r in self.reasons) and not unsnoozable(self.reasons)

    def as_payload(self) -> dict[str, object]:
        return {"priority": self.priority.word, "reasons": list(self.reasons)}


def due_kind(reason: str) -> str | None:
    """The due item a reason names ('vitals' for 'vitals_overdue'), or None for an alert."""
    for suffix in ("_overdue", "_due"):
        if reason.endswith(suffix) and reason[: -len(suffix)] in SNOOZABLE_KINDS:
            return reason[: -len(suffix)]
    return None


def unsnoozable(codes: Iterable[str]) -> list[str]:
    """The alert codes among `codes` that forbid a snooze: every medium or high alert (a
    reaction, abnormal vital signs, a pump, the record); due items and low alerts may wait."""
    return [
        c
        for c in codes
        if c in PRIORITY_OF and due_kind(c) is None and PRIORITY_OF[c] >= Priority.MEDIUM
    ]


def alarm_condition(
    alert_codes: Iterable[str],
    due: Iterable[DueTime],
    now: datetime,
    grace: timedelta = DEFAULT_GRACE,
) -> AlarmCondition | None:
    """The alarm from alert codes and due items at `now`; None when nothing alarms."""
    reasons: dict[str, Priority] = {}
    for code in alert_codes:
        if code in PRIORITY_OF and not code.endswith(("_due", "_overdue")):
            reasons[code] = PRIORITY_OF[code]
    earliest: datetime | None = None
    for item in due:
        if item.snoozed_until is not None and now < item.snoozed_until:
            continue
        state = due_state(item.due_at, now, grace, can_be_overdue=item.can_be_overdue)
        if state is DueState.NOT_YET:
            continue
        code = f"{item.kind}_{'overdue' if state is DueState.OVERDUE else 'due'}"
        priority = PRIORITY_OF.get(code)
        if priority is None:
            continue
        reasons[code] = max(priority, reasons.get(code, priority))
        earliest = item.due_at if earliest is None else min(earliest, item.due_at)
    if not reasons:
        return None
    ordered = sorted(reasons, key=lambda c: -reasons[c])
    return AlarmCondition(max(reasons.values()), tuple(ordered), earliest)


def status_due_times(status: InfusionStatus) -> list[DueTime]:
    """The due items the engine's status names: vital signs, the rate step, observation end."""
    due: list[DueTime] = []
    if status.vitals_due_at is not None:
        due.append(DueTime("vitals", status.vitals_due_at))
    if rate_step_is_due(status):
        assert status.next_rate_due_at is not None
        due.append(DueTime("rate_step", status.next_rate_due_at))
    end = status.observation_ends_at
    if end is not None and status.phase in (Phase.OBSERVING, Phase.READY_FOR_DISCHARGE):
        # The end of observation is a moment to act on, never "overdue": discharge is allowed.
        due.append(DueTime("observation_end", end, can_be_overdue=False))
    return due


def rate_step_is_due(status: InfusionStatus) -> bool:
    """A next rate step to remind of: never one held back by abnormal vital signs (the alarm
    says recheck; an "overdue" step beside it would read as a prompt to increase)."""
    return (
        status.next_rate_due_at is not None
        and status.next_rate_ml_h is not None
        and status.next_rate_reason != ABNORMAL_VITALS_HOLD
    )


def status_alert_codes(status: InfusionStatus) -> list[str]:
    """The engine's alert codes, a reaction named by its severity (the table's key)."""
    codes = [a.code for a in status.alerts if not a.code.startswith("reaction_")]
    if status.started_at is not None:  # low "before the start" alerts: the start is past
        codes = [c for c in codes if c not in _BEFORE_THE_START]
    if status.current_reaction is not None:
        codes.insert(0, f"reaction_{status.current_reaction.severity.value}")
    return codes


def status_alarm(
    status: InfusionStatus,
    grace: timedelta = DEFAULT_GRACE,
    extra_due: Iterable[DueTime] = (),
    snoozes: Mapping[str, datetime] | None = None,
) -> AlarmCondition | None:
    """A session's alarm condition at its status's moment (the replay uses the default grace)."""
    held = snoozes or {}
    due = [
        DueTime(d.kind, d.due_at, held.get(d.kind, d.snoozed_until), d.can_be_overdue)
        for d in [*status_due_times(status), *extra_due]
    ]
    return alarm_condition(status_alert_codes(status), due, status.at, grace)
