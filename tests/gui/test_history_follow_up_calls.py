"""The patient's history shows each follow-up call in full (issue 18): when, who called, the
attempts, reached or not, each symptom with onset, severity and resolution, the triage and its
action, and the free text; not a one-line summary."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import (
    AnswerInput,
    record_attempt,
    record_call,
    record_not_reached,
)
from nurse_monitor.services.follow_up_carry import DelayedAnswer
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.review import patient_history
from nurse_monitor.services.site_settings import default_triage_questions
from nurse_monitor.ui.review.patient_history import PatientHistoryView
from nurse_monitor.ui.time_format import date_time
from tests.plugins.stations import StationFor
from tests.services.follow_up_walk import signed_session
from tests.storage.conftest import Staff


def _calls(db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock) -> tuple[int, int]:
    """A first infusion reached on the second try with a headache; a second, with a reaction,
    never reached after two tries (a letter sent)."""
    first = signed_session(db, staff, alice, clock)
    clock.advance(timedelta(days=1))
    record_attempt(db, staff.nurse, first, "voicemail", MONDAY_TO_FRIDAY)
    clock.advance(timedelta(hours=2))
    answers = [
        AnswerInput(q.id, True, "2026-03-02 19:00", "moderate", True)
        if q.id == "headache"
        else AnswerInput(q.id, False)
        for q in default_triage_questions().questions
    ]
    record_call(db, staff.nurse, first, answers, MONDAY_TO_FRIDAY, notes="paracetamol helped")
    clock.advance(timedelta(days=13))
    no_longer = DelayedAnswer(False)  # the headache is asked about at the screening
    second = signed_session(
        db, staff, alice, clock, infusion_number=2, reaction=True, delayed=no_longer
    )
    clock.advance(timedelta(days=1))
    record_attempt(db, staff.charge, second, "no answer", MONDAY_TO_FRIDAY)
    clock.advance(timedelta(hours=3))
    record_attempt(db, staff.charge, second, "", MONDAY_TO_FRIDAY)
    record_not_reached(db, staff.charge, second, "letter sent", MONDAY_TO_FRIDAY)
    return first, second


def test_the_history_service_keeps_each_attempt_and_the_call(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    first, second = _calls(db, staff, alice, clock)
    by_id = {s.session_id: s for s in patient_history(db, staff.nurse, alice.id).sessions}
    reached = by_id[first].follow_up_record
    assert reached is not None and reached.outcome is not None and reached.outcome.reached
    assert [(s.kind, s.by, s.reason) for s in reached.steps] == [
        ("attempt", staff.nurse.signature, "voicemail")
    ]
    assert reached.attempts == 2
    missed = by_id[second].follow_up_record
    assert missed is not None and missed.outcome is not None and not missed.outcome.reached
    assert missed.outcome.what_was_done == "letter sent"
    assert [s.by for s in missed.steps] == [staff.charge.signature] * 2


def test_the_history_window_shows_the_calls_in_full(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    station_for: StationFor,
) -> None:
    first, _ = _calls(db, staff, alice, clock)
    view = PatientHistoryView(station_for(staff.charge), alice.id)
    qtbot.addWidget(view)
    text = " ".join(view.calls.toPlainText().split())
    call = next(s for s in view.history.sessions if s.session_id == first).follow_up_record
    assert call is not None and call.outcome is not None
    attempt_at = date_time(call.steps[0].at)
    for words in (
        f"Attempt 1: {attempt_at} by {staff.nurse.signature}, not answered (voicemail)",
        f"Reached: attempt 2, {date_time(call.outcome.at)}, called by {staff.nurse.signature}",
        "Triage AMBER: Review within 24 hours",
        "Headache: onset 2026-03-02 19:00, moderate, resolved (amber)",
        "Asked, not present: Tiredness, Flushing, Rash or itching, Fever or chills",
        "Notes: paracetamol helped",
        f"by {staff.charge.signature}, not answered (no answer)",
        "Not reached after 2 attempts",
        "What was done: letter sent",
    ):
        assert words in text, words
    # The newest infusion's call comes first.
    assert text.index("infusion 2") < text.index("infusion 1")
