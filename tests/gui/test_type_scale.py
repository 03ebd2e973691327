"""At 1920x1080 and up the type grows with the main window, times the nurse's Ctrl+/Ctrl- zoom."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
from pytestqt.qtbot import QtBot

from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.type_scale import MAX_WINDOW_FACTOR, window_factor
from nurse_monitor.ui.window_place import Zoom


@pytest.fixture
def window(qtbot: QtBot, qapp: QApplication) -> Iterator[QMainWindow]:
    before = qapp.font()
    shown = QMainWindow()
    shown.setCentralWidget(QLabel("Chair 1  Vital signs at 22:34, due in 22 min"))
    qtbot.addWidget(shown)
    shown.resize(1366, 768)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    yield shown
    qapp.setFont(before)


def _settled(qtbot: QtBot, zoom: Zoom) -> None:
    qtbot.waitUntil(lambda: not zoom.type_scale.settle.isActive())


def _points_become(qtbot: QtBot, qapp: QApplication, points: float) -> None:
    qtbot.waitUntil(lambda: abs(qapp.font().pointSizeF() - points) < 0.01)


def _grown_to_1920x1080(
    qtbot: QtBot, qapp: QApplication, preferences: Preferences, window: QMainWindow
) -> tuple[Zoom, float, float]:
    """The zoom on `window`, the base size, and the size once the window is 1920x1080."""
    zoom = Zoom(window, preferences)
    base = qapp.font().pointSizeF()
    window.resize(1920, 1080)
    grown = base * min(1920 / 1366, 1080 / 768)
    _points_become(qtbot, qapp, grown)
    return zoom, base, grown


def test_the_font_follows_the_window_to_1920x1080_and_back(
    qtbot: QtBot, qapp: QApplication, preferences: Preferences, window: QMainWindow
) -> None:
    zoom, base, _grown = _grown_to_1920x1080(qtbot, qapp, preferences, window)
    window.resize(1366, 768)
    _points_become(qtbot, qapp, base)
    _settled(qtbot, zoom)


def test_ctrl_plus_still_multiplies_the_grown_type(
    qtbot: QtBot, qapp: QApplication, preferences: Preferences, window: QMainWindow
) -> None:
    zoom, base, grown = _grown_to_1920x1080(qtbot, qapp, preferences, window)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert preferences.zoom_percent == 110
    assert abs(qapp.font().pointSizeF() - grown * 1.1) < 0.01
    window.resize(1366, 768)
    _points_become(qtbot, qapp, base * 1.1)
    _settled(qtbot, zoom)


def test_a_window_narrower_than_1920_keeps_the_base_type(
    qtbot: QtBot, qapp: QApplication, preferences: Preferences, window: QMainWindow
) -> None:
    zoom, base, _grown = _grown_to_1920x1080(qtbot, qapp, preferences, window)
    window.resize(1600, 900)
    _points_become(qtbot, qapp, base)
    window.resize(1700, 950)  # still narrower: nothing to redo
    assert not zoom.type_scale.settle.isActive()


def test_the_factor_never_drops_below_the_base_nor_past_the_maximum() -> None:
    assert window_factor(1366, 768) == 1.0
    assert window_factor(1920, 600) == 1.0  # a wide but short window: not smaller than base
    assert window_factor(800, 600, full_screen=True) == 1.0
    assert window_factor(3840, 2160) == MAX_WINDOW_FACTOR
    assert window_factor(2560, 1440, full_screen=True) == pytest.approx(2560 / 1366)


def test_the_board_itself_grows_under_a_theme_style_sheet(
    qtbot: QtBot,
    qapp: QApplication,
    preferences: Preferences,
    db,
    staff,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    """The screenshots at 1920x1080 showed the board's table in the base size: a theme's style
    sheet (every theme sets one) keeps the font each widget was polished with."""
    from nurse_monitor.ui.themes import apply_theme
    from tests.gui.station_steps import open_station

    before = qapp.font()
    apply_theme(qapp, "light")
    try:
        window = open_station(qtbot, db, clock, staff.nurse, preferences)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        zoom = Zoom(window, preferences)
        table = window.board.table
        base = table.font().pointSizeF()
        window.resize(1920, 1080)
        qtbot.waitUntil(lambda: table.font().pointSizeF() > base * 1.3)
        _settled(qtbot, zoom)
    finally:
        apply_theme(qapp, "light")
        qapp.setFont(before)


def test_a_label_set_larger_stays_in_proportion(
    qtbot: QtBot,
    qapp: QApplication,
    preferences: Preferences,
    db,
    staff,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    """The board's summary line is set in a larger size of its own: it grows with the rest, or
    it ends up smaller than the table under it (the program always runs under a theme)."""
    from nurse_monitor.ui.themes import apply_theme
    from tests.gui.station_steps import open_station

    before = qapp.font()
    apply_theme(qapp, "light")
    try:
        window = open_station(qtbot, db, clock, staff.nurse, preferences)
        window.resize(1366, 768)
        window.show()
        qtbot.waitExposed(window)
        zoom = Zoom(window, preferences)
        summary, table = window.board.summary, window.board.table
        ratio = summary.font().pointSizeF() / table.font().pointSizeF()
        window.resize(1920, 1080)
        base = qapp.font().pointSizeF()
        qtbot.waitUntil(lambda: qapp.font().pointSizeF() > base * 1.3)
        _settled(qtbot, zoom)
        grown = summary.font().pointSizeF() / table.font().pointSizeF()
        assert abs(grown - ratio) < 0.05, (ratio, grown)
    finally:
        qapp.setFont(before)
