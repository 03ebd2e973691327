"""The main window opens inside the screen, remembers where it was, and zooms with Ctrl+/Ctrl-."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.window_place import Zoom, place_window, remember_place


def test_the_window_opens_inside_the_available_area_then_where_it_was_left(
    qtbot: QtBot, preferences: Preferences
) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    place_window(window, preferences)
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert area.contains(window.geometry()), (area, window.geometry())
    window.show()
    qtbot.waitExposed(window)
    window.resize(500, 400)
    window.move(area.x() + 10, area.y() + 20)
    remember_place(window, preferences)
    again = QMainWindow()
    qtbot.addWidget(again)
    place_window(again, preferences)
    assert (again.width(), again.height()) == (500, 400)


def test_ctrl_plus_and_minus_zoom_the_text_and_the_zoom_is_kept(
    qtbot: QtBot, qapp: QApplication, preferences: Preferences
) -> None:
    before = qapp.font()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    try:
        zoom = Zoom(window, preferences)
        base = qapp.font().pointSizeF()
        qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        assert preferences.zoom_percent == 120
        assert abs(qapp.font().pointSizeF() - base * 1.2) < 0.01
        qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
        assert preferences.zoom_percent == 110
        qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert preferences.zoom_percent == 100
        assert abs(qapp.font().pointSizeF() - base) < 0.01
        assert zoom.shortcuts
    finally:
        qapp.setFont(before)


def test_f11_shows_the_board_full_screen_and_back(
    qtbot: QtBot, qapp: QApplication, preferences: Preferences
) -> None:
    before = qapp.font()
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    try:
        zoom = Zoom(window, preferences)
        zoom.toggle_full_screen()
        assert window.isFullScreen()
        zoom.toggle_full_screen()
        assert not window.isFullScreen()
    finally:
        qapp.setFont(before)
