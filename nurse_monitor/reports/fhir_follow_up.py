"""The follow-up call in a session's FHIR bundle: the call as a `Communication` (not-done when
the patient was not reached), each delayed symptom found as an `Observation` (survey category),
its severity, onset, whether it resolved and the triage colour."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nurse_monitor.reports.fhir_parts import BundleBuilder, instant
from nurse_monitor.services.follow_ups import CallAnswer, FollowUpItem

JSON = dict[str, Any]


def add_follow_up(b: BundleBuilder, item: FollowUpItem) -> None:
    outcome = item.outcome
    if outcome is None:
        return
    if outcome.reached:
        found = [a for a in outcome.answers if a.present]
        text = (
            f"Follow-up call: {outcome.colour or 'no'} result, {outcome.action}. "
            + (
                "Delayed symptoms: " + "; ".join(_words(a) for a in found) + "."
                if found
                else "No delayed symptoms."
            )
            + (f" Prescriber informed: {outcome.prescriber}." if outcome.prescriber else "")
            + (f" Notes: {outcome.notes}" if outcome.notes else "")
        )
    else:
        found = []
        text = (
            f"Follow-up call: not reached after {item.attempts} attempts; {outcome.what_was_done}"
        )
    communication: JSON = {
        "resourceType": "Communication",
        "status": "completed" if outcome.reached else "not-done",
        "category": [{"text": "Follow-up call after the infusion"}],
        "medium": [{"text": "telephone"}],
        "subject": b.subject(),
        "sender": {"display": outcome.by},
        "recipient": [b.subject()],
        "sent": instant(outcome.at),
        "reasonCode": [{"text": reason} for reason in item.reasons],
        "payload": [{"contentString": text}],
    }
    if not outcome.reached:
        communication["statusReason"] = {"text": outcome.what_was_done or "not reached"}
    call_ref = b.add("follow-up/call", communication)
    for index, answer in enumerate(found):
        observation: JSON = {
            "resourceType": "Observation",
            "status": "final",
            "category": [{"coding": [_survey()]}],
            "code": {"text": f"Delayed symptom after the infusion: {answer.label}"},
            "subject": b.subject(),
            "issued": instant(outcome.at),
            "valueCodeableConcept": {"text": answer.severity},
            "interpretation": [{"text": answer.colour}],
            "derivedFrom": [call_ref],
            "note": [{"text": _resolved(answer)}],
        }
        onset = _onset(answer.onset)
        if onset is not None:
            observation["effectiveDateTime"] = instant(onset)
        b.add(f"follow-up/symptom/{index}", observation)


def _survey() -> JSON:
    return {
        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
        "code": "survey",
        "display": "Survey",
    }


def _resolved(a: CallAnswer) -> str:
    return {True: "resolved", False: "not resolved", None: "resolution not recorded"}[a.resolved]


def _words(a: CallAnswer) -> str:
    return f"{a.label} ({a.severity}, {_resolved(a)})"


def _onset(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone() if moment.tzinfo is None else moment
