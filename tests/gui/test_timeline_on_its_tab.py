"""Saves made while the Timeline tab is hidden: its columns are fitted and the newest entry
brought into view when the tab is shown (not measured on every save meanwhile)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.workspace.workspace import TAB_INFUSION, TAB_TIMELINE
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.storage.conftest import Staff


def test_the_newest_entry_is_in_view_when_the_timeline_tab_is_shown(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    workspace = open_workspace(window_for(qtbot, db, staff, clock), session_id)
    workspace.tabs.setCurrentIndex(TAB_INFUSION)
    panel = workspace.timeline
    for _ in range(40):  # more lines than the table shows at once
        clock.advance(minutes=5)
        assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    assert not panel.isVisible() and panel._fit_when_shown

    workspace.tabs.setCurrentIndex(TAB_TIMELINE)
    qtbot.waitUntil(lambda: not panel._fit_when_shown)
    table, model = panel.table, panel.model
    newest = table.visualRect(model.index(model.rowCount() - 1, 1))
    assert table.viewport().rect().intersects(newest)
    assert table.verticalScrollBar().value() > 0  # scrolled down to it
    assert table.columnWidth(1) >= table.sizeHintForColumn(1)
