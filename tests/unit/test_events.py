"""Events: every type parses from (type, time, payload) and round-trips through its JSON
payload; bad payloads are refused naming the field; impossible sequences name the event."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from nurse_monitor.domain.engine import SessionFacts
from nurse_monitor.domain.event_checks import EventSequenceError, check_events, check_session_facts
from nurse_monitor.domain.events import (
    EventPayloadError,
    EventType,
    InfusionEvent,
    event_payload,
    parse_event,
)
from nurse_monitor.domain.protocols import Protocol, Route
from tests.unit.nurse import NORMAL_VITALS, T0, at, event, vitals

VALID = {
    "premedication_given": {"drug": "methylprednisolone", "dose": 100, "route": "IV"},
    "vitals": dict(NORMAL_VITALS),
    "infusion_started": {"rate_ml_h": 30},
    "rate_changed": {"rate_ml_h": 60},
    "paused": {"reason": "line occluded"},
    "resumed": {"rate_ml_h": 60},
    "reaction": {"severity": "moderate", "symptoms": ["rash", "other: tingling lips"]},
    "reaction_resolved": {},
    "infusion_ended": {},
    "infusion_stopped": {"reason": "patient request"},
    "drug_discontinued": {"reason": "prescriber decision"},
    "discharged": {},
}


def test_every_event_type_has_a_valid_example() -> None:
    assert set(VALID) == {t.value for t in EventType}


@pytest.mark.parametrize("kind", sorted(VALID))
def test_payload_round_trip_through_json(kind: str) -> None:
    parsed = parse_event(kind, T0, VALID[kind])
    stored = json.loads(json.dumps(event_payload(parsed)))
    assert parse_event(kind, T0, stored) == parsed


def test_times_are_converted_to_utc_and_must_be_aware() -> None:
    local = datetime(2026, 3, 2, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    assert parse_event("infusion_ended", local, {}).at == T0
    with pytest.raises(EventPayloadError, match="field 'at'"):
        parse_event("infusion_ended", datetime(2026, 3, 2, 9, 30), {})


def test_premedication_normalises_dose_and_route() -> None:
    premedication = parse_event("premedication_given", T0, VALID["premedication_given"])
    assert (premedication.dose, premedication.route) == ("100 mg", Route.INTRAVENOUS)


def test_fahrenheit_vitals_are_stored_in_celsius() -> None:
    raw = {k: v for k, v in NORMAL_VITALS.items() if k != "temperature_c"}
    parsed = parse_event("vitals", T0, {**raw, "temperature_f": 100.4})
    assert parsed.vitals is not None and parsed.vitals.temperature_c == 38.0
    assert event_payload(parsed)["temperature_c"] == 38.0
    assert "temperature_f" not in event_payload(parsed)


@pytest.mark.parametrize(
    ("kind", "payload", "field", "problem"),
    [
        ("coffee_break", {}, "type", "unknown event type 'coffee_break'"),
        ("rate_changed", {}, "rate_ml_h", "missing"),
        ("resumed", {"reason": "x"}, "rate_ml_h", "missing"),
        ("rate_changed", {"rate_ml_h": 60, "reason": " "}, "reason", "non-empty"),
        ("infusion_started", {"rate_ml_h": "fast"}, "rate_ml_h", "must be a number"),
        ("rate_changed", {"rate_ml_h": 0}, "rate_ml_h", "above 0"),
        ("rate_changed", {"rate_ml_h": 60, "rate": 60}, "rate", "not a field"),
        ("reaction", {"severity": "awful", "symptoms": []}, "severity", "not one of"),
        ("reaction", {"severity": "mild", "symptoms": ["hiccups"]}, "symptoms", "not a listed"),
        ("reaction", {"severity": "mild", "symptoms": "rash"}, "symptoms", "list"),
        ("premedication_given", {"drug": "", "dose": 1, "route": "IV"}, "drug", "non-empty"),
        ("premedication_given", {"drug": "x", "dose": 1, "route": "nasal"}, "route", "not one"),
        ("infusion_stopped", {}, "reason", "missing"),
        ("vitals", {**NORMAL_VITALS, "systolic": 400}, "systolic", "allowed range 40-300 mmHg"),
        ("vitals", {**NORMAL_VITALS, "diastolic": 130}, "diastolic", "below systolic"),
        ("vitals", {**NORMAL_VITALS, "temperature_f": 99}, "temperature_f", "not both"),
        ("vitals", {**NORMAL_VITALS, "bp": 120}, "bp", "not a field"),
    ],
)
def test_bad_payloads_name_the_field(
    kind: str, payload: dict[str, object], field: str, problem: str
) -> None:
    with pytest.raises(EventPayloadError) as caught:
        parse_event(kind, T0, payload)
    assert caught.value.field == field
    assert problem in caught.value.problem


STANDARD = SessionFacts("ocrevus-iv-standard", 3, 600, 500)


def started() -> list[InfusionEvent]:
    return [vitals(at(-5)), event("infusion_started", at(0), rate_ml_h=40)]


@pytest.mark.parametrize(
    ("events", "index", "kind", "field", "problem"),
    [
        ([*started(), vitals(at(-10))], 2, "vitals", "at", "before the previous event"),
        ([*started(), event("rate_changed", at(1), rate_ml_h=201)], 2, "rate_changed",
         "rate_ml_h", "above the protocol's maximum 200"),
        ([event("rate_changed", at(1), rate_ml_h=80)], 0, "rate_changed", "type", "not running"),
        ([*started(), event("infusion_started", at(1), rate_ml_h=40)], 2, "infusion_started",
         "type", "already started"),
        ([*started(), event("resumed", at(1), rate_ml_h=40)], 2, "resumed", "type", "paused"),
        ([*started(), event("paused", at(1)), event("rate_changed", at(2), rate_ml_h=40)], 3,
         "rate_changed", "type", "record resumed"),
        ([*started(), event("reaction_resolved", at(1))], 2, "reaction_resolved", "type",
         "no reaction"),
        ([*started(), event("reaction", at(1), severity="life_threatening", symptoms=[]),
          event("rate_changed", at(2), rate_ml_h=20)], 3, "rate_changed", "type", "discontinued"),
        ([*started(), event("discharged", at(1))], 2, "discharged", "type", "has not ended"),
        ([*started(), event("infusion_ended", at(1)), event("discharged", at(2)), vitals(at(3))],
         4, "vitals", "type", "after discharge"),
    ],
)  # fmt: skip
def test_impossible_sequences_name_the_event(
    library: dict[str, Protocol],
    events: list[InfusionEvent],
    index: int,
    kind: str,
    field: str,
    problem: str,
) -> None:
    with pytest.raises(EventSequenceError) as caught:
        check_events(library["ocrevus-iv-standard"], STANDARD, events)
    error = caught.value
    assert (error.index, error.event_type, error.field) == (index, kind, field)
    assert problem in error.problem
    assert str(error).startswith(f"event {index} ({kind}): field '{field}'")


def test_a_possible_sequence_passes(library: dict[str, Protocol]) -> None:
    events = [
        *started(),
        event("paused", at(10)),
        event("resumed", at(12), rate_ml_h=40),
        event("infusion_ended", at(200)),
        event("discharged", at(270)),
    ]
    check_events(library["ocrevus-iv-standard"], STANDARD, events)


def test_session_facts_are_checked_against_the_protocol(library: dict[str, Protocol]) -> None:
    assert check_session_facts(library["ocrevus-iv-standard"], STANDARD) == []
    wrong_dose = SessionFacts("ocrevus-iv-standard", 3, 300, 500)
    assert check_session_facts(library["ocrevus-iv-standard"], wrong_dose)[0][0] == "dose_mg"
    too_strong = SessionFacts("rituximab-first", 1, 1000, 200)  # 5 mg/mL
    problems = check_session_facts(library["rituximab-first"], too_strong)
    assert problems == [("bag_volume_ml", "concentration 5.00 mg/mL is outside 1-4 mg/mL")]


def test_a_rate_event_keeps_its_reason() -> None:
    parsed = parse_event("rate_changed", T0, {"rate_ml_h": 90, "reason": " prescriber order "})
    assert parsed.reason == "prescriber order"
    assert event_payload(parsed) == {"rate_ml_h": 90, "reason": "prescriber order"}
    assert parse_event("rate_changed", T0, event_payload(parsed)) == parsed


def test_an_infusion_without_a_start_rate_is_refused_but_an_injection_is_not(
    library: dict[str, Protocol],
) -> None:
    start = [parse_event("infusion_started", T0, {})]
    with pytest.raises(EventSequenceError, match="rate_ml_h"):
        check_events(library["ocrevus-iv-standard"], STANDARD, start)
    zunovo = SessionFacts("ocrevus-zunovo-sc", 2, 920, 23)
    check_events(library["ocrevus-zunovo-sc"], zunovo, start)
