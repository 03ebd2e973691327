"""The next dose's screening shows what the call after the last infusion found, and the
protocol's suggested premedication, on the real form."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import AnswerInput, record_call
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_start import begin_session
from nurse_monitor.services.site_settings import default_triage_questions
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.preferences import Preferences
from tests.gui.station_steps import open_station, open_workspace
from tests.services.chair_walk import initial_request
from tests.services.follow_up_walk import signed_session
from tests.storage.conftest import Staff


def test_the_screening_shows_the_delayed_fever_and_suggests_the_antipyretic(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
    shown: dialogs.RecordingDialogs,
) -> None:
    first = signed_session(db, staff, alice, clock)
    clock.advance(timedelta(days=1))
    answers = [
        AnswerInput(q.id, True, "2026-03-02 21:00", "mild", True)
        if q.id == "fever"
        else AnswerInput(q.id, False)
        for q in default_triage_questions().questions
    ]
    record_call(db, staff.nurse, first, answers, MONDAY_TO_FRIDAY)
    clock.advance(timedelta(days=13))
    second = begin_session(
        db, staff.nurse, initial_request(alice, infusion_number=2, chair="Chair 2")
    )
    window = open_station(qtbot, db, clock, staff.nurse, preferences, chime, notifier)
    workspace = open_workspace(window, second.id)
    workspace.show_step(Step.SCREENING)
    form = workspace.step_forms[Step.SCREENING]
    assert form.delayed.isVisibleTo(form)
    text = form.delayed.text()
    assert "Delayed reaction after the last infusion" in text
    assert "Fever or chills (mild, from 2026-03-02 21:00, resolved)" in text
    assert "Suggestion: Consider the antipyretic the Ocrevus protocol lists" in text
