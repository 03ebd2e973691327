"""The follow-up call in the FHIR bundle (validated as R4B), in the session PDF as an addendum
after the signature, and in the handoff sheet's calls due."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from PySide6.QtWidgets import QApplication

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.reports.fhir_bundle import session_bundle
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import (
    AnswerInput,
    record_attempt,
    record_call,
    record_not_reached,
)
from nurse_monitor.services.follow_ups import follow_up_for_session
from nurse_monitor.services.site_settings import default_triage_questions
from tests.storage.conftest import Staff

from .conftest import Recorded, pdf_text_pages
from .test_export_command import run, staff_can_sign_in  # noqa: F401 (autouse: staff passwords)


def amber_call(db: Database, staff: Staff, session_id: int, clock: FakeClock) -> None:
    clock.advance(timedelta(days=1))
    answers = [
        AnswerInput(q.id, True, "2026-03-02 19:00", "moderate", True)
        if q.id == "headache"
        else AnswerInput(q.id, False)
        for q in default_triage_questions().questions
    ]
    record_call(db, staff.nurse, session_id, answers, MONDAY_TO_FRIDAY, notes="rested")


def of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_the_call_and_its_delayed_symptom_validate_as_fhir_r4(
    db: Database, staff: Staff, recorded: Recorded, clock: FakeClock
) -> None:
    amber_call(db, staff, recorded.session_id, clock)
    item = follow_up_for_session(db, staff.nurse, recorded.session_id, MONDAY_TO_FRIDAY)
    view = chair_view(db, staff.nurse, recorded.session_id)
    bundle = json.loads(json.dumps(session_bundle(view, clock.now(), item)))
    Bundle.model_validate(bundle)
    [call] = of_type(bundle, "Communication")
    assert call["status"] == "completed"
    assert "amber result, Review within 24 hours" in call["payload"][0]["contentString"]
    assert call["sender"] == {"display": staff.nurse.signature}
    symptoms = [o for o in of_type(bundle, "Observation") if "Delayed symptom" in o["code"]["text"]]
    assert [(o["code"]["text"], o["valueCodeableConcept"]["text"]) for o in symptoms] == [
        ("Delayed symptom after the infusion: Headache", "moderate")
    ]
    assert symptoms[0]["interpretation"] == [{"text": "amber"}]
    assert symptoms[0]["derivedFrom"][0]["reference"].startswith("urn:uuid:")


def test_a_call_not_reached_is_a_not_done_communication(
    db: Database, staff: Staff, recorded: Recorded, clock: FakeClock
) -> None:
    clock.advance(timedelta(days=1))
    record_attempt(db, staff.nurse, recorded.session_id, "no answer", MONDAY_TO_FRIDAY)
    record_not_reached(db, staff.nurse, recorded.session_id, "letter sent", MONDAY_TO_FRIDAY)
    item = follow_up_for_session(db, staff.nurse, recorded.session_id, MONDAY_TO_FRIDAY)
    view = chair_view(db, staff.nurse, recorded.session_id)
    bundle = json.loads(json.dumps(session_bundle(view, clock.now(), item)))
    Bundle.model_validate(bundle)
    [call] = of_type(bundle, "Communication")
    assert (call["status"], call["statusReason"]["text"]) == ("not-done", "letter sent")


@pytest.mark.gui
def test_the_session_pdf_has_the_call_as_an_addendum_after_the_signature(
    qapp: QApplication,
    db: Database,
    staff: Staff,
    recorded: Recorded,
    clock: FakeClock,
    sqlite_database_url: str,
    tmp_path: Path,
) -> None:
    amber_call(db, staff, recorded.session_id, clock)
    target = tmp_path / "record.pdf"
    code, _, err = run(
        sqlite_database_url, clock, "pdf", "--session", str(recorded.session_id), "-o", str(target)
    )
    assert (code, err) == (0, "")
    text = " ".join(pdf_text_pages(target.read_bytes()))
    signed = text.index("Signatures")
    addendum = text.index("Addendum after signature: follow-up call")
    assert signed < addendum
    after = text[addendum:]
    assert "AMBER: Review within 24 hours" in after
    assert "Headache" in after and "moderate" in after
    assert staff.nurse.signature in after


@pytest.mark.gui
def test_the_handoff_sheet_lists_the_calls_due(
    qapp: QApplication,
    db: Database,
    staff: Staff,
    recorded: Recorded,
    clock: FakeClock,
    sqlite_database_url: str,
    tmp_path: Path,
) -> None:
    clock.advance(timedelta(days=1))
    target = tmp_path / "handoff.pdf"
    code, _, err = run(sqlite_database_url, clock, "handoff", "-o", str(target))
    assert (code, err) == (0, "")
    text = " ".join(pdf_text_pages(target.read_bytes()))
    calls = text[text.index("Calls due") :]
    assert "MORGAN, Alice" in calls and "MRN-100234" in calls and "due today" in calls
