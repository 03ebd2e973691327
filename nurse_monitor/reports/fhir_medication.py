"""What was given in a session, and what went wrong, as FHIR resources: the infusion and each
rate the pump ran at (MedicationAdministration), premedication, and infusion reactions
(AdverseEvent) with the medicines given for them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nurse_monitor.reports.fhir_parts import (
    AE_OUTCOME,
    AE_SERIOUSNESS,
    AE_SEVERITY,
    AE_SEVERITY_CODE,
    JSON,
    SESSION_SYSTEM,
    BundleBuilder,
    dose_quantity,
    instant,
    quantity,
)
from nurse_monitor.services.chair_view import DETAIL, TimelineEntry


def add_infusion(b: BundleBuilder) -> JSON:
    """The infusion with its contained drug and lot, then each rate step; returns its reference."""
    view = b.view
    s, prot, status = view.session, view.protocol, view.status
    stopped = b.events("infusion_stopped")
    if status.started_at is None:
        state = "not-done"
    elif stopped:
        state = "stopped"
    elif status.ended_at is not None:
        state = "completed"
    else:
        state = "in-progress"
    medication: JSON = {
        "resourceType": "Medication",
        "id": "drug",
        "code": {"text": f"{prot.drug} ({prot.brand})"},
    }
    if s.lot_number or s.lot_expiry:
        medication["batch"] = {
            k: v
            for k, v in (
                ("lotNumber", s.lot_number),
                ("expirationDate", s.lot_expiry.isoformat() if s.lot_expiry else None),
            )
            if v
        }
    effective: JSON
    if status.started_at is None:
        effective = {"effectiveDateTime": instant(s.created_at)}
    else:
        period = {"start": instant(status.started_at)}
        if status.ended_at is not None:
            period["end"] = instant(status.ended_at)
        effective = {"effectivePeriod": period}
    rates = status.rate_history
    dosage: JSON = {
        "text": f"{s.dose_mg:g} mg {prot.route.value} in {view.facts.bag_volume_ml:g} mL, "
        f"{prot.display_name}",
        "route": {"text": prot.route.value},
        "dose": quantity(s.dose_mg, "mg"),
    }
    if rates:
        dosage["rateQuantity"] = quantity(rates[0][1], "mL/h")
    notes = [{"text": f"Protocol source: {prot.source}"}]
    ended = b.events("infusion_ended")
    if ended:
        volume = (ended[-1].payload.get(DETAIL) or {}).get("volume_infused_ml")
        if volume is not None:
            notes.append({"text": f"Volume infused (pump): {volume:g} mL"})
    infusion = b.add(
        "infusion",
        {
            "resourceType": "MedicationAdministration",
            "contained": [medication],
            "identifier": [{"system": SESSION_SYSTEM, "value": str(s.id)}],
            "status": state,
            "medicationReference": {"reference": "#drug"},
            "subject": b.subject(),
            **effective,
            "performer": [{"actor": b.person(s.nurse_id)}],
            "note": notes,
            "dosage": dosage,
        },
    )
    for index, entry in enumerate(b.events("infusion_started", "rate_changed", "resumed")):
        add_rate_step(b, index, entry, infusion)
    return infusion


def add_rate_step(b: BundleBuilder, index: int, entry: TimelineEntry, infusion: JSON) -> None:
    """Each rate the pump ran at, part of the infusion, with who set it and why."""
    at = entry.event.occurred_at
    later = [t for t, _ in b.view.status.rate_history if t > at]
    end = later[0] if later else b.view.status.ended_at
    period = {"start": instant(at)} | ({"end": instant(end)} if end else {})
    reason = (entry.payload.get(DETAIL) or {}).get("reason") or (
        "start of infusion" if entry.event.type == "infusion_started" else ""
    )
    resource: JSON = {
        "resourceType": "MedicationAdministration",
        "partOf": [infusion],
        "status": "completed" if end else "in-progress",
        "medicationCodeableConcept": {"text": b.view.protocol.drug},
        "subject": b.subject(),
        "effectivePeriod": period,
        "performer": [{"actor": b.person(entry.event.recorded_by_id)}],
        "dosage": {"rateQuantity": quantity(float(entry.payload["rate_ml_h"]), "mL/h")},
    }
    if reason:
        resource["note"] = [{"text": f"Rate change: {reason}"}]
    b.add(f"rate/{index}", resource)


def add_premedication(b: BundleBuilder, entry: TimelineEntry) -> None:
    p = entry.payload
    b.add(
        f"premedication/{entry.event.id}",
        {
            "resourceType": "MedicationAdministration",
            "status": "completed",
            "category": {"text": "premedication"},
            "medicationCodeableConcept": {"text": str(p.get("drug"))},
            "subject": b.subject(),
            "effectiveDateTime": instant(entry.event.occurred_at),
            "performer": [{"actor": b.person(entry.event.recorded_by_id)}],
            "dosage": _dosage(p, p.get("route")),
        },
    )


def add_reaction(b: BundleBuilder, index: int, r: Any, infusion: JSON) -> None:
    """The reaction as an AdverseEvent suspecting the infusion, then each medicine given for it."""
    severity = AE_SEVERITY_CODE.get(r.severity, "severe")
    grade = f", CTCAE grade {r.ctcae_grade}" if r.ctcae_grade else ""
    serious = r.severity in ("severe", "life_threatening")
    event: JSON = {
        "resourceType": "AdverseEvent",
        "actuality": "actual",
        "event": {"text": "Infusion-related reaction: " + ", ".join(r.symptoms)},
        "subject": b.subject(),
        "date": instant(r.onset_at),
        "detected": instant(r.onset_at),
        "severity": {
            "coding": [{"system": AE_SEVERITY, "code": severity}],
            "text": f"{r.severity.replace('_', '-')}{grade}",
        },
        "seriousness": {
            "coding": [{"system": AE_SERIOUSNESS, "code": "serious" if serious else "non-serious"}]
        },
        "outcome": {
            "coding": [{"system": AE_OUTCOME, "code": "resolved" if r.resolved_at else "ongoing"}],
            "text": r.outcome or "ongoing",
        },
        "suspectEntity": [{"instance": infusion}],
    }
    onset_entry = next((t for t in b.events("reaction") if t.event.occurred_at == r.onset_at), None)
    if onset_entry is not None:
        event["recorder"] = b.person(onset_entry.event.recorded_by_id)
        event["recordedDate"] = instant(onset_entry.event.recorded_at)
    adverse = b.add(f"reaction/{index}", event)
    for number, given in enumerate(r.interventions):
        b.add(
            f"reaction/{index}/medicine/{number}",
            {
                "resourceType": "MedicationAdministration",
                "status": "completed",
                "medicationCodeableConcept": {"text": str(given.get("drug"))},
                "subject": b.subject(),
                "effectiveDateTime": instant(datetime.fromisoformat(str(given["at"]))),
                "supportingInformation": [adverse],
                "note": [{"text": "Given for the infusion reaction"}],
                "dosage": _dosage(given, str(given.get("route"))),
            },
        )


def _dosage(given: dict[str, Any], route: Any) -> JSON:
    """A dose as the nurse wrote it ('100 mg' 'IV'), with a UCUM dose when the text parses."""
    dosage: JSON = {
        "text": f"{given.get('dose')} {given.get('route')}",
        "route": {"text": route},
    }
    dose = dose_quantity(str(given.get("dose", "")))
    if dose is not None:
        dosage["dose"] = dose
    return dosage
