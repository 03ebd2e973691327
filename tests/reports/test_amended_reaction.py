"""Issue 16, one write door: a reaction's amended severity and symptoms reach the session
summary PDF's text and the FHIR AdverseEvent, not only the engine."""

from __future__ import annotations

from nurse_monitor.clock import FakeClock
from nurse_monitor.reports.fhir_bundle import session_bundle
from nurse_monitor.reports.session_summary_pdf import ReportContext, session_summary_html
from nurse_monitor.services import amendments
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from tests.storage.conftest import Staff

from .conftest import Recorded


def test_an_amended_reaction_severity_reaches_the_pdf_and_fhir(
    db: Database, staff: Staff, recorded: Recorded, clock: FakeClock
) -> None:
    view = chair_view(db, staff.nurse, recorded.session_id)
    reaction = next(t for t in view.timeline if t.event.type == "reaction")
    amendments.amend_session_entry(
        db, staff.nurse, recorded.session_id, reaction.event.id, "severity", "moderate", "misgraded"
    )
    amendments.amend_session_entry(
        db,
        staff.nurse,
        recorded.session_id,
        reaction.event.id,
        "symptoms",
        ["pruritus", "flushing", "rash"],
        "rash seen later",
    )
    view = chair_view(db, staff.nurse, recorded.session_id)
    [row] = view.reactions
    assert row.severity == "moderate" and "rash" in row.symptoms
    bundle = session_bundle(view, clock.now())
    [event] = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "AdverseEvent"
    ]
    assert event["severity"]["coding"][0]["code"] == "moderate"
    assert "rash" in event["event"]["text"]
    html = session_summary_html(view, ReportContext("Clinic", clock.now(), "B"), with_chart=False)
    assert "Moderate" in html or "moderate" in html
