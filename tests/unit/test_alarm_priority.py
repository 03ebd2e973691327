"""Alarm priorities after clinical-reference.md section 10, at every boundary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from nurse_monitor.domain.alarm_priority import (
    PRIORITY_OF,
    REASON_WORDS,
    AlarmCondition,
    DueTime,
    Priority,
    alarm_condition,
    unsnoozable,
)

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
GRACE = timedelta(minutes=5)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def condition(codes: list[str], due: list[DueTime] | None = None, now: datetime = T0):
    return alarm_condition(codes, due or [], now, GRACE)


@pytest.mark.parametrize(
    ("code", "priority"),
    [
        ("reaction_severe", Priority.HIGH),
        ("reaction_life_threatening", Priority.HIGH),
        ("news2_high", Priority.HIGH),
        ("systolic_low", Priority.HIGH),
        ("systolic_drop", Priority.HIGH),
        ("pump_other_patient", Priority.HIGH),
        ("record_unreachable", Priority.HIGH),
        ("entry_unreadable", Priority.HIGH),
        ("reaction_mild", Priority.MEDIUM),
        ("reaction_moderate", Priority.MEDIUM),
        ("news2_medium", Priority.MEDIUM),
        ("news2_single_parameter_3", Priority.MEDIUM),
        ("fever", Priority.MEDIUM),
        ("spo2_low", Priority.MEDIUM),
        ("rate_above_plan", Priority.MEDIUM),
        ("pump_disagrees", Priority.MEDIUM),
        ("pump_quiet", Priority.MEDIUM),
        ("premedication_missing", Priority.LOW),
        ("dose_too_early", Priority.LOW),
    ],
)
def test_each_alert_code_has_its_section_10_priority(code: str, priority: Priority) -> None:
    found = condition([code])
    assert found == AlarmCondition(priority, (code,), None)


def test_information_raises_no_alarm() -> None:
    assert condition([]) is None
    assert condition(["news2_not_validated", "premedication_timing", "drug_discontinued"]) is None
    # Due codes come only from due times under the one rule, never from the engine's words.
    assert condition(["vitals_overdue", "rate_increase_due"]) is None


def test_due_items_low_while_due_medium_once_overdue() -> None:
    vitals = [DueTime("vitals", T0)]
    assert condition([], vitals, at(-1)) is None  # not in its window yet: nothing
    assert condition([], vitals, T0) == AlarmCondition(Priority.LOW, ("vitals_due",), T0)
    assert condition([], vitals, at(299)) == AlarmCondition(Priority.LOW, ("vitals_due",), T0)
    late = condition([], vitals, at(300))
    assert late == AlarmCondition(Priority.MEDIUM, ("vitals_overdue",), T0)
    for kind in ("rate_step", "start", "premedication"):
        assert condition([], [DueTime(kind, T0)], at(300)).priority is Priority.MEDIUM
        assert condition([], [DueTime(kind, T0)], T0).reasons == (f"{kind}_due",)


def test_observation_end_is_due_never_overdue() -> None:
    end = [DueTime("observation_end", T0, can_be_overdue=False)]
    assert condition([], end, at(3600)) == AlarmCondition(
        Priority.LOW, ("observation_end_due",), T0
    )


def test_highest_priority_wins_and_reasons_are_highest_first() -> None:
    found = condition(["spo2_low", "news2_high"], [DueTime("vitals", T0)], at(10))
    assert found is not None
    assert found.priority is Priority.HIGH
    assert found.reasons == ("news2_high", "spo2_low", "vitals_due")
    assert found.due_at == T0
    assert found.as_payload() == {
        "priority": "high",
        "reasons": ["news2_high", "spo2_low", "vitals_due"],
    }


def test_a_snooze_holds_due_items_until_it_ends_but_never_an_alert() -> None:
    snoozed = [DueTime("vitals", T0, snoozed_until=at(600))]
    assert condition([], snoozed, at(599)) is None
    assert condition([], snoozed, at(600)).reasons == ("vitals_overdue",)
    assert condition(["fever"], snoozed, at(10)).reasons == ("fever",)


def test_only_due_items_can_be_snoozed() -> None:
    assert condition([], [DueTime("vitals", T0)], at(400)).snoozable
    assert not condition(["news2_medium"], [DueTime("vitals", T0)], at(400)).snoozable
    assert not condition(["pump_quiet"]).snoozable


def test_the_table_holds_three_priorities_only() -> None:
    assert set(PRIORITY_OF.values()) == set(Priority)
    assert [p.word for p in Priority] == ["low", "medium", "high"]


def test_low_alerts_and_due_items_may_wait_medium_and_high_alerts_may_not() -> None:
    assert unsnoozable(["vitals_overdue", "dose_too_early", "fever", "pump_quiet"]) == [
        "fever",
        "pump_quiet",
    ]
    assert condition(["premedication_missing"], [DueTime("start", T0)], at(10)).snoozable


def test_every_pump_link_code_has_its_section_10_priority() -> None:
    # The codes domain/pump_link.py yields, as written there (no guessed names in the table).
    assert PRIORITY_OF["pump_other_patient"] is Priority.HIGH
    for code in ("pump_disagrees", "pump_quiet", "pump_above_plan", "pump_stopped"):
        assert PRIORITY_OF[code] is Priority.MEDIUM and code in REASON_WORDS
