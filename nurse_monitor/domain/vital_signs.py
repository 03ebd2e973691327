"""Vital signs as entered at the chair: hard limits, units (stored in Celsius), consciousness.

The limits are our configurable defaults (clinical-reference.md section 6): no standard sets
"impossible" values, so these reject typing slips, not unusual patients.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Consciousness(StrEnum):
    """ACVPU, as NEWS2 scores it: anything but alert scores 3."""

    ALERT = "alert"
    NEW_CONFUSION = "new_confusion"
    VOICE = "voice"
    PAIN = "pain"
    UNRESPONSIVE = "unresponsive"


_CONSCIOUSNESS_LETTERS = {
    "a": Consciousness.ALERT,
    "c": Consciousness.NEW_CONFUSION,
    "v": Consciousness.VOICE,
    "p": Consciousness.PAIN,
    "u": Consciousness.UNRESPONSIVE,
}


class TemperatureUnit(StrEnum):
    CELSIUS = "C"
    FAHRENHEIT = "F"


@dataclass(frozen=True)
class Limit:
    """An allowed range for one field, with its unit for messages."""

    low: float
    high: float
    unit: str

    def describe(self) -> str:
        return f"{self.low:g}-{self.high:g} {self.unit}"


# Configurable defaults (ours), clinical-reference.md section 6.
LIMITS: Mapping[str, Limit] = {
    "heart_rate": Limit(20, 250, "/min"),
    "systolic": Limit(40, 300, "mmHg"),
    "diastolic": Limit(20, 200, "mmHg"),
    "respiratory_rate": Limit(4, 60, "/min"),
    "temperature_c": Limit(30.0, 43.0, "C"),
    "temperature_f": Limit(86.0, 109.4, "F"),
    "spo2": Limit(50, 100, "%"),
    "pain": Limit(0, 10, "/10"),
    "weight_kg": Limit(20, 300, "kg"),
}

_WHOLE_NUMBERS = ("systolic", "diastolic", "heart_rate", "respiratory_rate", "spo2")


@dataclass(frozen=True)
class VitalSigns:
    """One validated set of vital signs; temperature always in Celsius (0.1 C)."""

    systolic: int
    diastolic: int
    heart_rate: int
    respiratory_rate: int
    temperature_c: float
    spo2: int
    on_oxygen: bool
    consciousness: Consciousness
    pain: int | None = None
    weight_kg: float | None = None

    def as_payload(self) -> dict[str, object]:
        """JSON-safe fields, Celsius, as storage keeps them."""
        payload: dict[str, object] = {
            "systolic": self.systolic,
            "diastolic": self.diastolic,
            "heart_rate": self.heart_rate,
            "respiratory_rate": self.respiratory_rate,
            "temperature_c": self.temperature_c,
            "spo2": self.spo2,
            "on_oxygen": self.on_oxygen,
            "consciousness": self.consciousness.value,
        }
        if self.pain is not None:
            payload["pain"] = self.pain
        if self.weight_kg is not None:
            payload["weight_kg"] = self.weight_kg
        return payload


@dataclass(frozen=True)
class VitalSignProblem:
    field: str
    value: object
    problem: str

    def __str__(self) -> str:
        return f"{self.field} = {self.value!r}: {self.problem}"


class VitalSignsError(ValueError):
    """Vital signs refused; lists every problem, each naming field, value and allowed range."""

    def __init__(self, problems: list[VitalSignProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = tuple(problems)


def fahrenheit_to_celsius(fahrenheit: float) -> float:
    """Convert for storage and NEWS2 scoring, which uses Celsius (RCP 2017)."""
    return (fahrenheit - 32.0) * 5.0 / 9.0


def celsius_to_fahrenheit(celsius: float) -> float:
    return celsius * 9.0 / 5.0 + 32.0


def validate_vital_signs(
    raw: Mapping[str, object], temperature_unit: TemperatureUnit | str = TemperatureUnit.CELSIUS
) -> VitalSigns:
    """Check a raw entry against the limits and return it in Celsius, or raise VitalSignsError.

    The temperature is read from `temperature` in the given unit, or from `temperature_c` /
    `temperature_f` when present (the replay and storage payloads name the unit).
    """
    problems: list[VitalSignProblem] = []
    numbers: dict[str, float] = {}

    def read(field: str, limit_name: str, *, required: bool = True, whole: bool = False) -> None:
        value = raw.get(field)
        if value is None:
            if required:
                problems.append(VitalSignProblem(field, None, "missing"))
            return
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(VitalSignProblem(field, value, "must be a number"))
            return
        if not math.isfinite(value):
            problems.append(VitalSignProblem(field, value, "must be a finite number"))
            return
        if whole and value != int(value):
            problems.append(VitalSignProblem(field, value, "must be a whole number"))
            return
        limit = LIMITS[limit_name]
        if not limit.low <= value <= limit.high:
            problems.append(VitalSignProblem(field, value, f"allowed range {limit.describe()}"))
            return
        numbers[field] = float(value)

    for field in _WHOLE_NUMBERS:
        read(field, field, whole=True)
    read("pain", "pain", required=False, whole=True)
    read("weight_kg", "weight_kg", required=False)
    temperature_field, in_fahrenheit = _temperature_field(raw, TemperatureUnit(temperature_unit))
    read(temperature_field, "temperature_f" if in_fahrenheit else "temperature_c")
    on_oxygen = raw.get("on_oxygen")
    if not isinstance(on_oxygen, bool):
        problems.append(VitalSignProblem("on_oxygen", on_oxygen, "must be true or false"))
    consciousness = _consciousness(raw.get("consciousness"), problems)
    systolic, diastolic = numbers.get("systolic"), numbers.get("diastolic")
    if systolic is not None and diastolic is not None and diastolic >= systolic:
        problems.append(
            VitalSignProblem("diastolic", int(diastolic), f"must be below systolic ({systolic:g})")
        )
    if problems:
        raise VitalSignsError(problems)
    temperature = numbers[temperature_field]
    if in_fahrenheit:
        temperature = fahrenheit_to_celsius(temperature)
    assert isinstance(on_oxygen, bool) and consciousness is not None
    pain = numbers.get("pain")
    return VitalSigns(
        systolic=int(numbers["systolic"]),
        diastolic=int(numbers["diastolic"]),
        heart_rate=int(numbers["heart_rate"]),
        respiratory_rate=int(numbers["respiratory_rate"]),
        temperature_c=round(temperature, 1),
        spo2=int(numbers["spo2"]),
        on_oxygen=on_oxygen,
        consciousness=consciousness,
        pain=None if pain is None else int(pain),
        weight_kg=numbers.get("weight_kg"),
    )


def _temperature_field(raw: Mapping[str, object], unit: TemperatureUnit) -> tuple[str, bool]:
    """Which field holds the temperature, and whether it is in Fahrenheit."""
    if "temperature_c" in raw:
        return "temperature_c", False
    if "temperature_f" in raw:
        return "temperature_f", True
    if "temperature" in raw:
        return "temperature", unit is TemperatureUnit.FAHRENHEIT
    if unit is TemperatureUnit.FAHRENHEIT:
        return "temperature_f", True
    return "temperature_c", False


def _consciousness(value: object, problems: list[VitalSignProblem]) -> Consciousness | None:
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _CONSCIOUSNESS_LETTERS:
            return _CONSCIOUSNESS_LETTERS[text]
        try:
            return Consciousness(text)
        except ValueError:
            pass
    allowed = ", ".join(c.value for c in Consciousness) + " (or A, C, V, P, U)"
    problems.append(VitalSignProblem("consciousness", value, f"must be one of {allowed}"))
    return None
