"""Screening questions read across the form with Yes and No together under them.

The screenshots showed each question wrapped to a third of the form ("Has hepatitis B /
screening been / done?") and No 380 px from Yes."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff


def test_questions_span_the_form_and_answers_sit_together(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = begin_initial(db, staff.nurse, alice).id
    window = window_for(qtbot, db, staff, clock)
    window.resize(1366, 740)
    workspace = open_workspace(window, session_id)
    workspace.show_step(Step.SCREENING)
    form = workspace.step_forms[Step.SCREENING]
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: form.width() > 500)
    for row in form.rows:
        answers_gap = row.no.geometry().left() - row.yes.geometry().right()
        assert answers_gap < 40, (row.question.text, answers_gap)
        label = next(q for q in form.findChildren(QLabel) if q.text() == row.question.text)
        assert label.width() >= form.width() * 0.6, (row.question.text, label.width())
    window.close()
