"""The infusion panel's volume bar draws its groove from a kept picture (issue 13: the groove was
most of the bar's paint on every save). The nurse sees the same bar as Fusion's own drawing, in
every theme, at every fill, enabled or not, and after the bar is resized or the theme changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QProgressBar, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from nurse_monitor.ui.themes import PALETTES, apply_theme
from nurse_monitor.ui.workspace.volume_bar import VolumeBar


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    apply_theme(qapp, "light")


def largest_difference(a: QImage, b: QImage) -> int:
    """The largest difference of one colour channel between two same-sized pictures."""
    assert a.size() == b.size()
    worst = 0
    for x in range(a.width()):
        for y in range(a.height()):
            pa, pb = a.pixelColor(x, y), b.pixelColor(x, y)
            worst = max(
                worst,
                abs(pa.red() - pb.red()),
                abs(pa.green() - pb.green()),
                abs(pa.blue() - pb.blue()),
                abs(pa.alpha() - pb.alpha()),
            )
    return worst


def same_look(plain: QProgressBar, kept: VolumeBar, *, enabled: bool) -> None:
    plain.setEnabled(enabled)
    kept.setEnabled(enabled)
    for value in (0, 1, 1234, 2499, 2500):
        for bar in (plain, kept):
            bar.setValue(value)
            bar.setFormat(f"{value / 10:.1f} of 250 mL infused")
        # Antialiased corners composed through the picture may round one step apart.
        difference = largest_difference(plain.grab().toImage(), kept.grab().toImage())
        assert difference <= 1, (value, enabled, difference)


@pytest.mark.parametrize("theme", tuple(PALETTES))
def test_the_volume_bar_looks_as_fusion_draws_it(
    qtbot: QtBot, themed: QApplication, theme: str
) -> None:
    apply_theme(themed, "light")
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    plain, kept = QProgressBar(holder), VolumeBar(holder)
    for bar in (plain, kept):
        bar.setMinimumHeight(28)
        bar.setRange(0, 2500)
        layout.addWidget(bar)
    holder.resize(420, 90)
    holder.show()
    qtbot.waitExposed(holder)
    same_look(plain, kept, enabled=False)
    same_look(plain, kept, enabled=True)  # the light, enabled groove is kept now
    apply_theme(themed, theme)  # another palette: the kept groove must not be the light one
    same_look(plain, kept, enabled=True)
    holder.resize(700, 90)  # a wider bar: the groove must not be the narrow one
    qtbot.waitUntil(lambda: kept.width() > 600)
    same_look(plain, kept, enabled=True)
