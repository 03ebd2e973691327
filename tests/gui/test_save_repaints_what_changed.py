"""A vital-signs save with the Infusion tab on screen repaints what shows something new, and
no widget whose content is what it was (issue 13, the saved reading to the chart): a label set
again to its own text, a style sheet set again, or a table told of rows nobody sees each cost
the save a repaint or a measure of its own."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.board.signals_out import RecordingChime
from nurse_monitor.ui.workspace.workspace import TAB_INFUSION
from tests.gui.test_board_behind_the_workspace import station_with_workspace
from tests.services.chair_walk import NORMAL_VITALS
from tests.storage.conftest import Staff


class Paints(QObject):
    """The widgets that received a paint event while installed on the application."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: list[QWidget] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            self.painted.append(watched)
        return False


def settled(qtbot: QtBot) -> None:
    """Wait until the screen has nothing left to paint (a pass of the event loop paints none)."""
    paints = Paints()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(paints)
    seen = [-1]

    def quiet() -> bool:
        before = seen[0]
        seen[0] = len(paints.painted)
        return before == seen[0]

    try:
        qtbot.waitUntil(quiet)
    finally:
        app.removeEventFilter(paints)


def inside(widget: QWidget, panel: QWidget) -> bool:
    return widget is panel or panel.isAncestorOf(widget)


def test_a_save_that_changes_only_the_chart_repaints_only_the_chart(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    window, _, workspace, _ = station_with_workspace(
        qtbot, db, staff, alice, clock, RecordingChime()
    )
    workspace.tabs.setCurrentIndex(TAB_INFUSION)
    clock.advance(minutes=15)
    # The nurse is at the chair: 15 minutes without input would let the idle lock (10 minutes)
    # cover the chart at its next check, and a covered chart is never painted.
    window.idle.touch()
    assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    qtbot.waitExposed(window)
    settled(qtbot)  # the window's first paint and the first save's repaints done
    assert not window.locked()
    shown = workspace.infusion.vitals_due.text(), workspace.infusion.volume.text()

    paints = Paints()
    QApplication.instance().installEventFilter(paints)  # type: ignore[union-attr]
    try:
        # A second reading at the same minute: a new point on the chart, and nothing else on
        # the tab reads differently (the same due time, volume, rate, phase and step).
        assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
        qtbot.waitUntil(lambda: any(inside(w, workspace.chart) for w in paints.painted))
        QApplication.processEvents()
    finally:
        QApplication.instance().removeEventFilter(paints)  # type: ignore[union-attr]

    assert (workspace.infusion.vitals_due.text(), workspace.infusion.volume.text()) == shown
    others = {
        f"{type(w).__name__} {w.accessibleName()!r}"
        for w in paints.painted
        if not inside(w, workspace.chart)
    }
    assert not others, sorted(others)
