"""One session as a FHIR R4 collection Bundle, built as plain data (no FHIR library shipped):
the assembly, the Patient and Practitioners, and the Observations (weight and vital signs).

What was given and any reactions are built in fhir_medication; codes, data types and ids in
fhir_parts. Tests check every bundle with fhir.resources (R4B).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nurse_monitor.reports.fhir_follow_up import add_follow_up
from nurse_monitor.reports.fhir_medication import add_infusion, add_premedication, add_reaction
from nurse_monitor.reports.fhir_parts import (
    BODY_WEIGHT,
    BP_PANEL,
    DIASTOLIC,
    IDENTIFIER_TYPE,
    JSON,
    NEWS2,
    RECORD_NUMBER_SYSTEM,
    SESSION_SYSTEM,
    SEX,
    SYSTOLIC,
    VITAL_SIGNS_PANEL,
    VITALS,
    BundleBuilder,
    category,
    instant,
    loinc,
    quantity,
)
from nurse_monitor.services.chair_view import ChairView, ReadingRecord
from nurse_monitor.services.follow_ups import FollowUpItem


def session_bundle(
    view: ChairView, generated_at: datetime, follow_up: FollowUpItem | None = None
) -> JSON:
    """The Bundle for one session: Patient, Practitioners, Observations, administrations,
    adverse events, and the follow-up call after it when one was made."""
    b = BundleBuilder(view)
    _add_patient(b)
    _add_weight(b)
    for reading in view.readings:
        _add_reading(b, reading)
    infusion = add_infusion(b)
    for entry in view.readable:
        if entry.event.type == "premedication_given":
            add_premedication(b, entry)
    for index, reaction in enumerate(view.reactions):
        add_reaction(b, index, reaction, infusion)
    if follow_up is not None:
        add_follow_up(b, follow_up)
    _add_practitioners(b)
    return {
        "resourceType": "Bundle",
        "id": str(b.uid("bundle")),
        "identifier": {"system": SESSION_SYSTEM, "value": str(view.session.id)},
        "type": "collection",
        "timestamp": instant(generated_at),
        "entry": b.entries,
    }


def _add_patient(b: BundleBuilder) -> None:
    p = b.view.patient
    b.add(
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


def _add_practitioners(b: BundleBuilder) -> None:
    """A Practitioner for everyone the other resources refer to, so it is added last."""
    for user_id in sorted(b.people):
        signature = b.view.people.get(user_id, "?")
        b.add(
            f"practitioner/{user_id}",
            {"resourceType": "Practitioner", "name": [{"text": signature}]},
        )


def _add_observation(
    b: BundleBuilder,
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
        "subject": b.subject(),
        "effectiveDateTime": instant(at),
    }
    if by is not None:
        resource["performer"] = [b.person(by)]
    return b.add(key, resource | fields)


def _add_weight(b: BundleBuilder) -> None:
    weight = b.view.session.weight_kg or b.view.patient.weight_kg
    if weight is None:
        return
    _add_observation(
        b,
        "weight",
        loinc(BODY_WEIGHT, "Body weight"),
        b.view.session.created_at,
        b.view.session.nurse_id,
        valueQuantity=quantity(weight, "kg"),
    )


def _add_reading(b: BundleBuilder, r: ReadingRecord) -> None:
    """One set of vitals: blood pressure and each vital sign, NEWS2 derived from them, a panel."""
    key = f"reading/{r.id}"
    by = _reader(b.view, r)
    members = []
    if r.systolic is not None and r.diastolic is not None:
        members.append(
            _add_observation(
                b,
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
            _add_observation(
                b,
                f"{key}/{name}",
                loinc(codes, display),
                r.taken_at,
                by,
                kind=kind,
                valueQuantity=quantity(value, unit),
            )
        )
    if r.news2_total is not None:
        _add_observation(
            b,
            f"{key}/news2",
            loinc(NEWS2, "National early warning score [NEWS2]"),
            r.taken_at,
            by,
            kind="survey",
            valueQuantity=quantity(r.news2_total, "{score}"),
            interpretation=[{"text": f"NEWS2 {r.news2_band} risk"}] if r.news2_band else [],
            derivedFrom=members,
        )
    _add_observation(
        b,
        f"{key}/panel",
        loinc(
            VITAL_SIGNS_PANEL,
            "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel",
        ),
        r.taken_at,
        by,
        hasMember=members,
    )


def _reader(view: ChairView, r: ReadingRecord) -> int | None:
    """Who recorded the reading: the vitals event taken at the same moment."""
    for t in view.timeline:
        if t.event.type == "vitals" and t.event.occurred_at == r.taken_at:
            return t.event.recorded_by_id
    return None
