"""One session as a FHIR R4 collection Bundle, built as plain data (no FHIR library shipped).

Codes and units: clinical-reference.md section 7 (LOINC vital signs, UCUM units). Tests check
every bundle with fhir.resources (R4B). Ids are name-based UUIDs of the record, so exporting
the same session twice gives the same resource ids.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from nurse_monitor.services.chair_view import DETAIL, ChairView, ReadingRecord, TimelineEntry

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


def session_bundle(view: ChairView, generated_at: datetime) -> JSON:
    """The Bundle for one session: Patient, Practitioners, Observations, administrations,
    adverse events."""
    b = _Builder(view)
    b.patient()
    b.weight()
    for reading in view.readings:
        b.reading(reading)
    infusion = b.infusion()
    for entry in view.timeline:
        if entry.event.type == "premedication_given":
            b.premedication(entry)
    for index, reaction in enumerate(view.reactions):
        b.reaction(index, reaction, infusion)
    b.practitioners()
    return {
        "resourceType": "Bundle",
        "id": str(b.uid("bundle")),
        "identifier": {"system": SESSION_SYSTEM, "value": str(view.session.id)},
        "type": "collection",
        "timestamp": instant(generated_at),
        "entry": b.entries,
    }


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


class _Builder:
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

    # ----- resources -----

    def patient(self) -> None:
        p = self.view.patient
        self.add(
            "patient",
            {
                "resourceType": "Patient",
                "identifier": [
                    {
                        "use": "usual",
                        "type": {
                            "coding": [{"system": IDENTIFIER_TYPE, "code": "MR"}],
                            "text": "Medical record number",
                        },
                        "system": RECORD_NUMBER_SYSTEM,
                        "value": p.record_number,
                    }
                ],
                "name": [{"use": "official", "family": p.family_name, "given": [p.given_name]}],
                "gender": SEX.get(p.sex, "unknown"),
                "birthDate": p.date_of_birth.isoformat(),
            },
        )

    def practitioners(self) -> None:
        for user_id in sorted(self.people):
            signature = self.view.people.get(user_id, "?")
            self.add(
                f"practitioner/{user_id}",
                {"resourceType": "Practitioner", "name": [{"text": signature}]},
            )

    def observation(
        self,
        key: str,
        code: JSON,
        at: datetime,
        by: int | None,
        *,
        kind: str = "vital-signs",
        **fields: Any,
    ) -> JSON:
        resource: JSON = {
            "resourceType": "Observation",
            "status": "final",
            "category": category(kind),
            "code": code,
            "subject": self.subject(),
            "effectiveDateTime": instant(at),
        }
        if by is not None:
            resource["performer"] = [self.person(by)]
        return self.add(key, resource | fields)

    def weight(self) -> None:
        weight = self.view.session.weight_kg or self.view.patient.weight_kg
        if weight is None:
            return
        self.observation(
            "weight",
            loinc(BODY_WEIGHT, "Body weight"),
            self.view.session.created_at,
            self.view.session.nurse_id,
            valueQuantity=quantity(weight, "kg"),
        )

    def reading(self, r: ReadingRecord) -> None:
        key = f"reading/{r.id}"
        by = self._reader(r)
        members = []
        if r.systolic is not None and r.diastolic is not None:
            members.append(
                self.observation(
                    f"{key}/bp",
                    loinc(BP_PANEL, "Blood pressure panel with all children optional"),
                    r.taken_at,
                    by,
                    component=[
                        {
                            "code": loinc(SYSTOLIC, "Systolic blood pressure"),
                            "valueQuantity": quantity(r.systolic, "mm[Hg]"),
                        },
                        {
                            "code": loinc(DIASTOLIC, "Diastolic blood pressure"),
                            "valueQuantity": quantity(r.diastolic, "mm[Hg]"),
                        },
                    ],
                )
            )
        values = {
            "heart_rate": r.heart_rate,
            "respiratory_rate": r.respiratory_rate,
            "temperature_c": r.temperature_c,
            "spo2": r.spo2,
            "pain": r.pain,
        }
        for name, value in values.items():
            if value is None:
                continue
            codes, display, unit = VITALS[name]
            kind = "survey" if name == "pain" else "vital-signs"
            members.append(
                self.observation(
                    f"{key}/{name}",
                    loinc(codes, display),
                    r.taken_at,
                    by,
                    kind=kind,
                    valueQuantity=quantity(value, unit),
                )
            )
        if r.news2_total is not None:
            self.observation(
                f"{key}/news2",
                loinc(NEWS2, "National early warning score [NEWS2]"),
                r.taken_at,
                by,
                kind="survey",
                valueQuantity=quantity(r.news2_total, "{score}"),
                interpretation=[{"text": f"NEWS2 {r.news2_band} risk"}] if r.news2_band else [],
                derivedFrom=members,
            )
        self.observation(
            f"{key}/panel",
            loinc(
                VITAL_SIGNS_PANEL,
                "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel",
            ),
            r.taken_at,
            by,
            hasMember=members,
        )

    def _reader(self, r: ReadingRecord) -> int | None:
        for t in self.view.timeline:
            if t.event.type == "vitals" and t.event.occurred_at == r.taken_at:
                return t.event.recorded_by_id
        return None

    def _events(self, *types: str) -> list[TimelineEntry]:
        return [t for t in self.view.timeline if t.event.type in types]

    def infusion(self) -> JSON:
        view = self.view
        s, prot, status = view.session, view.protocol, view.status
        stopped = self._events("infusion_stopped")
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
        ended = self._events("infusion_ended")
        if ended:
            volume = (ended[-1].payload.get(DETAIL) or {}).get("volume_infused_ml")
            if volume is not None:
                notes.append({"text": f"Volume infused (pump): {volume:g} mL"})
        infusion = self.add(
            "infusion",
            {
                "resourceType": "MedicationAdministration",
                "contained": [medication],
                "identifier": [{"system": SESSION_SYSTEM, "value": str(s.id)}],
                "status": state,
                "medicationReference": {"reference": "#drug"},
                "subject": self.subject(),
                **effective,
                "performer": [{"actor": self.person(s.nurse_id)}],
                "note": notes,
                "dosage": dosage,
            },
        )
        for index, entry in enumerate(self._events("infusion_started", "rate_changed", "resumed")):
            self.rate_step(index, entry, infusion)
        return infusion

    def rate_step(self, index: int, entry: TimelineEntry, infusion: JSON) -> None:
        """Each rate the pump ran at, part of the infusion, with who set it and why."""
        at = entry.event.occurred_at
        later = [t for t, _ in self.view.status.rate_history if t > at]
        end = later[0] if later else self.view.status.ended_at
        period = {"start": instant(at)} | ({"end": instant(end)} if end else {})
        reason = (entry.payload.get(DETAIL) or {}).get("reason") or (
            "start of infusion" if entry.event.type == "infusion_started" else ""
        )
        resource: JSON = {
            "resourceType": "MedicationAdministration",
            "partOf": [infusion],
            "status": "completed" if end else "in-progress",
            "medicationCodeableConcept": {"text": self.view.protocol.drug},
            "subject": self.subject(),
            "effectivePeriod": period,
            "performer": [{"actor": self.person(entry.event.recorded_by_id)}],
            "dosage": {"rateQuantity": quantity(float(entry.payload["rate_ml_h"]), "mL/h")},
        }
        if reason:
            resource["note"] = [{"text": f"Rate change: {reason}"}]
        self.add(f"rate/{index}", resource)

    def premedication(self, entry: TimelineEntry) -> None:
        p = entry.payload
        dosage: JSON = {
            "text": f"{p.get('dose')} {p.get('route')}",
            "route": {"text": p.get("route")},
        }
        dose = dose_quantity(str(p.get("dose", "")))
        if dose is not None:
            dosage["dose"] = dose
        self.add(
            f"premedication/{entry.event.id}",
            {
                "resourceType": "MedicationAdministration",
                "status": "completed",
                "category": {"text": "premedication"},
                "medicationCodeableConcept": {"text": str(p.get("drug"))},
                "subject": self.subject(),
                "effectiveDateTime": instant(entry.event.occurred_at),
                "performer": [{"actor": self.person(entry.event.recorded_by_id)}],
                "dosage": dosage,
            },
        )

    def reaction(self, index: int, r: Any, infusion: JSON) -> None:
        severity = AE_SEVERITY_CODE.get(r.severity, "severe")
        grade = f", CTCAE grade {r.ctcae_grade}" if r.ctcae_grade else ""
        serious = r.severity in ("severe", "life_threatening")
        event: JSON = {
            "resourceType": "AdverseEvent",
            "actuality": "actual",
            "event": {"text": "Infusion-related reaction: " + ", ".join(r.symptoms)},
            "subject": self.subject(),
            "date": instant(r.onset_at),
            "detected": instant(r.onset_at),
            "severity": {
                "coding": [{"system": AE_SEVERITY, "code": severity}],
                "text": f"{r.severity.replace('_', '-')}{grade}",
            },
            "seriousness": {
                "coding": [
                    {"system": AE_SERIOUSNESS, "code": "serious" if serious else "non-serious"}
                ]
            },
            "outcome": {
                "coding": [
                    {"system": AE_OUTCOME, "code": "resolved" if r.resolved_at else "ongoing"}
                ],
                "text": r.outcome or "ongoing",
            },
            "suspectEntity": [{"instance": infusion}],
        }
        onset_entry = next(
            (t for t in self._events("reaction") if t.event.occurred_at == r.onset_at), None
        )
        if onset_entry is not None:
            event["recorder"] = self.person(onset_entry.event.recorded_by_id)
            event["recordedDate"] = instant(onset_entry.event.recorded_at)
        adverse = self.add(f"reaction/{index}", event)
        for number, given in enumerate(r.interventions):
            dosage: JSON = {
                "text": f"{given.get('dose')} {given.get('route')}",
                "route": {"text": str(given.get("route"))},
            }
            dose = dose_quantity(str(given.get("dose", "")))
            if dose is not None:
                dosage["dose"] = dose
            self.add(
                f"reaction/{index}/medicine/{number}",
                {
                    "resourceType": "MedicationAdministration",
                    "status": "completed",
                    "medicationCodeableConcept": {"text": str(given.get("drug"))},
                    "subject": self.subject(),
                    "effectiveDateTime": instant(datetime.fromisoformat(str(given["at"]))),
                    "supportingInformation": [adverse],
                    "note": [{"text": "Given for the infusion reaction"}],
                    "dosage": dosage,
                },
            )
