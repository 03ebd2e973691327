"""`nurse-monitor replay FILE.json`: run a recorded scenario through the engine, print statuses.

Used to check the engine against a protocol by hand and in tests. Bad input is refused with a
message naming the event (index and type) and the field, exit status 2, and nothing on stdout.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TextIO

from nurse_monitor.domain.alarm_priority import status_alarm
from nurse_monitor.domain.engine import InfusionStatus, SessionFacts, infusion_status
from nurse_monitor.domain.event_checks import (
    BAG_VOLUME_LIMIT_ML,
    EventSequenceError,
    check_events,
    check_session_facts,
)
from nurse_monitor.domain.events import EventPayloadError, InfusionEvent, parse_event
from nurse_monitor.domain.protocol_files import ProtocolFileError, load_protocol_library
from nurse_monitor.domain.protocols import Protocol, Route
from nurse_monitor.paths import protocols_dir

EXIT_OK = 0
EXIT_LIBRARY = 1
EXIT_BAD_INPUT = 2

_REQUIRED = ("protocol", "infusion_number", "dose_mg", "events", "query_times")
_OPTIONAL = (
    "bag_volume_ml",  # required for an infusion; a subcutaneous syringe has no bag
    "first_dose",
    "baseline_systolic",
    "spo2_scale",
    "age_years",
    "pregnant",
    "prior_serious_reaction",
    "previous_dose_at",
)


class ScenarioError(ValueError):
    """A scenario that cannot be replayed; the message names where and what."""


def main(path: str, stdout: TextIO, stderr: TextIO) -> int:
    """Replay one scenario file; 0 when printed, 2 for bad input, 1 for a broken library."""
    try:
        library = load_protocol_library(protocols_dir())
    except ProtocolFileError as error:
        stderr.write(f"replay: protocol library refused: {error}\n")
        return EXIT_LIBRARY
    try:
        statuses = replay(_read(path), library)
    except ScenarioError as error:
        stderr.write(f"replay: {path}: {error}\n")
        return EXIT_BAD_INPUT
    json.dump([status_as_json(s) for s in statuses], stdout, indent=2)
    stdout.write("\n")
    return EXIT_OK


def _read(path: str) -> object:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ScenarioError(f"cannot be read: {error.strerror}") from None
    except ValueError:  # e.g. a NUL byte in the path
        raise ScenarioError("is not a usable file name") from None
    except UnicodeDecodeError:
        raise ScenarioError("is not UTF-8 text") from None
    try:
        return json.loads(
            text, parse_constant=_refuse_constant, parse_int=_whole_text, parse_float=_float_text
        )
    except json.JSONDecodeError as error:
        raise ScenarioError(f"malformed JSON: {error}") from None
    except RecursionError:
        raise ScenarioError("malformed JSON: nested too deeply") from None


def replay(scenario: object, library: Mapping[str, Protocol]) -> list[InfusionStatus]:
    """The statuses at each query time for a parsed scenario, or ScenarioError."""
    if not isinstance(scenario, dict):
        raise ScenarioError("the scenario must be a JSON object")
    for name in _REQUIRED:
        if name not in scenario:
            raise ScenarioError(f"field '{name}': missing")
    for name in sorted(set(scenario) - set(_REQUIRED) - set(_OPTIONAL)):
        raise ScenarioError(f"field '{name}': not a scenario field")
    protocol = library.get(scenario["protocol"]) if isinstance(scenario["protocol"], str) else None
    if protocol is None:
        known = ", ".join(sorted(library))
        raise ScenarioError(
            f"field 'protocol': unknown protocol {scenario['protocol']!r}; known: {known}"
        )
    facts = SessionFacts(
        protocol_id=protocol.id,
        infusion_number=_whole(scenario, "infusion_number"),
        dose_mg=_number(scenario, "dose_mg"),
        bag_volume_ml=_bag_volume(scenario, protocol),
        first_dose=_optional_flag(scenario, "first_dose"),
        baseline_systolic=_whole(scenario, "baseline_systolic")
        if "baseline_systolic" in scenario
        else None,
        spo2_scale=_whole(scenario, "spo2_scale") if "spo2_scale" in scenario else 1,
        age_years=_whole(scenario, "age_years") if "age_years" in scenario else None,
        pregnant=_optional_flag(scenario, "pregnant"),
        previous_dose_at=_time(scenario["previous_dose_at"], "field 'previous_dose_at'")
        if scenario.get("previous_dose_at") is not None
        else None,
        prior_serious_reaction=bool(_optional_flag(scenario, "prior_serious_reaction")),
    )
    for field, problem in check_session_facts(protocol, facts):
        raise ScenarioError(f"field '{field}': {problem}")
    events = _events(scenario["events"])
    if facts.previous_dose_at is not None and events and facts.previous_dose_at >= events[0].at:
        raise ScenarioError(
            "field 'previous_dose_at': must be before the session's first event "
            f"({events[0].at.isoformat()})"
        )
    try:
        check_events(protocol, facts, events)
    except EventSequenceError as error:
        raise ScenarioError(str(error)) from None
    times = scenario["query_times"]
    if not isinstance(times, list) or not times:
        raise ScenarioError("field 'query_times': must be a non-empty list of times")
    moments = [_time(t, f"query_times[{i}]") for i, t in enumerate(times)]
    return [infusion_status(protocol, facts, events, now) for now in moments]


def _events(raw: object) -> list[InfusionEvent]:
    if not isinstance(raw, list):
        raise ScenarioError("field 'events': must be a list")
    events = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            raise ScenarioError(f"event {index}: must be an object")
        kind = item.get("type")
        label = f"event {index} ({kind})"
        if not isinstance(kind, str):
            raise ScenarioError(f"event {index}: field 'type': missing")
        if "at" not in item:
            raise ScenarioError(f"{label}: field 'at': missing")
        at = _time(item["at"], f"{label}: field 'at'")
        payload = {k: v for k, v in item.items() if k not in ("type", "at")}
        try:
            events.append(parse_event(kind, at, payload))
        except EventPayloadError as error:
            raise ScenarioError(f"{label}: {error}") from None
    return events


def _time(value: object, where: str) -> datetime:
    if not isinstance(value, str):
        raise ScenarioError(f"{where}: must be an ISO 8601 time, got {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ScenarioError(f"{where}: {value!r} is not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise ScenarioError(f"{where}: {value!r} needs a time zone (e.g. +00:00)")
    if not YEARS[0] <= moment.year <= YEARS[1]:
        raise ScenarioError(f"{where}: {value!r} is out of range (years {YEARS[0]}-{YEARS[1]})")
    return moment.astimezone(UTC)


MAX_DIGITS = 30  # ours: no scenario number needs more; a 5,000-digit one is refused, not parsed
YEARS = (1900, 2200)  # ours: times outside these years are typing slips, and overflow the clock


def _whole_text(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ScenarioError(
            f"malformed JSON: a number of {len(text)} digits (at most {MAX_DIGITS})"
        )
    return int(text)


def _float_text(text: str) -> float:
    value = float(text) if len(text) <= 2 * MAX_DIGITS else math.inf
    if not math.isfinite(value):
        raise ScenarioError(f"malformed JSON: {text[:20]} is not a finite number")
    return value


def _refuse_constant(name: str) -> float:
    raise ScenarioError(f"malformed JSON: {name} is not a number this program accepts")


def _number(scenario: Mapping[str, object], field: str) -> float:
    value = scenario[field]
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ScenarioError(f"field '{field}': must be a number above 0, got {value!r}")
    return float(value)


def _bag_volume(scenario: Mapping[str, object], protocol: Protocol) -> float:
    """The confirmed bag volume; a subcutaneous syringe holds the protocol's own volume."""
    if "bag_volume_ml" in scenario:
        volume = _number(scenario, "bag_volume_ml")
        if volume > BAG_VOLUME_LIMIT_ML:  # the limit the station holds a confirmed bag to
            raise ScenarioError(
                f"field 'bag_volume_ml': at most {BAG_VOLUME_LIMIT_ML:g} mL, got {volume:g}"
            )
        return volume
    if protocol.route is Route.SUBCUTANEOUS and protocol.bag_volume_ml:
        return protocol.bag_volume_ml
    raise ScenarioError("field 'bag_volume_ml': missing (an infusion needs its bag volume)")


def _whole(scenario: Mapping[str, object], field: str) -> int:
    value = scenario[field]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ScenarioError(f"field '{field}': must be a whole number of at least 1, got {value!r}")
    return value


def _optional_flag(scenario: Mapping[str, object], field: str) -> bool | None:
    value = scenario.get(field)
    if value is not None and not isinstance(value, bool):
        raise ScenarioError(f"field '{field}': must be true or false, got {value!r}")
    return value


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat(timespec="seconds")


def _tenth(value: float | None) -> float | None:
    """Round half up to 0.1 (51.25 mL prints as 51.3, as a nurse would round it)."""
    if value is None:
        return None
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def status_as_json(status: InfusionStatus) -> dict[str, object]:
    """The replay's output object for one status: times ISO 8601 UTC, mL and mL/h to 0.1."""
    news2 = status.news2
    reaction = status.current_reaction
    return {
        "at": _iso(status.at),
        "phase": status.phase.value,
        "rate_ml_h": _tenth(status.rate_ml_h),
        "volume_infused_ml": _tenth(status.volume_infused_ml),
        "dose_delivered_mg": _tenth(status.dose_delivered_mg),
        "next_rate_ml_h": _tenth(status.next_rate_ml_h),
        "next_rate_due_at": _iso(status.next_rate_due_at),
        "next_rate_ready": status.next_rate_ready,
        "next_rate_reason": status.next_rate_reason,
        "suggested_rate_ml_h": _tenth(status.suggested_rate_ml_h),
        "vitals_due_at": _iso(status.vitals_due_at),
        "vitals_overdue": status.vitals_overdue,
        "projected_end_at": _iso(status.projected_end_at),
        "ended_at": _iso(status.ended_at),
        "observation_ends_at": _iso(status.observation_ends_at),
        "discharge_allowed": status.discharge_allowed,
        "discharge_blockers": list(status.discharge_blockers),
        "news2": None
        if news2 is None
        else {
            "total": news2.total,
            "band": news2.band.value,
            "any_three": news2.any_three,
            "parameter_scores": dict(news2.parameter_scores),
        },
        "current_reaction": None
        if reaction is None
        else {
            "severity": reaction.severity.value,
            "onset_at": _iso(reaction.onset_at),
            "rate_at_onset_ml_h": _tenth(reaction.rate_at_onset),
        },
        "drug_discontinued": status.drug_discontinued,
        "alerts": [alert.as_payload() for alert in status.alerts],
        "alarm": _alarm(status),
    }


def _alarm(status: InfusionStatus) -> dict[str, object] | None:
    """The alarm condition (section 10 priorities), due items judged with the default grace."""
    condition = status_alarm(status)
    return None if condition is None else condition.as_payload()
