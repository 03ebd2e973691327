"""A nurse at the chair, for tests: records events at times after T0 and follows the engine."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from nurse_monitor.domain.engine import InfusionStatus, SessionFacts, infusion_status
from nurse_monitor.domain.events import InfusionEvent, parse_event
from nurse_monitor.domain.protocols import Protocol

PROTOCOLS_DIR = Path(__file__).resolve().parents[2] / "resources" / "protocols"
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

NORMAL_VITALS: Mapping[str, object] = {
    "systolic": 124,
    "diastolic": 78,
    "heart_rate": 72,
    "respiratory_rate": 16,
    "temperature_c": 36.8,
    "spo2": 98,
    "on_oxygen": False,
    "consciousness": "alert",
}


def at(minutes: float) -> datetime:
    """T0 plus minutes: the start of most test infusions."""
    return T0 + timedelta(minutes=minutes)


def vitals(when: datetime, **changes: object) -> InfusionEvent:
    return parse_event("vitals", when, {**NORMAL_VITALS, **changes})


def event(kind: str, when: datetime, **payload: object) -> InfusionEvent:
    return parse_event(kind, when, payload)


def follow_plan(
    protocol: Protocol, facts: SessionFacts, start: datetime = T0
) -> tuple[InfusionStatus, list[InfusionEvent]]:
    """A nurse who records vitals when due and raises the rate when the engine says ready,
    until the bag is empty; returns the status at the moment it empties."""
    plan = protocol.plan_ml_per_hour(facts.dose_mg, facts.bag_volume_ml)
    first = plan.titration.start if plan.titration is not None else plan.steps[0].rate
    events = [
        vitals(start - timedelta(minutes=5)),
        event("infusion_started", start, rate_ml_h=first),
    ]
    now = start
    for _ in range(500):
        status = infusion_status(protocol, facts, events, now)
        if status.volume_infused_ml >= facts.bag_volume_ml - 1e-9:
            return status, events
        if status.vitals_due_at is not None and status.vitals_due_at <= now:
            events.append(vitals(now))
            continue
        if status.next_rate_ready:
            assert status.next_rate_ml_h is not None
            events.append(event("rate_changed", now, rate_ml_h=status.next_rate_ml_h))
            continue
        upcoming = [
            moment
            for moment in (status.next_rate_due_at, status.vitals_due_at, status.projected_end_at)
            if moment is not None and moment > now
        ]
        now = min(upcoming)
    raise AssertionError("the plan did not finish in 500 steps")
