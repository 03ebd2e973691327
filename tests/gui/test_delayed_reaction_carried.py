"""The next dose's screening asks "delayed reaction after the last infusion" with what the call
found; the nurse answers it and decides on the protocol's suggested premedication (issue 18)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import AnswerInput, record_call
from nurse_monitor.services.follow_up_carry import QUESTION
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.site_settings import default_triage_questions
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.workspace.screening_form import ScreeningForm
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.gui.station_steps import open_station, open_workspace
from tests.gui.workspace_steps import NO_TO_ALL, click
from tests.services.follow_up_walk import begin_ocrevus, signed_session
from tests.storage.conftest import Staff


def _second_session(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, *, fever: bool
) -> int:
    """Alice's second infusion, after a call that found a delayed fever (or nothing)."""
    first = signed_session(db, staff, alice, clock)
    clock.advance(timedelta(days=1))
    answers = [
        AnswerInput(q.id, True, "2026-03-02 21:00", "mild", True)
        if q.id == "fever" and fever
        else AnswerInput(q.id, False)
        for q in default_triage_questions().questions
    ]
    record_call(db, staff.nurse, first, answers, MONDAY_TO_FRIDAY)
    clock.advance(timedelta(days=13))
    second = begin_ocrevus(db, staff, alice, 2, "Chair 2")
    return second.id


@dataclass
class Screening:
    """Alice's second infusion open at its screening, every protocol question answered No."""

    workspace: SessionWorkspace
    form: ScreeningForm
    session_id: int


@pytest.fixture
def open_screening(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
    shown: dialogs.RecordingDialogs,
) -> Callable[[bool], Screening]:
    def open_it(fever: bool) -> Screening:
        sid = _second_session(db, staff, alice, clock, fever=fever)
        window = open_station(qtbot, db, clock, staff.nurse, preferences, chime, notifier)
        workspace = open_workspace(window, sid)
        workspace.show_step(Step.SCREENING)
        form = workspace.step_forms[Step.SCREENING]
        for row in form.rows:
            click(qtbot, row.yes if NO_TO_ALL[row.question.id] else row.no)
        return Screening(workspace, form, sid)

    return open_it


def _recorded(db: Database, staff: Staff, sid: int) -> list[dict]:
    return [
        t.payload
        for t in chair_view(db, staff.nurse, sid).timeline
        if t.event.type == "screening_recorded"
    ]


def test_the_screening_asks_about_the_delayed_fever_and_the_nurse_decides_the_antipyretic(
    qtbot: QtBot, db: Database, staff: Staff, open_screening: Callable[[bool], Screening]
) -> None:
    opened = open_screening(True)
    workspace, form, sid = opened.workspace, opened.form, opened.session_id
    question = form.delayed
    assert question.isVisibleTo(form) and question.title() == QUESTION
    details = question.details.text()
    assert "Call of 03 Mar 2026" in details and "triage AMBER" in details
    assert "Fever or chills (mild, from 2026-03-02 21:00, resolved)" in details
    # Never answered for the nurse: neither Yes nor No, and the suggestion waits for a yes.
    assert not question.yes.isChecked() and not question.no.isChecked()
    [row] = question.rows
    assert not row.isVisibleTo(form)
    with qtbot.waitSignal(workspace.controller.refused) as refused:
        click(qtbot, form.record)
    assert refused.args[0] == QUESTION
    click(qtbot, question.yes)
    assert row.isVisibleTo(form)
    assert "Consider the antipyretic the Ocrevus protocol lists" in row.findChild(QLabel).text()
    with qtbot.waitSignal(workspace.controller.refused) as refused:
        click(qtbot, form.record)  # a yes needs the suggestion accepted or declined
    assert "accept the suggested antipyretic" in refused.args[1]
    click(qtbot, row.decline)
    assert row.reason.isVisibleTo(form)
    row.reason.setText("prescriber says not this time")
    click(qtbot, form.record)
    qtbot.waitUntil(lambda: bool(_recorded(db, staff, sid)))
    [payload] = _recorded(db, staff, sid)
    item = payload["delayed_reaction"]
    assert item["answer"] is True and item["details"][1].startswith("Fever or chills (mild")
    assert item["suggestions"][0]["accepted"] is False
    assert item["suggestions"][0]["reason"] == "prescriber says not this time"


def test_accepting_the_suggestion_is_recorded(
    qtbot: QtBot, db: Database, staff: Staff, open_screening: Callable[[bool], Screening]
) -> None:
    opened = open_screening(True)
    form, sid = opened.form, opened.session_id
    click(qtbot, form.delayed.yes)
    click(qtbot, form.delayed.rows[0].accept)
    click(qtbot, form.record)
    qtbot.waitUntil(lambda: bool(_recorded(db, staff, sid)))
    [payload] = _recorded(db, staff, sid)
    assert payload["delayed_reaction"]["suggestions"][0]["accepted"] is True


def test_no_delayed_reaction_no_question(
    qtbot: QtBot, db: Database, staff: Staff, open_screening: Callable[[bool], Screening]
) -> None:
    opened = open_screening(False)
    form, sid = opened.form, opened.session_id
    assert not form.delayed.isVisibleTo(form)
    click(qtbot, form.record)
    qtbot.waitUntil(lambda: bool(_recorded(db, staff, sid)))
    assert "delayed_reaction" not in _recorded(db, staff, sid)[0]
