"""The FHIR bundle validates against R4 (fhir.resources R4B), carries the right codes and units,
keeps every reference inside the bundle, and survives a round trip."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from nurse_monitor.clock import FakeClock
from nurse_monitor.reports.fhir_bundle import session_bundle
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from tests.storage.conftest import Staff

from .conftest import Recorded


@pytest.fixture
def bundle(db: Database, staff: Staff, recorded: Recorded, clock: FakeClock) -> dict[str, Any]:
    return session_bundle(chair_view(db, staff.nurse, recorded.session_id), clock.now())


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def codes(resource: dict[str, Any]) -> set[str]:
    return {c["code"] for c in resource["code"]["coding"]}


def test_the_bundle_validates_as_fhir_r4(bundle: dict[str, Any]) -> None:
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    assert len(parsed.entry) == len(bundle["entry"])


def test_it_round_trips_through_json(bundle: dict[str, Any]) -> None:
    text = json.dumps(bundle)
    again = json.loads(Bundle.model_validate_json(text).model_dump_json(exclude_none=True))
    assert again == json.loads(text)


def test_vital_signs_use_loinc_and_ucum(bundle: dict[str, Any]) -> None:
    observations = resources(bundle, "Observation")
    expected = {
        "85354-9": None,
        "8867-4": "/min",
        "9279-1": "/min",
        "8310-5": "Cel",
        "2708-6": "%",
        "29463-7": "kg",
        "88330-6": "{score}",
    }
    for code, unit in expected.items():
        found = [o for o in observations if code in codes(o)]
        assert found, f"no Observation coded {code}"
        for o in found:
            assert o["status"] == "final" and o["effectiveDateTime"]
            if unit is not None:
                q = o["valueQuantity"]
                assert (q["system"], q["code"]) == ("http://unitsofmeasure.org", unit)
    spo2 = next(o for o in observations if "2708-6" in codes(o))
    assert codes(spo2) == {"2708-6", "59408-5"}
    bp = next(o for o in observations if "85354-9" in codes(o))
    parts = {c["code"]["coding"][0]["code"]: c["valueQuantity"] for c in bp["component"]}
    assert parts["8480-6"]["code"] == parts["8462-4"]["code"] == "mm[Hg]"
    assert "valueQuantity" not in bp
    vital = [o for o in observations if "88330-6" not in codes(o) and "72514-3" not in codes(o)]
    for o in vital:
        category = o["category"][0]["coding"][0]
        assert category["system"] == "http://terminology.hl7.org/CodeSystem/observation-category"
        assert category["code"] == "vital-signs"
    news2 = [o for o in observations if "88330-6" in codes(o)]
    assert sorted(o["valueQuantity"]["value"] for o in news2)[-1] == 5


def test_every_reference_resolves_inside_the_bundle(bundle: dict[str, Any]) -> None:
    urls = {e["fullUrl"] for e in bundle["entry"]}

    def walk(node: Any) -> list[str]:
        if isinstance(node, dict):
            found = [node["reference"]] if isinstance(node.get("reference"), str) else []
            return found + [r for v in node.values() for r in walk(v)]
        if isinstance(node, list):
            return [r for v in node for r in walk(v)]
        return []

    for entry in bundle["entry"]:
        for reference in walk(entry["resource"]):
            if reference.startswith("#"):
                contained = entry["resource"].get("contained", [])
                assert any(c["id"] == reference[1:] for c in contained)
            else:
                assert reference in urls, reference
    patient = resources(bundle, "Patient")[0]
    assert patient["identifier"][0]["value"] == "MRN-100234"
    assert patient["birthDate"] == "1984-05-12"


def test_administrations_and_adverse_event(bundle: dict[str, Any]) -> None:
    given = resources(bundle, "MedicationAdministration")
    infusion = next(m for m in given if "contained" in m)
    assert infusion["status"] == "completed"
    assert infusion["dosage"]["dose"] == {
        "value": 300,
        "unit": "mg",
        "system": "http://unitsofmeasure.org",
        "code": "mg",
    }
    assert infusion["contained"][0]["batch"] == {
        "lotNumber": "H0123B",
        "expirationDate": "2027-01-31",
    }
    steps = [m for m in given if m.get("partOf")]
    rates = [m["dosage"]["rateQuantity"]["value"] for m in steps]
    assert rates[:4] == [30, 60, 30, 60] and max(rates) == 180
    assert all(m["dosage"]["rateQuantity"]["code"] == "mL/h" for m in steps)
    assert any("Reaction" in m["note"][0]["text"] for m in steps)
    premeds = [m for m in given if m.get("category", {}).get("text") == "premedication"]
    assert {m["medicationCodeableConcept"]["text"] for m in premeds} == {
        "methylprednisolone",
        "diphenhydramine",
    }
    amended = next(
        m for m in premeds if m["medicationCodeableConcept"]["text"] == "diphenhydramine"
    )
    assert amended["dosage"]["dose"]["value"] == 25  # the amendment applied
    (event,) = resources(bundle, "AdverseEvent")
    assert event["actuality"] == "actual"
    assert event["severity"]["coding"][0]["code"] == "mild"
    assert event["outcome"]["coding"][0]["code"] == "resolved"
    assert "pruritus" in event["event"]["text"]
    medicine = next(m for m in given if m.get("supportingInformation"))
    assert medicine["medicationCodeableConcept"]["text"] == "cetirizine"


def test_the_same_session_gives_the_same_ids(
    db: Database, staff: Staff, recorded: Recorded, clock: FakeClock
) -> None:
    view = chair_view(db, staff.nurse, recorded.session_id)
    first = [e["fullUrl"] for e in session_bundle(view, clock.now())["entry"]]
    assert first == [e["fullUrl"] for e in session_bundle(view, clock.now())["entry"]]
