"""Vital-sign entry: hard limits (field, value, range), diastolic below systolic, Fahrenheit
accepted and stored in Celsius; and the alerts one reading raises against a baseline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pytest

from nurse_monitor.domain.alerts import reading_alerts
from nurse_monitor.domain.news2 import score_news2
from nurse_monitor.domain.vital_signs import (
    LIMITS,
    Consciousness,
    TemperatureUnit,
    VitalSigns,
    VitalSignsError,
    celsius_to_fahrenheit,
    fahrenheit_to_celsius,
    validate_vital_signs,
)
from tests.unit.nurse import NORMAL_VITALS


def entry(**changes: object) -> dict[str, object]:
    return {**NORMAL_VITALS, **changes}


def test_a_normal_entry_is_accepted() -> None:
    vitals = validate_vital_signs(entry())
    assert vitals == VitalSigns(124, 78, 72, 16, 36.8, 98, False, Consciousness.ALERT)


@pytest.mark.parametrize(
    ("field", "low", "high"),
    [
        ("heart_rate", 20, 250),
        ("systolic", 40, 300),
        ("diastolic", 20, 200),
        ("respiratory_rate", 4, 60),
        ("spo2", 50, 100),
        ("pain", 0, 10),
    ],
)
def test_limits_are_inclusive_and_refusals_name_field_value_and_range(
    field: str, low: int, high: int
) -> None:
    # Keep diastolic below systolic whichever pressure is at its limit.
    base = entry(diastolic=20) if field == "systolic" else entry()
    if field == "diastolic":
        base["systolic"] = 300
    for good in (low, high):
        assert getattr(validate_vital_signs({**base, field: good}), field) == good
    for bad in (low - 1, high + 1):
        with pytest.raises(VitalSignsError) as caught:
            validate_vital_signs({**base, field: bad})
        problem = caught.value.problems[0]
        assert (problem.field, problem.value) == (field, bad)
        assert f"allowed range {low:g}-{high:g}" in str(caught.value)


def test_diastolic_must_be_below_systolic() -> None:
    with pytest.raises(VitalSignsError, match=r"diastolic = 120: must be below systolic \(120\)"):
        validate_vital_signs(entry(systolic=120, diastolic=120))


def test_several_problems_are_listed_together() -> None:
    with pytest.raises(VitalSignsError) as caught:
        validate_vital_signs(entry(heart_rate=400, spo2=20, consciousness="asleep"))
    assert [p.field for p in caught.value.problems] == ["heart_rate", "spo2", "consciousness"]


@pytest.mark.parametrize(
    "changes",
    [{"heart_rate": "fast"}, {"heart_rate": 72.5}, {"on_oxygen": "no"}, {"spo2": True}],
)
def test_wrong_types_are_refused(changes: Mapping[str, object]) -> None:
    with pytest.raises(VitalSignsError):
        validate_vital_signs(entry(**changes))


def test_missing_fields_are_named() -> None:
    raw = entry()
    del raw["respiratory_rate"]
    del raw["temperature_c"]
    with pytest.raises(VitalSignsError) as caught:
        validate_vital_signs(raw)
    assert {p.field for p in caught.value.problems} == {"respiratory_rate", "temperature_c"}


@pytest.mark.parametrize(
    ("fahrenheit", "celsius"),
    [(98.6, 37.0), (100.4, 38.0), (96.8, 36.0), (95.0, 35.0), (102.2, 39.0), (86.0, 30.0),
     (109.4, 43.0), (32.0, 0.0)],
)  # fmt: skip
def test_fahrenheit_conversion(fahrenheit: float, celsius: float) -> None:
    assert fahrenheit_to_celsius(fahrenheit) == pytest.approx(celsius)
    assert celsius_to_fahrenheit(celsius) == pytest.approx(fahrenheit)


def test_fahrenheit_entry_is_stored_in_celsius() -> None:
    raw = entry()
    del raw["temperature_c"]
    assert validate_vital_signs({**raw, "temperature_f": 100.4}).temperature_c == 38.0
    stored = validate_vital_signs({**raw, "temperature": 99.5}, TemperatureUnit.FAHRENHEIT)
    assert stored.temperature_c == 37.5
    assert validate_vital_signs({**raw, "temperature": 37.5}).temperature_c == 37.5


def test_fahrenheit_limits_are_in_fahrenheit() -> None:
    raw = entry()
    del raw["temperature_c"]
    assert LIMITS["temperature_f"].describe() == "86-109.4 F"
    with pytest.raises(VitalSignsError, match=r"temperature_f = 110: allowed range 86-109.4 F"):
        validate_vital_signs({**raw, "temperature_f": 110})
    with pytest.raises(VitalSignsError, match=r"temperature_c = 29.9: allowed range 30-43 C"):
        validate_vital_signs(entry(temperature_c=29.9))


def test_consciousness_letters_and_words() -> None:
    assert validate_vital_signs(entry(consciousness="C")).consciousness is (
        Consciousness.NEW_CONFUSION
    )
    assert validate_vital_signs(entry(consciousness="pain")).consciousness is Consciousness.PAIN


def codes(vitals: VitalSigns, baseline: int | None = 124) -> set[str]:
    return {a.code for a in reading_alerts(vitals, score_news2(vitals), baseline)}


CALM = VitalSigns(124, 78, 72, 16, 36.8, 98, False, Consciousness.ALERT)


@pytest.mark.parametrize(
    ("changes", "baseline", "raised", "quiet"),
    [
        ({}, 124, set(), {"systolic_low", "spo2_low", "fever", "systolic_drop"}),
        ({"systolic": 89}, None, {"systolic_low", "news2_single_parameter_3"}, {"systolic_drop"}),
        ({"systolic": 90}, None, {"news2_single_parameter_3"}, {"systolic_low"}),
        ({"systolic": 100}, 150, {"systolic_drop"}, {"systolic_low"}),  # 33% below
        ({"systolic": 105}, 150, set(), {"systolic_drop"}),  # exactly 30% below
        ({"spo2": 92}, 124, {"spo2_low"}, {"news2_single_parameter_3"}),
        ({"spo2": 93}, 124, set(), {"spo2_low"}),
        ({"temperature_c": 38.0}, 124, {"fever"}, set()),
        ({"temperature_c": 37.9}, 124, set(), {"fever"}),
        ({"heart_rate": 115, "respiratory_rate": 22, "systolic": 105}, 124, {"news2_medium"},
         {"news2_high"}),
        ({"heart_rate": 115, "respiratory_rate": 22, "systolic": 95, "spo2": 95}, 124,
         {"news2_high"}, {"news2_medium"}),
    ],
)  # fmt: skip
def test_reading_alerts(
    changes: dict[str, object], baseline: int | None, raised: set[str], quiet: set[str]
) -> None:
    found = codes(replace(CALM, **changes), baseline)  # type: ignore[arg-type]
    assert raised <= found
    assert not quiet & found
