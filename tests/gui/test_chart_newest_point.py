"""The newest reading is never under a threshold label.

The screenshots showed the high alarm's own reading (systolic 84) hidden behind the
"Systolic < 90" label at the right edge of the pane, four minutes before the axis's step."""

from __future__ import annotations

from datetime import timedelta

import pyqtgraph as pg
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from tests.gui.test_vitals_chart import RATES, START, make_chart, reading, seconds


def test_the_newest_reading_stays_left_of_the_threshold_labels(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.resize(920, 400)  # the chart's size beside the checklist at 1366x768
    chart.show()
    qtbot.waitExposed(chart)
    readings = [reading(minute) for minute in range(0, 116, 15)] + [reading(116, systolic=84)]
    chart.show_data(readings, RATES, [], START + timedelta(minutes=116))  # 10:56, a step at 11:00
    plot = chart.pressure_plot
    newest = plot.getViewBox().mapViewToScene(QPointF(seconds(116), 84)).x()
    labels = [
        child.sceneBoundingRect()
        for region in plot.items
        if isinstance(region, pg.LinearRegionItem)
        for line in region.lines
        for child in line.childItems()
        if isinstance(child, pg.InfLineLabel) and child.isVisible()
    ]
    assert labels
    symbol_radius = 6
    assert all(newest + symbol_radius < label.left() for label in labels), (newest, labels)


def test_the_chart_at_its_minimum_height_has_room_for_every_row_and_the_time_axis(
    qtbot: QtBot,
) -> None:
    """At 1366x768 with an alarm banner the chart gets its minimum height; the rows needed more,
    and the time axis's labels were cut off at the bottom."""
    from PySide6.QtCore import Qt

    chart = make_chart(qtbot)
    chart.resize(920, chart.minimumHeight())
    chart.show()
    qtbot.waitExposed(chart)
    needed = chart.view.ci.effectiveSizeHint(Qt.SizeHint.MinimumSize).height()
    assert needed <= chart.minimumHeight(), (needed, chart.minimumHeight())
