"""A saved reading repaints only the pixels around its new points, and what is then on screen is
what a chart drawn afresh from the same data shows.

The chart's items confine their repaint to the rect around what changed (ui/vitals/
confined_updates.py). A rect too small would leave stale pixels on screen that no full render
shows, so each test reads the window's backing store (`QScreen.grabWindow`: what was painted,
rect by rect) and compares it with a full render.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nurse_monitor.ui.vitals.vitals_chart import ChartMarker, VitalsChart
from tests.gui.test_vitals_chart_redraw import (
    Session,
    drawn,
    make_chart,
    picture,
    reading,
    session,
)


class PaintedRegions(QObject):
    """The bounding rect of every paint event the chart's viewport receives."""

    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.region().boundingRect())  # type: ignore[attr-defined]
        return False


def on_screen(chart: VitalsChart) -> QImage:
    """What the window shows now: its backing store, painted only where something changed."""
    image = chart.screen().grabWindow(chart.winId()).toImage()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def painted(chart: VitalsChart, data: Session) -> None:
    chart.show_data(*data)
    QApplication.processEvents()  # the repaint of what changed, as after a save


def assert_screen_as_fresh(
    qtbot: QtBot, chart: VitalsChart, data: Session, **kwargs: object
) -> None:
    fresh = make_chart(qtbot, **kwargs)
    fresh.show_data(*data)
    assert drawn(chart) == drawn(fresh)
    assert on_screen(chart) == picture(chart), "stale pixels left on screen"
    assert on_screen(chart) == picture(fresh)


def test_after_each_kind_of_change_the_screen_shows_a_chart_drawn_afresh(qtbot: QtBot) -> None:
    readings, rates, markers, now = session(40)
    chart = make_chart(qtbot)
    painted(chart, (readings, rates, markers, now))
    steps: list[tuple[str, Session]] = []
    more = [*readings, reading(40)]
    steps.append(("one reading saved", (more, rates, markers, now + timedelta(minutes=5))))
    more = [*more, reading(41, systolic=None, temperature_c=None)]
    steps.append(("a reading missing values", (more, rates, markers, now + timedelta(minutes=10))))
    amended = [*more]
    amended[20] = replace(more[20], systolic=86, heart_rate=118, spo2=91)
    steps.append(
        ("a reading amended in the middle", (amended, rates, markers, now + timedelta(minutes=10)))
    )
    removed = amended[:30] + amended[31:]
    steps.append(("a reading taken away", (removed, rates, markers, now + timedelta(minutes=10))))
    late = [*removed, replace(reading(42), taken_at=removed[-3].taken_at + timedelta(minutes=1))]
    steps.append(
        ("a reading older than the last", (late, rates, markers, now + timedelta(minutes=11)))
    )
    high = [*late, reading(43, systolic=212, heart_rate=160)]
    steps.append(("a reading past the scales", (high, rates, markers, now + timedelta(minutes=16))))
    rate_at = now + timedelta(minutes=17)
    more_rates = [*rates, (rate_at, 150.0)]
    more_markers = [*markers, ChartMarker(rate_at, "rate", "150")]
    steps.append(("the rate raised", (high, more_rates, more_markers, rate_at)))
    for minutes in (1, 2, 3, 31):  # the rate's step drawn on to now, then past an axis step
        steps.append(
            (
                "time moving on",
                (high, more_rates, more_markers, rate_at + timedelta(minutes=minutes)),
            )
        )
    for what, data in steps:
        painted(chart, data)
        assert drawn(chart)["x range"] == chart.rate_plot.viewRange()[0], what
        assert_screen_as_fresh(qtbot, chart, data)


def test_a_temperature_unit_changed_redraws_the_temperatures(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    painted(chart, session(30))
    chart.set_temperature_unit("F")
    painted(chart, session(31))
    assert chart.plot_items()["temperature"].getData()[1].max() > 95
    fresh = make_chart(qtbot, temperature_unit="F")
    fresh.show_data(*session(31))
    assert drawn(chart) == drawn(fresh)
    # Pixel for pixel only against its own full render: the fever band, shaded again for the
    # new unit, now lies over the premedication line where a chart built in °F has it under
    # (16 pixels; as before this change).
    assert on_screen(chart) == picture(chart), "stale pixels left on screen"


def test_a_saved_reading_repaints_only_a_narrow_column(qtbot: QtBot) -> None:
    """One more reading with the scales unmoved: a column a few pixels wide around the new
    points is repainted, not every curve from the first reading to the last."""
    readings, rates, markers, _ = session(70)
    chart = make_chart(qtbot)

    def saved(count: int) -> Session:
        return readings[:count], rates, markers, readings[count - 1].taken_at + timedelta(minutes=1)

    count = 40
    while True:  # a save that leaves the time axis where it is (it moves in 15-minute steps)
        painted(chart, saved(count))
        before = chart.rate_plot.viewRange()
        painted(chart, saved(count + 1))
        if chart.rate_plot.viewRange() == before:
            break
        count += 1
    regions = PaintedRegions()
    chart.view.viewport().installEventFilter(regions)
    chart.show_data(*saved(count + 2))
    assert chart.rate_plot.viewRange() == before
    QApplication.processEvents()
    chart.view.viewport().removeEventFilter(regions)
    assert regions.rects, "the new reading was not painted"
    widths = [rect.width() for rect in regions.rects]
    assert max(widths) <= 40, f"repainted {widths} px of a {chart.view.width()} px chart"
    assert on_screen(chart) == picture(chart)


@pytest.mark.parametrize("count", [40, 140])  # smooth lines; plain lines drawn in pixels
def test_readings_missing_a_pressure_value_leave_no_stale_band(qtbot: QtBot, count: int) -> None:
    """Saved a minute apart (the scales mostly unmoved), readings with only a systolic or only
    a diastolic move the band's closing edge alone: the screen still shows a full render."""
    readings, rates, markers, _ = session(count)
    chart = make_chart(qtbot)
    painted(chart, (readings, rates, markers, readings[-1].taken_at + timedelta(seconds=30)))
    kept_scales = 0
    for n in range(12):
        taken = readings[-1].taken_at + timedelta(minutes=1)
        missing = ({"systolic": None}, {"diastolic": None}, {})[n % 3]
        readings = [*readings, replace(reading(count + n, **missing), taken_at=taken)]
        before = chart.rate_plot.viewRange()
        painted(chart, (readings, rates, markers, taken + timedelta(seconds=30)))
        kept_scales += chart.rate_plot.viewRange() == before
        assert on_screen(chart) == picture(chart), f"stale pixels after save {n} ({missing})"
    assert kept_scales >= 8  # most saves repainted only around their points
