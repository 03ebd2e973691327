"""A rate above the label's plan raises `rate_above_plan` (clinical reference sections 1 and 9):
a higher start, an early step, a skipped step; it lasts until the plan catches up or the rate
comes down; a reason explains it and never removes it; the maximum stays a refusal."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from nurse_monitor.domain.engine import InfusionStatus, SessionFacts, infusion_status
from nurse_monitor.domain.event_checks import EventSequenceError, check_events
from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.protocols import Protocol
from tests.unit.nurse import at, event, vitals

INITIAL = SessionFacts("ocrevus-iv-initial", 1, 300, 250)
STANDARD = SessionFacts("ocrevus-iv-standard", 3, 600, 500)
SHORT = SessionFacts("ocrevus-iv-short", 4, 600, 500)


def off_plan(status: InfusionStatus) -> str | None:
    alert = next((a for a in status.alerts if a.code == "rate_above_plan"), None)
    return None if alert is None else alert.message


def status_at(
    library: dict[str, Protocol], facts: SessionFacts, events: list[InfusionEvent], minute: float
) -> InfusionStatus:
    return infusion_status(library[facts.protocol_id], facts, events, at(minute))


def test_starting_infusion_1_at_its_maximum_is_above_the_plan_until_it_catches_up(
    library: dict[str, Protocol],
) -> None:
    events = [vitals(at(-5)), event("infusion_started", at(0), rate_ml_h=180)]
    start = status_at(library, INITIAL, events, 0)
    message = off_plan(start)
    assert message is not None and "allows 30 mL/h now" in message
    assert "reaches 180 mL/h at 12:00" in message  # 30, 60, ... 180 every 30 min
    alert = next(a for a in start.alerts if a.code == "rate_above_plan")
    assert alert.rule.startswith("Ocrevus label rate schedule: start at 30 mL/h")
    assert alert.severity == "warning"
    assert "No reason recorded" in message
    assert off_plan(status_at(library, INITIAL, events, 149)) is not None
    assert off_plan(status_at(library, INITIAL, events, 150)) is None


def test_doubling_after_10_minutes_lasts_until_the_step_is_due(
    library: dict[str, Protocol],
) -> None:
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=30),
        event("rate_changed", at(10), rate_ml_h=60),
    ]
    assert off_plan(status_at(library, INITIAL, events, 10)) is not None
    assert off_plan(status_at(library, INITIAL, events, 29)) is not None
    assert off_plan(status_at(library, INITIAL, events, 30)) is None
    assert status_at(library, INITIAL, events, 29).plan_allows_ml_h == 30


def test_a_skipped_step_is_above_the_plan(library: dict[str, Protocol]) -> None:
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=30),
        vitals(at(29)),
        event("rate_changed", at(30), rate_ml_h=90),
    ]
    message = off_plan(status_at(library, INITIAL, events, 31))
    assert message is not None and "allows 60 mL/h now" in message
    assert off_plan(status_at(library, INITIAL, events, 60)) is None  # 60 held from 30, 90 at 60


def test_steps_count_from_the_last_actual_increase(library: dict[str, Protocol]) -> None:
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=30),
        vitals(at(44)),
        event("rate_changed", at(45), rate_ml_h=60),  # late step: the next counts from here
        vitals(at(69)),
        event("rate_changed", at(70), rate_ml_h=90),
    ]
    assert off_plan(status_at(library, INITIAL, events, 71)) is not None
    on_time = [*events[:4], event("rate_changed", at(75), rate_ml_h=90)]
    assert off_plan(status_at(library, INITIAL, on_time, 75)) is None


def test_a_reason_is_shown_and_never_removes_the_alert(library: dict[str, Protocol]) -> None:
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=30),
        event("rate_changed", at(5), rate_ml_h=90, reason="prescriber ordered a faster rate"),
    ]
    message = off_plan(status_at(library, INITIAL, events, 6))
    assert message is not None and "Reason given: prescriber ordered a faster rate" in message


def test_bringing_the_rate_down_ends_the_alert(library: dict[str, Protocol]) -> None:
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=60),
        event("rate_changed", at(5), rate_ml_h=30),
    ]
    assert off_plan(status_at(library, INITIAL, events, 4)) is not None
    assert off_plan(status_at(library, INITIAL, events, 5)) is None


def test_the_2_hour_option_steps_on_its_own_minutes(library: dict[str, Protocol]) -> None:
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=100),
        event("rate_changed", at(15), rate_ml_h=250),  # skips 200 mL/h
    ]
    message = off_plan(status_at(library, SHORT, events, 16))
    assert message is not None and "allows 200 mL/h now" in message
    assert off_plan(status_at(library, SHORT, events, 30)) is None


def test_after_a_mild_reaction_back_to_the_onset_rate_then_the_schedule(
    library: dict[str, Protocol],
) -> None:
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=40),
        vitals(at(29)),
        event("rate_changed", at(30), rate_ml_h=80),
        vitals(at(59)),
        event("rate_changed", at(60), rate_ml_h=120),
        event("reaction", at(70), severity="mild", symptoms=["rash"]),
    ]
    onset = status_at(library, STANDARD, events, 71)
    assert off_plan(onset) is None  # the reaction alert says to reduce
    early = [
        *events,
        event("rate_changed", at(72), rate_ml_h=60),
        event("reaction_resolved", at(80)),
    ]
    back_early = [*early, event("rate_changed", at(95), rate_ml_h=120)]
    assert off_plan(status_at(library, STANDARD, back_early, 96)) is not None  # hold to 102
    on_time = [*early, vitals(at(101)), event("rate_changed", at(102), rate_ml_h=120)]
    assert off_plan(status_at(library, STANDARD, on_time, 103)) is None
    after = status_at(library, STANDARD, on_time, 110)
    assert after.next_rate_ml_h == 160 and after.next_rate_due_at == at(132)
    skipped = [*on_time, event("rate_changed", at(110), rate_ml_h=160)]
    assert off_plan(status_at(library, STANDARD, skipped, 111)) is not None


def test_a_rate_above_the_reduced_rate_during_the_hold_is_above_the_plan(
    library: dict[str, Protocol],
) -> None:
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=40),
        event("reaction", at(10), severity="moderate", symptoms=["flushing"]),
        event("rate_changed", at(11), rate_ml_h=20),
        event("rate_changed", at(20), rate_ml_h=40),
    ]
    message = off_plan(status_at(library, STANDARD, events, 21))
    assert message is not None and "allows 20 mL/h now" in message


def test_the_maximum_stays_a_refusal(library: dict[str, Protocol]) -> None:
    events = [
        event("infusion_started", at(0), rate_ml_h=30),
        event("rate_changed", at(5), rate_ml_h=181, reason="prescriber"),
    ]
    with pytest.raises(EventSequenceError, match="above the protocol's maximum 180"):
        check_events(library["ocrevus-iv-initial"], INITIAL, events)


def test_mg_per_hour_rounding_is_not_above_the_plan(library: dict[str, Protocol]) -> None:
    # 500 mg in 166.7 mL (3 mg/mL): 50 mg/h is 16.6 mL/h rounded down; 16.7 mL/h is 50 mg/h.
    facts = SessionFacts("rituximab-first", 1, 500, 500 / 3)
    events = [vitals(at(-5)), event("infusion_started", at(0), rate_ml_h=16.7)]
    assert off_plan(status_at(library, facts, events, 1)) is None
    events = [vitals(at(-5)), event("infusion_started", at(0), rate_ml_h=17)]
    assert off_plan(status_at(library, facts, events, 1)) is not None


def test_the_time_the_plan_catches_up_is_said_in_the_station_zone(
    library: dict[str, Protocol],
) -> None:
    events = [vitals(at(-5)), event("infusion_started", at(0), rate_ml_h=180)]
    zone = ZoneInfo("Australia/Sydney")
    status = infusion_status(library[INITIAL.protocol_id], INITIAL, events, at(0), zone)
    message = off_plan(status)
    assert message is not None and "reaches 180 mL/h at 23:00." in message  # 12:00 UTC, +11 h
    assert "UTC" not in message
