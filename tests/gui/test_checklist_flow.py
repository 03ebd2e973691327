"""The checklist ticks the moment a step is recorded, a repeated click records nothing twice,
and the step tab moves on to the next open step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import ChartType, Step
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.gui.workspace_steps import NO_TO_ALL, answer_screening, click, enter_vitals
from tests.services.chair_walk import NORMAL_VITALS, begin_initial, prepare_to_start
from tests.storage.conftest import Staff


def row_text(workspace: object, step: Step) -> str:
    steps = workspace.checklist.steps  # type: ignore[attr-defined]
    for row in range(steps.count()):
        item = steps.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == step.value:
            return str(item.text())
    raise AssertionError(step)


def test_teaching_ticks_at_once_and_a_second_click_records_nothing_more(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    chair.start_infusion(db, staff.nurse, session.id, 30)
    clock.advance(minutes=30)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    chair.end_infusion(db, staff.nurse, session.id, 260)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    workspace.show_step(Step.DISCHARGE)
    form = workspace.step_forms[Step.DISCHARGE]
    for box in form.topics.values():
        box.setChecked(True)
    click(qtbot, form.record)
    assert row_text(workspace, Step.DISCHARGE).startswith("✓")  # not only after discharge
    click(qtbot, form.record)
    timeline = chair_view(db, staff.nurse, session.id).timeline
    assert [e.event.type for e in timeline].count(ChartType.TEACHING_GIVEN) == 1
    assert workspace.steps.currentWidget() is form  # the discharge itself is still to do


def test_the_step_tab_moves_on_to_the_next_open_step(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    answer_screening(qtbot, workspace, NO_TO_ALL)
    enter_vitals(qtbot, workspace)
    workspace.show_step(Step.IV_ACCESS)
    iv = workspace.step_forms[Step.IV_ACCESS]
    click(qtbot, iv.record)
    assert row_text(workspace, Step.IV_ACCESS).startswith("✓")
    assert workspace.shown_step is Step.PREMEDICATIONS
    assert workspace.steps.currentWidget() is workspace.step_forms[Step.PREMEDICATIONS]
    click(qtbot, iv.record)  # the same cannula again: still one record
    timeline = chair_view(db, staff.nurse, session.id).timeline
    assert [e.event.type for e in timeline].count(ChartType.IV_ACCESS_RECORDED) == 1


def test_checklist_items_look_clickable(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session.id)
    steps = workspace.checklist.steps
    assert steps.viewport().cursor().shape() == Qt.CursorShape.PointingHandCursor
    assert ":hover" in steps.styleSheet()
