"""At discharge the nurse prints or saves the take-home sheet, or records why not: a discharge
checklist step that blocks discharge until done (issue 18), through the real widgets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.gui.station_steps import open_station, open_workspace
from tests.reports.conftest import pdf_text_pages
from tests.services.chair_walk import NORMAL_VITALS, running_session, titrate_to_the_end
from tests.storage.conftest import Staff

TOPICS = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]


@pytest.fixture
def ready_to_discharge(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
) -> tuple[SessionWorkspace, int]:
    """Teaching given and observation over: only the take-home sheet is left before discharge."""
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    titrate_to_the_end(db, nurse, clock, session_id)
    chair.end_infusion(db, nurse, session_id, 260)
    chair.record_teaching(db, nurse, session_id, TOPICS, date(2026, 3, 16))
    ends = chair_view(db, nurse, session_id).status.observation_ends_at
    assert ends is not None
    clock.set(ends)
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    window = open_station(qtbot, db, clock, nurse, preferences, chime, notifier)
    workspace = open_workspace(window, session_id)
    return workspace, session_id


def _discharge_refused_naming_the_sheet(qtbot: QtBot, workspace: SessionWorkspace) -> None:
    workspace.show_step(Step.DISCHARGE)
    form = workspace.step_forms[Step.DISCHARGE]
    assert "Take-home sheet" in form.observation.text()
    with qtbot.waitSignal(workspace.controller.refused) as refused:
        qtbot.mouseClick(form.discharge, Qt.MouseButton.LeftButton)
    assert "Take-home sheet" in refused.args[1]
    assert "Take-home sheet" in workspace.banner.text()
    assert workspace.controller.view.status.phase.value != "ended"


def test_discharge_waits_for_the_sheet_then_saving_it_ticks_the_step(
    qtbot: QtBot,
    ready_to_discharge: tuple[SessionWorkspace, int],
    staff: Staff,
    db: Database,
    shown: dialogs.RecordingDialogs,
    tmp_path: Path,
) -> None:
    workspace, session_id = ready_to_discharge
    _discharge_refused_naming_the_sheet(qtbot, workspace)
    workspace.show_step(Step.TAKE_HOME_SHEET)
    form = workspace.step_forms[Step.TAKE_HOME_SHEET]
    assert "Not yet given" in form.state.text()
    target = tmp_path / "sheet.pdf"
    shown.path_answers.append(str(target))
    qtbot.mouseClick(form.save_sheet, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.controller.view.checklist.step(Step.TAKE_HOME_SHEET).done)
    assert "Saved as PDF" in form.state.text() and staff.nurse.signature in form.state.text()
    assert "Your next dose is due on Monday 16 March 2026." in " ".join(
        pdf_text_pages(target.read_bytes())
    )
    kept = [
        t
        for t in chair_view(db, staff.nurse, session_id).timeline
        if t.event.type == "take_home_sheet"
    ]
    assert len(kept) == 1 and "Get emergency help now" in kept[0].payload["text"]
    exports = [a for a in audit_trail(db, staff.charge) if a.action == "export"]
    assert [(a.record_id, a.detail["format"]) for a in exports] == [(session_id, "take_home")]
    workspace.show_step(Step.DISCHARGE)
    qtbot.mouseClick(workspace.step_forms[Step.DISCHARGE].discharge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.controller.view.status.phase.value == "ended")


def test_printing_the_sheet_ticks_the_step_and_prints_its_words(
    qtbot: QtBot,
    ready_to_discharge: tuple[SessionWorkspace, int],
    shown: dialogs.RecordingDialogs,
    tmp_path: Path,
) -> None:
    workspace, _ = ready_to_discharge
    form = workspace.step_forms[Step.TAKE_HOME_SHEET]
    workspace.show_step(Step.TAKE_HOME_SHEET)
    printed = tmp_path / "printer.pdf"
    shown.path_answers.append(str(printed))  # the recording printer prints to this file
    qtbot.mouseClick(form.print_sheet, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.controller.view.checklist.step(Step.TAKE_HOME_SHEET).done)
    assert "Printed" in form.state.text()
    assert ("choose_printer", "Print the take-home sheet", "") in shown.shown
    words = " ".join(pdf_text_pages(printed.read_bytes()))
    assert "Get emergency help now" in words


def test_a_reason_for_no_sheet_ticks_the_step_and_lets_discharge_proceed(
    qtbot: QtBot,
    ready_to_discharge: tuple[SessionWorkspace, int],
    shown: dialogs.RecordingDialogs,
) -> None:
    workspace, _ = ready_to_discharge
    _discharge_refused_naming_the_sheet(qtbot, workspace)
    form = workspace.step_forms[Step.TAKE_HOME_SHEET]
    workspace.show_step(Step.TAKE_HOME_SHEET)
    shown.text_answers.append("   ")  # a blank reason is refused, nothing recorded
    with qtbot.waitSignal(workspace.controller.refused) as refused:
        qtbot.mouseClick(form.not_given, Qt.MouseButton.LeftButton)
    assert refused.args[0] == "Reason"
    assert not workspace.controller.view.checklist.step(Step.TAKE_HOME_SHEET).done
    shown.text_answers.append("patient declined: has the sheet from last time")
    qtbot.mouseClick(form.not_given, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.controller.view.checklist.step(Step.TAKE_HOME_SHEET).done)
    assert "Not given: patient declined" in form.state.text()
    workspace.show_step(Step.DISCHARGE)
    qtbot.mouseClick(workspace.step_forms[Step.DISCHARGE].discharge, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: workspace.controller.view.status.phase.value == "ended")


def test_the_save_dialog_suggests_the_name_the_chart_files_it_by_not_a_database_id(
    qtbot: QtBot,
    ready_to_discharge: tuple[SessionWorkspace, int],
    alice: PatientRecord,
    shown: dialogs.RecordingDialogs,
) -> None:
    workspace, session_id = ready_to_discharge
    workspace.show_step(Step.TAKE_HOME_SHEET)
    form = workspace.step_forms[Step.TAKE_HOME_SHEET]
    qtbot.mouseClick(form.save_sheet, Qt.MouseButton.LeftButton)  # cancelled: no path given
    [(kind, _title, suggested)] = shown.shown
    assert kind == "choose_file"
    day = chair_view_day(workspace)
    assert suggested == f"{alice.record_number} {day} ocrelizumab take-home.pdf", session_id


def chair_view_day(workspace: SessionWorkspace) -> str:
    """The session's station-local date, as the chart's file names give it."""
    return workspace.controller.view.session.created_at.astimezone().date().isoformat()
