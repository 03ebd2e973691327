"""The session PDF shows why a rate was above the plan and why the infusion ended with volume
left (issue 14), in words extractable from the PDF."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.export.session_pdf import SessionPdfRenderer
from tests.services.chair_walk import begin_initial, prepare_to_start
from tests.storage.conftest import Staff

from .conftest import pdf_text_pages

pytestmark = pytest.mark.gui  # the chart is a widget: a QApplication is needed


def test_the_pdf_shows_the_reasons_of_an_off_plan_rate_and_an_early_end(
    qapp: QApplication, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    chair.start_infusion(db, staff.nurse, session.id, 60, "prescriber ordered a faster start")
    clock.advance(timedelta(minutes=30))
    chair.end_infusion(db, staff.nurse, session.id, 30, "patient asked to stop")
    render = SessionPdfRenderer("Clinic", "A4", staff.charge.signature, db.clock.now)
    try:
        pdf = render(chair_view(db, staff.charge, session.id))
    finally:
        render.close()
    text = " ".join(pdf_text_pages(pdf))
    assert "above the plan: prescriber ordered a faster start" in text
    assert "ended with volume left: patient asked to stop" in text
