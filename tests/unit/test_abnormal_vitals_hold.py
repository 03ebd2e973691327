"""Abnormal vital signs hold the titration (issue 15, clinical-reference section 10): the next
rate step is not ready while the latest vital signs raise an alarm, until newer ones are normal."""

from __future__ import annotations

import pytest

from nurse_monitor.domain.engine import ABNORMAL_VITALS_HOLD, SessionFacts, infusion_status
from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.protocols import Protocol
from tests.unit.nurse import at, event, vitals

INITIAL = SessionFacts("ocrevus-iv-initial", 1, 300, 250)


def started() -> list[InfusionEvent]:
    """Baseline systolic 124, premedicated, started at 30 mL/h; the step to 60 is due at 30 min."""
    return [
        vitals(at(-50)),
        event("premedication_given", at(-35), drug="methylprednisolone", dose=100, route="IV"),
        event("premedication_given", at(-35), drug="diphenhydramine", dose=50, route="IV"),
        event("infusion_started", at(0), rate_ml_h=30),
        vitals(at(15)),
    ]


@pytest.mark.parametrize(
    ("abnormal", "code"),
    [
        ({"systolic": 82}, "systolic_drop"),  # 33% below 124, and below 90
        ({"respiratory_rate": 22, "heart_rate": 112, "spo2": 95}, "news2_medium"),  # NEWS2 5
        ({"temperature_c": 38.4}, "fever"),
        ({"spo2": 91}, "spo2_low"),
    ],
)
def test_abnormal_vitals_hold_the_step_until_newer_ones_are_normal(
    library: dict[str, Protocol], abnormal: dict[str, object], code: str
) -> None:
    protocol = library["ocrevus-iv-initial"]
    events = [*started(), vitals(at(28), **abnormal)]
    held = infusion_status(protocol, INITIAL, events, at(30))
    assert code in {a.code for a in held.alerts}
    assert (held.next_rate_ml_h, held.next_rate_due_at) == (60, at(30))
    assert not held.next_rate_ready
    assert held.next_rate_reason == ABNORMAL_VITALS_HOLD
    step = next(a for a in held.alerts if a.code == "rate_increase_due")
    assert "abnormal vital signs: recheck before increasing the rate" in step.message
    # Still abnormal on the recheck: still held.
    again = [*events, vitals(at(31), **abnormal)]
    assert infusion_status(protocol, INITIAL, again, at(32)).next_rate_reason == (
        ABNORMAL_VITALS_HOLD
    )
    # Newer vital signs no longer abnormal: the step is ready.
    recovered = infusion_status(protocol, INITIAL, [*again, vitals(at(33))], at(33))
    assert recovered.next_rate_ready and recovered.next_rate_reason is None


def test_normal_vitals_leave_the_step_ready(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    status = infusion_status(protocol, INITIAL, [*started(), vitals(at(28))], at(30))
    assert status.next_rate_ready and status.next_rate_reason is None


def test_a_held_step_is_never_a_due_or_overdue_item_beside_the_alarm(
    library: dict[str, Protocol],
) -> None:
    from nurse_monitor.domain.alarm_priority import status_alarm, status_due_times

    protocol = library["ocrevus-iv-initial"]
    events = [*started(), vitals(at(28), systolic=82)]
    held = infusion_status(protocol, INITIAL, events, at(45))  # 15 min past the step's time
    assert "rate_step" not in {d.kind for d in status_due_times(held)}
    alarm = status_alarm(held)
    assert alarm is not None and "rate_step_overdue" not in alarm.reasons
    ready = infusion_status(protocol, INITIAL, [*started(), vitals(at(28))], at(45))
    assert "rate_step" in {d.kind for d in status_due_times(ready)}
