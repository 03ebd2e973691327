"""The take-home sheet is a discharge checklist step (issue 18): discharge is refused, naming
the step, until the sheet is printed or saved, or the nurse records why it was not given."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.reports.session_summary_pdf import ReportContext, session_summary_pdf
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.take_home import record_take_home_not_given
from nurse_monitor.ui.workspace.timeline_words import describe
from tests.reports.conftest import pdf_text_pages
from tests.storage.conftest import Staff

from .chair_walk import (
    NORMAL_VITALS,
    give_take_home_sheet,
    running_session,
    titrate_to_the_end,
)

TOPICS = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]


def _observed(db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock) -> int:
    """Teaching given and observation over: everything but the take-home sheet."""
    session_id = running_session(db, staff.nurse, alice, clock)
    titrate_to_the_end(db, staff.nurse, clock, session_id)
    chair.end_infusion(db, staff.nurse, session_id, 260)
    chair.record_teaching(db, staff.nurse, session_id, TOPICS, date(2026, 3, 16))
    ends = chair_view(db, staff.nurse, session_id).status.observation_ends_at
    assert ends is not None
    clock.set(ends)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    return session_id


def test_discharge_is_refused_naming_the_sheet_step_even_with_a_reason(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = _observed(db, staff, alice, clock)
    step = chair_view(db, staff.nurse, session_id).checklist.step(Step.TAKE_HOME_SHEET)
    assert not step.done and step.title == "Take-home sheet"
    for override in ("", "in a hurry"):
        with pytest.raises(InvalidInput, match="not yet: Take-home sheet"):
            chair.discharge(db, staff.nurse, session_id, override)
    give_take_home_sheet(db, staff.nurse, session_id)
    view = chair_view(db, staff.nurse, session_id)
    assert view.checklist.step(Step.TAKE_HOME_SHEET).summary == "Saved as PDF"
    chair.discharge(db, staff.nurse, session_id)


def test_no_sheet_needs_a_reason_which_closes_the_step_and_goes_on_the_record(
    qapp: QApplication, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = _observed(db, staff, alice, clock)
    before = chair_view(db, staff.nurse, session_id)
    for bad in ("  ", "x" * 501):
        with pytest.raises(InvalidInput) as refused:
            record_take_home_not_given(db, staff.nurse, session_id, bad)
        assert refused.value.field == "Reason"
    assert len(chair_view(db, staff.nurse, session_id).timeline) == len(before.timeline)
    record_take_home_not_given(db, staff.nurse, session_id, "printer down; sheet to be posted")
    view = chair_view(db, staff.nurse, session_id)
    step = view.checklist.step(Step.TAKE_HOME_SHEET)
    assert step.done and step.summary == "Not given: printer down; sheet to be posted"
    entry = view.timeline[-1]
    assert entry.event.type == "take_home_not_given"
    assert describe(entry) == "not given: printer down; sheet to be posted"
    chair.discharge(db, staff.nurse, session_id)
    view = chair_view(db, staff.nurse, session_id)
    context = ReportContext("Clinic", clock.now(), staff.nurse.signature)
    text = " ".join(pdf_text_pages(session_summary_pdf(view, context)))
    assert "Take-home sheet not given: printer down; sheet to be posted" in text


def test_the_session_pdf_says_the_sheet_was_given_and_the_record_keeps_its_text(
    qapp: QApplication, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = _observed(db, staff, alice, clock)
    give_take_home_sheet(db, staff.nurse, session_id)
    chair.discharge(db, staff.nurse, session_id)
    view = chair_view(db, staff.nurse, session_id)
    kept = next(t for t in view.readable if t.event.type == "take_home_sheet")
    assert "Get emergency help now" in kept.payload["text"]
    context = ReportContext("Clinic", clock.now(), staff.nurse.signature)
    text = " ".join(pdf_text_pages(session_summary_pdf(view, context)))
    assert "Take-home sheet given (saved as PDF)" in text
