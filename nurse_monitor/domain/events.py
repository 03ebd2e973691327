"""What the nurse records during a session, as typed values rebuilt from (type, time, payload).

Storage keeps each event as its type, its UTC time and a JSON payload (`event_payload`);
`parse_event` validates a payload and names the field at fault.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from nurse_monitor.domain.protocols import Route
from nurse_monitor.domain.reactions import Severity, canonical_symptom
from nurse_monitor.domain.vital_signs import VitalSigns, VitalSignsError, validate_vital_signs


class EventType(StrEnum):
    PREMEDICATION_GIVEN = "premedication_given"
    VITALS = "vitals"
    INFUSION_STARTED = "infusion_started"
    RATE_CHANGED = "rate_changed"
    PAUSED = "paused"
    RESUMED = "resumed"
    REACTION = "reaction"
    REACTION_RESOLVED = "reaction_resolved"
    INFUSION_ENDED = "infusion_ended"
    INFUSION_STOPPED = "infusion_stopped"
    DRUG_DISCONTINUED = "drug_discontinued"
    DISCHARGED = "discharged"


# Fields each type accepts (required, optional); anything else is refused as a likely typo.
_FIELDS: Mapping[EventType, tuple[frozenset[str], frozenset[str]]] = {
    EventType.PREMEDICATION_GIVEN: (
        frozenset({"drug", "dose", "route"}),
        frozenset({"drug_class", "reason"}),
    ),
    # A subcutaneous injection may start without a rate: its own administration time applies
    # (event_checks.py refuses a start without a rate for an infusion). A reason explains a rate
    # above the plan (clinical reference section 9); it never removes the alert.
    EventType.INFUSION_STARTED: (frozenset(), frozenset({"rate_ml_h", "reason"})),
    EventType.RATE_CHANGED: (frozenset({"rate_ml_h"}), frozenset({"reason"})),
    EventType.PAUSED: (frozenset(), frozenset({"reason"})),
    EventType.RESUMED: (frozenset({"rate_ml_h"}), frozenset({"reason"})),
    EventType.REACTION: (
        frozenset({"severity", "symptoms"}),
        frozenset({"note", "hypersensitivity"}),
    ),
    EventType.REACTION_RESOLVED: (frozenset(), frozenset({"note"})),
    EventType.INFUSION_ENDED: (frozenset(), frozenset()),
    EventType.INFUSION_STOPPED: (frozenset({"reason"}), frozenset()),
    EventType.DRUG_DISCONTINUED: (frozenset({"reason"}), frozenset()),
    EventType.DISCHARGED: (frozenset(), frozenset()),
}
_VITALS_FIELDS = frozenset(
    {
        "systolic",
        "diastolic",
        "heart_rate",
        "respiratory_rate",
        "temperature_c",
        "temperature_f",
        "spo2",
        "on_oxygen",
        "consciousness",
        "pain",
        "weight_kg",
    }
)
_ROUTE_WORDS = {
    "iv": Route.INTRAVENOUS,
    "sc": Route.SUBCUTANEOUS,
    "po": Route.ORAL,
    "oral": Route.ORAL,
    "intravenous": Route.INTRAVENOUS,
    "subcutaneous": Route.SUBCUTANEOUS,
}


@dataclass(frozen=True, slots=True)
class InfusionEvent:
    """One recorded event; only the fields its type uses are set."""

    type: EventType
    at: datetime
    rate_ml_h: float | None = None
    vitals: VitalSigns | None = None
    severity: Severity | None = None
    symptoms: tuple[str, ...] = ()
    drug: str | None = None
    dose: str | None = None
    route: Route | None = None
    reason: str | None = None
    note: str | None = None
    drug_class: str | None = None  # a premedication outside the protocol's list
    hypersensitivity: bool | None = None  # the nurse's answer on the reaction form


class EventPayloadError(ValueError):
    """An event refused: the field at fault and the problem (vitals may list several)."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"field '{field}': {problem}")
        self.field = field
        self.problem = problem


def parse_event(type: str, at: datetime, payload: Mapping[str, object]) -> InfusionEvent:
    """Validate one event's payload and return the typed event (time converted to UTC)."""
    try:
        kind = EventType(type)
    except ValueError:
        allowed = ", ".join(t.value for t in EventType)
        raise EventPayloadError("type", f"unknown event type {type!r}; known: {allowed}") from None
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise EventPayloadError("at", "must be a date-time with a time zone")
    at = at.astimezone(UTC)
    if not isinstance(payload, Mapping):
        raise EventPayloadError("payload", "must be an object")
    if kind is EventType.VITALS:
        return InfusionEvent(kind, at, vitals=_vitals(payload))
    required, optional = _FIELDS[kind]
    for field in sorted(required - payload.keys()):
        raise EventPayloadError(field, "missing")
    for field in sorted(payload.keys() - required - optional):
        raise EventPayloadError(field, f"not a field of a {kind.value} event")
    if kind in (EventType.INFUSION_STARTED, EventType.RATE_CHANGED, EventType.RESUMED):
        rate = _rate(payload["rate_ml_h"]) if payload.get("rate_ml_h") is not None else None
        if rate is None and kind is not EventType.INFUSION_STARTED:
            raise EventPayloadError("rate_ml_h", "missing")
        return InfusionEvent(kind, at, rate_ml_h=rate, reason=_maybe_text(payload, "reason"))
    if kind is EventType.PREMEDICATION_GIVEN:
        return InfusionEvent(
            kind,
            at,
            drug=_text(payload, "drug"),
            dose=_dose(payload["dose"]),
            route=_route(payload["route"]),
            drug_class=_maybe_text(payload, "drug_class"),
            reason=_maybe_text(payload, "reason"),
        )
    if kind is EventType.REACTION:
        return InfusionEvent(
            kind,
            at,
            severity=_severity(payload["severity"]),
            symptoms=_symptoms(payload["symptoms"]),
            note=_maybe_text(payload, "note"),
            hypersensitivity=_maybe_flag(payload, "hypersensitivity"),
        )
    if kind in (EventType.INFUSION_STOPPED, EventType.DRUG_DISCONTINUED):
        return InfusionEvent(kind, at, reason=_text(payload, "reason"))
    if kind is EventType.PAUSED:
        return InfusionEvent(kind, at, reason=_maybe_text(payload, "reason"))
    if kind is EventType.REACTION_RESOLVED:
        return InfusionEvent(kind, at, note=_maybe_text(payload, "note"))
    return InfusionEvent(kind, at)


def event_payload(event: InfusionEvent) -> dict[str, object]:
    """The JSON-safe payload storage keeps beside type and time; parse_event rebuilds it."""
    if event.vitals is not None:
        return event.vitals.as_payload()
    payload: dict[str, object] = {}
    if event.rate_ml_h is not None:
        payload["rate_ml_h"] = event.rate_ml_h
    if event.drug is not None:
        payload["drug"] = event.drug
    if event.dose is not None:
        payload["dose"] = event.dose
    if event.route is not None:
        payload["route"] = event.route.value
    if event.severity is not None:
        payload["severity"] = event.severity.value
        payload["symptoms"] = list(event.symptoms)
        if event.hypersensitivity is not None:
            payload["hypersensitivity"] = event.hypersensitivity
    if event.drug_class is not None:
        payload["drug_class"] = event.drug_class
    if event.reason is not None:
        payload["reason"] = event.reason
    if event.note is not None:
        payload["note"] = event.note
    return payload


def _vitals(payload: Mapping[str, object]) -> VitalSigns:
    for field in sorted(payload.keys() - _VITALS_FIELDS):
        raise EventPayloadError(field, "not a field of a vitals event")
    if "temperature_c" in payload and "temperature_f" in payload:
        raise EventPayloadError("temperature_f", "give temperature_c or temperature_f, not both")
    try:
        return validate_vital_signs(payload)
    except VitalSignsError as error:
        first = error.problems[0]
        raise EventPayloadError(first.field, str(error)) from None


def _rate(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EventPayloadError("rate_ml_h", f"must be a number, got {value!r}")
    if not math.isfinite(value):
        raise EventPayloadError("rate_ml_h", f"must be a finite number of mL/h, got {value}")
    if value <= 0:
        raise EventPayloadError("rate_ml_h", f"must be above 0 mL/h (use paused), got {value}")
    return float(value)


def _text(payload: Mapping[str, object], field: str) -> str:
    value = payload.get(field)
    if not isinstance(value, str) or not value.strip():
        raise EventPayloadError(field, f"must be non-empty text, got {value!r}")
    return value.strip()


def _maybe_text(payload: Mapping[str, object], field: str) -> str | None:
    return _text(payload, field) if payload.get(field) is not None else None


def _maybe_flag(payload: Mapping[str, object], field: str) -> bool | None:
    value = payload.get(field)
    if value is None or isinstance(value, bool):
        return value
    raise EventPayloadError(field, f"must be true or false, got {value!r}")


def _dose(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise EventPayloadError("dose", f"must be a number of mg or text, got {value!r}")
    text = f"{value:g} mg" if isinstance(value, int | float) else value.strip()
    if not text:
        raise EventPayloadError("dose", "must not be empty")
    return text


def _route(value: object) -> Route:
    if isinstance(value, str) and value.strip().lower() in _ROUTE_WORDS:
        return _ROUTE_WORDS[value.strip().lower()]
    raise EventPayloadError("route", f"{value!r} is not one of {', '.join(_ROUTE_WORDS)}")


def _severity(value: object) -> Severity:
    try:
        return Severity(str(value))
    except ValueError:
        allowed = ", ".join(s.value for s in Severity)
        raise EventPayloadError("severity", f"{value!r} is not one of {allowed}") from None


def _symptoms(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise EventPayloadError("symptoms", "must be a list of symptom names")
    symptoms = []
    for symptom in value:
        canonical = canonical_symptom(symptom)
        if canonical is None:
            raise EventPayloadError(
                "symptoms", f"{symptom!r} is not a listed symptom (write 'other: ...' for others)"
            )
        symptoms.append(canonical)
    return tuple(symptoms)
