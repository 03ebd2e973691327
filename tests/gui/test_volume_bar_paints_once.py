"""A save a minute later moves the volume on the infusion panel: the bar shows the new volume,
painted once with the rest of the window's repaint, never on its own in the middle of the
panel's update (issue 13: a bar painted at once flushes every region already waiting, so the
save paid the window's repaint twice). A volume that did not move is not painted again."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.board.signals_out import RecordingChime
from nurse_monitor.ui.workspace.workspace import TAB_INFUSION
from tests.gui.test_board_behind_the_workspace import station_with_workspace
from tests.gui.test_save_repaints_what_changed import Paints, settled
from tests.services.chair_walk import NORMAL_VITALS
from tests.storage.conftest import Staff


def test_the_volume_bar_shows_the_new_volume_painted_once(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    window, _, workspace, _ = station_with_workspace(
        qtbot, db, staff, alice, clock, RecordingChime()
    )
    workspace.stop_live_updates()
    workspace.tabs.setCurrentIndex(TAB_INFUSION)
    clock.advance(minutes=15)
    window.idle.touch()
    assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    qtbot.waitExposed(window)
    settled(qtbot)
    bar = workspace.infusion.volume
    before = bar.text(), bar.value()
    app = QApplication.instance()
    assert app is not None

    clock.advance(minutes=5)
    window.idle.touch()
    paints = Paints()
    app.installEventFilter(paints)
    try:
        assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
        during_update = paints.painted.count(bar)
        QApplication.processEvents()
    finally:
        app.removeEventFilter(paints)
    assert (bar.text(), bar.value()) != before  # the new volume, in words and in the fill
    assert during_update == 0
    assert paints.painted.count(bar) == 1

    paints = Paints()
    app.installEventFilter(paints)
    try:
        # The same minute: the panel shown again with the volume it has.
        workspace.infusion.show_view(workspace.controller.view, clock.now())
        QApplication.processEvents()
    finally:
        app.removeEventFilter(paints)
    assert bar not in paints.painted
