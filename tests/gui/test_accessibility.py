"""Every control in every window has an accessible name, and touch targets are large enough."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QScrollBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.demo.seed import seed_demo
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.preferences_dialog import PreferencesDialog
from nurse_monitor.ui.start.start_session_dialog import StartSessionDialog
from tests.gui.station_steps import open_station

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextEdit)


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def is_inner_part(widget: QWidget) -> bool:
    """Parts Qt builds inside a control: a combo's editor and popup list, a spin box's editor,
    scroll bars, item-view headers and corner buttons, the menu bar's overflow button."""
    parent = widget.parentWidget()
    if isinstance(widget, QScrollBar | QHeaderView) or widget.objectName().startswith("qt_"):
        return True
    if isinstance(parent, QComboBox | QAbstractSpinBox):
        return True
    return parent is not None and parent.metaObject().className() == "QComboBoxPrivateContainer"


def unnamed_controls(top: QWidget) -> list[str]:
    missing = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or is_inner_part(widget):
            continue
        if not accessible_name(widget).strip():
            where = type(widget.parentWidget()).__name__
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in {where}")
    return missing


def small_buttons(top: QWidget) -> list[str]:
    return [
        f"{button.text()!r} {button.height()} px"
        for button in top.findChildren(QPushButton)
        if button.isVisibleTo(top) and max(button.height(), button.minimumHeight()) < 48
    ]


@pytest.fixture
def demo_db(tmp_path: Path, clock: FakeClock) -> Iterator[Database]:
    db = open_database(sqlite_url_for(tmp_path / "demo.db"), clock)
    try:
        yield db
    finally:
        db.close()


def test_every_window_names_every_control(
    qtbot: QtBot, demo_db: Database, clock: FakeClock, preferences: Preferences, chime, notifier
) -> None:
    nurse = seed_demo(demo_db)
    window = open_station(qtbot, demo_db, clock, nurse, preferences, chime, notifier, demo=True)
    window.resize(1366, 768)
    window.show()
    assert window.board is not None
    window.tabs.setCurrentWidget(window.follow_ups)  # its worklist is built when first chosen
    window.tabs.setCurrentWidget(window.board)
    for row in range(window.board.model.rowCount()):
        window.open_session(window.board.model.chair_at(row).session_id).stop_live_updates()
    start = StartSessionDialog(window.station, window)
    qtbot.addWidget(start)
    settings = PreferencesDialog(preferences, window)
    qtbot.addWidget(settings)
    problems = {
        "main window and workspaces": unnamed_controls(window),
        "start session": unnamed_controls(start),
        "preferences": unnamed_controls(settings),
    }
    assert {k: v for k, v in problems.items() if v} == {}
    assert small_buttons(window) == []
