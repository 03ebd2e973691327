"""The vitals chart's words and lines read in every theme and on paper (WCAG 2.1): its labels are
small text, 4.5:1 against what is behind them (SC 1.4.3; 8 to 9 pt is not "large text"); its
lines and symbols are graphical objects, 3:1 against the chart (SC 1.4.11). The threshold labels
in the dark and high-contrast themes were red on a white-filled box over the dark chart: 2.8:1
and 2.5:1."""

from __future__ import annotations

from collections.abc import Iterator

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nurse_monitor.ui import colors
from nurse_monitor.ui.chart_colors import ALERT_BAND_ALPHA, ChartPalette, chart_palette
from nurse_monitor.ui.themes import PALETTES, apply_theme
from nurse_monitor.ui.vitals.vitals_chart import VitalsChart

TEXT = 4.5  # SC 1.4.3, normal-size text
GRAPHIC = 3.0  # SC 1.4.11, lines and symbols
THEMES = tuple(PALETTES)


def over(top: QColor | tuple[int, int, int, int], bottom: QColor) -> QColor:
    """`top` (with its alpha) painted over the opaque `bottom`."""
    top = QColor(*top) if isinstance(top, tuple) else top
    a = top.alphaF()
    return QColor.fromRgbF(
        top.redF() * a + bottom.redF() * (1 - a),
        top.greenF() * a + bottom.greenF() * (1 - a),
        top.blueF() * a + bottom.blueF() * (1 - a),
    )


def ratio(a: str | QColor, b: str | QColor) -> float:
    return colors.contrast_ratio(QColor(a), QColor(b))


def backings(p: ChartPalette) -> list[QColor]:
    """What can be behind a label: its box over the chart, and over an alert band."""
    surface = QColor(p.surface)
    alarm = QColor(colors.OVERDUE)
    alarm.setAlpha(ALERT_BAND_ALPHA)
    return [over(p.label_fill, surface), over(p.label_fill, over(alarm, surface))]


PALETTE_CASES = [*((t, False) for t in THEMES), ("dark", True)]


@pytest.mark.parametrize(("theme", "paper"), PALETTE_CASES)
def test_every_chart_colour_meets_its_wcag_ratio(theme: str, paper: bool) -> None:
    p = chart_palette(theme, paper=paper)
    surface = QColor(p.surface)
    for backing in backings(p):
        assert ratio(p.threshold_text, backing) >= TEXT, ("threshold label", backing.name())
        assert ratio(p.ink, backing) >= TEXT, ("rate label", backing.name())
        for kind, color in p.markers.items():
            assert ratio(color, backing) >= TEXT, (f"{kind} event label", color)
    assert ratio(p.ink, surface) >= TEXT  # axes, ticks, titles, legend
    assert ratio(p.breathing_title, surface) >= TEXT  # "RR /min" on the right axis
    for name, color in {**p.series, **p.markers}.items():
        assert ratio(color, surface) >= GRAPHIC, (name, color)


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    apply_theme(qapp, "light")


def chart_in(theme: str, app: QApplication, qtbot: QtBot) -> VitalsChart:
    apply_theme(app, theme)
    chart = VitalsChart()
    qtbot.addWidget(chart)
    return chart


@pytest.mark.parametrize("theme", THEMES)
def test_the_drawn_threshold_labels_read_on_the_chart(
    qtbot: QtBot, themed: QApplication, theme: str
) -> None:
    chart = chart_in(theme, themed, qtbot)
    surface = chart.view.backgroundBrush().color()
    labels = []
    for plot in chart.plots():
        for region in plot.items:
            if not isinstance(region, pg.LinearRegionItem):
                continue
            band = over(region.brush.color(), surface)
            for line in region.lines:
                for label in line.childItems():
                    if isinstance(label, pg.InfLineLabel):
                        labels.append(label.toPlainText())
                        fill = label.fill.color()
                        for behind in (over(fill, surface), over(fill, band)):
                            measured = ratio(label.color, behind)
                            assert measured >= TEXT, (label.toPlainText(), round(measured, 2))
    assert {"Systolic < 90", "HR > 110", "SpO₂ ≤ 92", "Fever ≥ 38.0 °C"} <= set(labels)


@pytest.mark.parametrize("theme", THEMES)
def test_the_temperature_title_keeps_the_theme_ink_after_a_unit_change(
    qtbot: QtBot, themed: QApplication, theme: str
) -> None:
    chart = chart_in(theme, themed, qtbot)
    chart.set_temperature_unit("F")
    title = chart.temperature_plot.getAxis("left").label.toHtml()
    ink = chart_palette(theme, paper=theme == "light").ink
    assert f"color: {ink}" in title.lower().replace("color:#", "color: #")
