"""At 1366x768 the main window fits the screen with a chair's workspace and its alarm shown.

Screenshots under Xvfb and openbox (tests/visual/screenshots.py) showed the workspace taller than
the screen: the infusion panel, the pump panel and the chart stacked needed 876 px, so the
maximised window ran past the bottom edge and the chart, the amendment row and the status bar
were cut off.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.main_window import MainWindow
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.storage.conftest import Staff

SCREEN = (1366, 768)
TITLE_BAR = 28  # a window manager's title bar and frame (openbox draws 20 px)


def high_alarm_window(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> tuple[MainWindow, int]:
    """A main window whose one infusing chair has a high alarm (systolic 84); its session."""
    session_id = running_session(db, staff.nurse, alice, clock)
    clock.advance(minutes=5)
    chair.record_vitals(db, staff.nurse, session_id, dict(NORMAL_VITALS, systolic=84))
    return window_for(qtbot, db, staff, clock), session_id


def test_the_workspace_with_a_high_alarm_fits_a_1366x768_screen(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    window, session_id = high_alarm_window(qtbot, db, staff, alice, clock)
    workspace = open_workspace(window, session_id)
    assert workspace.alarm_banner.isVisibleTo(workspace)  # the high alarm is on screen
    needed = window.minimumSizeHint()
    assert needed.width() <= SCREEN[0]
    assert needed.height() <= SCREEN[1] - TITLE_BAR, needed.height()


def test_a_bound_pump_fits_beside_the_infusion_panel_at_1366_wide(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    """The screenshots showed "Remaining" and the Unbind button cut off behind a scroll bar."""
    session_id = running_session(db, staff.nurse, alice, clock)
    window = window_for(qtbot, db, staff, clock)
    window.resize(SCREEN[0], SCREEN[1] - TITLE_BAR)
    workspace = open_workspace(window, session_id)
    panel = workspace.pump
    qtbot.keyClicks(panel.pump_id, "0A1B2C3D4E5F6001")  # an EUI-64, as pumps report it
    panel.bind_button.click()
    for label, text in ((panel.delivered, "255.5 mL"), (panel.remaining, "204.5 mL")):
        label.setText(text)
    qtbot.waitExposed(window)
    area = panel.parentWidget().parentWidget()  # the scroll area that holds the panel
    assert isinstance(area, QScrollArea)
    QApplication.processEvents()
    assert area.horizontalScrollBar().maximum() == 0, area.horizontalScrollBar().maximum()
