"""The workspace's tabs that are not on screen (vital signs table, checklist step, reactions,
timeline) are brought up to date when they are brought forward, not at every save: what each
shows then is what a workspace opened afresh on the same record shows."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.workspace import (
    TAB_INFUSION,
    TAB_REACTIONS,
    TAB_STEP,
    TAB_TIMELINE,
    TAB_VITALS,
    SessionWorkspace,
)
from tests.gui.station_steps import open_workspace
from tests.gui.test_chair_workspace import window_for
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.storage.conftest import Staff


def shown(model: QAbstractItemModel) -> list[list[object]]:
    return [
        [model.index(r, c).data(Qt.ItemDataRole.DisplayRole) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def what_it_shows(workspace: SessionWorkspace) -> dict[str, object]:
    step = workspace.steps.currentWidget()
    return {
        "readings": shown(workspace.readings_model),
        "timeline": shown(workspace.timeline.model),
        "advice": workspace.reactions.advice.text(),
        "rule": workspace.reactions.rule.text(),
        "apply": workspace.reactions.apply.text(),
        "step": type(step).__name__,
    }


def test_tabs_not_on_screen_are_right_when_brought_forward(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    window = window_for(qtbot, db, staff, clock)
    workspace = open_workspace(window, session_id)
    workspace.tabs.setCurrentIndex(TAB_INFUSION)
    controller = workspace.controller
    rows_before = workspace.timeline.model.rowCount()

    clock.advance(minutes=15)
    assert controller.perform(chair.record_vitals, NORMAL_VITALS)
    assert controller.perform(chair.change_rate, 60, "titration")
    clock.advance(minutes=5)
    assert controller.perform(
        reactions.record_reaction, severity="mild", symptoms=["pruritus"], ctcae_grade=1
    )
    # Not on screen: not redrawn at each save.
    assert workspace.timeline.model.rowCount() == rows_before
    for tab in (TAB_VITALS, TAB_STEP, TAB_REACTIONS, TAB_TIMELINE):
        workspace.tabs.setCurrentIndex(tab)

    fresh = SessionWorkspace(ChairController(window.station, session_id))
    qtbot.addWidget(fresh)
    assert what_it_shows(workspace) == what_it_shows(fresh)
    view = controller.view
    assert len(shown(workspace.readings_model)) == len(view.readings)
    assert workspace.timeline.model.rowCount() == len(view.timeline) + len(view.alarm_log)
    assert "reduce the rate" in workspace.reactions.advice.text()
