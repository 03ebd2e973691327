"""What the themes draw, read back from the pixels: controls the screenshots showed empty."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTime
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QTimeEdit
from pytestqt.qtbot import QtBot

from nurse_monitor.ui.themes import PALETTES, apply_theme

THEMES = tuple(PALETTES)


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    apply_theme(qapp, "light")


def arrow_color(theme: str) -> QColor:
    """The colour the theme's arrow pictures are drawn in (resources/icons/*-arrow-<theme>.svg)."""
    return QColor({"light": "#111111", "dark": "#eeeeee", "high_contrast": "#ffff00"}[theme])


def close(a: QColor, b: QColor) -> bool:
    return max(abs(a.red() - b.red()), abs(a.green() - b.green()), abs(a.blue() - b.blue())) < 60


@pytest.mark.parametrize("theme", THEMES)
def test_a_time_field_shows_its_up_and_down_arrows(
    qtbot: QtBot, themed: QApplication, theme: str
) -> None:
    """The "taken at" time of the vital signs form showed two blank buttons (a border in the
    style sheet stops Fusion drawing the arrows)."""
    apply_theme(themed, theme)
    field = QTimeEdit(QTime(21, 18))
    qtbot.addWidget(field)
    field.resize(140, 48)
    image = field.grab().toImage()
    ink = arrow_color(theme)
    buttons = image.width() - 22  # the buttons' column at the right edge
    for top, bottom in ((2, image.height() // 2), (image.height() // 2, image.height() - 2)):
        inked = sum(
            close(image.pixelColor(x, y), ink)
            for x in range(buttons, image.width() - 2)
            for y in range(top, bottom)
        )
        assert inked >= 8, (theme, top, inked)  # an arrow, not a blank button
