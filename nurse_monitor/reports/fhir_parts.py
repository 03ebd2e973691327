"""What every resource in a session's FHIR bundle is built from: code systems and codes, data
types (instants, UCUM quantities, coded concepts), and the builder that gives each resource its
id and its references to the others.

Codes and units: clinical-reference.md section 7 (LOINC vital signs, UCUM units). Ids are
name-based UUIDs of the record, so exporting the same session twice gives the same resource ids.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from nurse_monitor.services.chair_view import ChairView, TimelineEntry

JSON = dict[str, Any]
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
AE_SEVERITY = "http://terminology.hl7.org/CodeSystem/adverse-event-severity"
AE_SERIOUSNESS = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness"
AE_OUTCOME = "http://terminology.hl7.org/CodeSystem/adverse-event-outcome"
RECORD_NUMBER_SYSTEM = "urn:nurse-monitor:record-number"
SESSION_SYSTEM = "urn:nurse-monitor:session"
_NAMESPACE = uuid.UUID("5b0f7c1e-3c57-4c55-9a51-6a1f0e1d2c01")

# (key, LOINC codes, display, UCUM unit); SpO2 carries both codes the reference gives.
VITALS = {
    "heart_rate": (("8867-4",), "Heart rate", "/min"),
    "respiratory_rate": (("9279-1",), "Respiratory rate", "/min"),
    "temperature_c": (("8310-5",), "Body temperature", "Cel"),
    "spo2": (("2708-6", "59408-5"), "Oxygen saturation in Arterial blood by Pulse oximetry", "%"),
    "pain": (
        ("72514-3",),
        "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        "{score}",
    ),
}
VITAL_SIGNS_PANEL = "85353-1"
BP_PANEL = "85354-9"
SYSTOLIC = "8480-6"
DIASTOLIC = "8462-4"
BODY_WEIGHT = "29463-7"
NEWS2 = "88330-6"
SEX = {"female": "female", "male": "male", "other": "other"}
AE_SEVERITY_CODE = {"mild": "mild", "moderate": "moderate", "severe": "severe"}


def instant(moment: datetime) -> str:
    """FHIR dateTime in UTC: 2026-03-02T09:30:00Z."""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def quantity(value: float, unit: str) -> JSON:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def loinc(codes: tuple[str, ...] | str, display: str) -> JSON:
    codes = (codes,) if isinstance(codes, str) else codes
    return {
        "coding": [{"system": LOINC, "code": c, "display": display} for c in codes],
        "text": display,
    }


def category(code: str) -> list[JSON]:
    display = {"vital-signs": "Vital Signs", "survey": "Survey"}[code]
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def dose_quantity(text: str) -> JSON | None:
    """'100 mg' -> a UCUM quantity; free text that is not 'number unit' stays text only."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(mg|g|mcg|ug|mL|ml|IU|units?)\s*", text or "")
    if match is None:
        return None
    unit = {"ml": "mL", "mcg": "ug", "unit": "[iU]", "units": "[iU]", "IU": "[iU]"}.get(
        match.group(2), match.group(2)
    )
    return {"value": float(match.group(1)), "unit": match.group(2), "system": UCUM, "code": unit}


class BundleBuilder:
    """The entries of one session's bundle, in order, and the practitioners they refer to."""

    def __init__(self, view: ChairView) -> None:
        self.view = view
        self.entries: list[JSON] = []
        self.people: set[int] = set()

    def uid(self, key: str) -> uuid.UUID:
        return uuid.uuid5(_NAMESPACE, f"session/{self.view.session.id}/{key}")

    def ref(self, key: str) -> JSON:
        return {"reference": f"urn:uuid:{self.uid(key)}"}

    def add(self, key: str, resource: JSON) -> JSON:
        resource = {
            "resourceType": resource.pop("resourceType"),
            "id": str(self.uid(key)),
        } | resource
        self.entries.append({"fullUrl": f"urn:uuid:{self.uid(key)}", "resource": resource})
        return self.ref(key)

    def person(self, user_id: int) -> JSON:
        self.people.add(user_id)
        return {
            "reference": f"urn:uuid:{self.uid(f'practitioner/{user_id}')}",
            "display": self.view.people.get(user_id, "?"),
        }

    def subject(self) -> JSON:
        return self.ref("patient") | {"display": self.view.patient.display_name}

    def events(self, *types: str) -> list[TimelineEntry]:
        return [t for t in self.view.readable if t.event.type in types]
