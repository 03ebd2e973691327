"""A chart redrawn step by step draws exactly what a chart drawn once from the same data draws.

The chart keeps what it has drawn and applies only the change (a reading appended adds one
symbol); these tests compare it, item by item and pixel by pixel, with a fresh chart, so the
optimisation cannot silently drop or misplace a point, a marker or a label.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from nurse_monitor.services.chair_view import ReadingRecord
from nurse_monitor.ui.vitals.chart_traces import PixelLine, PressureBand
from nurse_monitor.ui.vitals.vitals_chart import ChartMarker, VitalsChart

START = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)

Session = tuple[list[ReadingRecord], list[tuple[datetime, float]], list[ChartMarker], datetime]


def reading(i: int, **changes: object) -> ReadingRecord:
    values: dict[str, object] = {
        "id": i,
        "taken_at": START + timedelta(minutes=5 * i),
        "systolic": 120 + (i * 7) % 25 - 12,
        "diastolic": 76 + (i * 3) % 9 - 4,
        "heart_rate": 72 + (i * 5) % 30,
        "respiratory_rate": 14 + i % 6,
        "temperature_c": 36.5 + (i % 10) / 10,
        "spo2": 94 + i % 5,
        "on_oxygen": False,
        "consciousness": "alert",
        "pain": None,
        "news2_total": 1,
        "news2_band": "low",
        "note": "",
        "recorded_by": "D. Whitfield",
        "parameter_scores": {},
    }
    values.update(changes)
    return ReadingRecord(**values)  # type: ignore[arg-type]


def session(count: int) -> Session:
    """`count` readings 5 minutes apart (some with gaps), rate steps, and markers up to now."""
    readings = [
        reading(i, temperature_c=None, spo2=None) if i % 7 == 3 else reading(i)
        for i in range(count)
    ]
    now = START + timedelta(minutes=5 * count + 2)
    rates = [(START + timedelta(minutes=30 * k), 30.0 * (k + 1)) for k in range(count // 6 + 1)]
    markers = [ChartMarker(START - timedelta(minutes=20), "premedication", "Paracetamol 1 g")]
    markers += [ChartMarker(at, "rate", f"{rate:g}") for at, rate in rates[1:]]
    if count > 10:
        markers.append(ChartMarker(START + timedelta(minutes=48), "reaction", "Grade 2"))
    return readings, [r for r in rates if r[0] <= now], [m for m in markers if m.at <= now], now


def make_chart(qtbot: QtBot, **kwargs: Any) -> VitalsChart:
    chart = VitalsChart(**kwargs)
    qtbot.addWidget(chart)
    chart.resize(800, 450)
    with qtbot.waitExposed(chart):
        chart.show()
    return chart


def arrays(data: tuple[Any, Any]) -> tuple[list[float], list[float]]:
    x, y = data
    return ([] if x is None else list(x), [] if y is None else list(y))


def drawn(chart: VitalsChart) -> dict[str, Any]:
    """Everything the chart has drawn, as plain values: data, symbols, band, markers, labels."""
    result: dict[str, Any] = {}
    for name, trace in chart.plot_items().items():
        curve = trace.curve
        line = (arrays(curve.getData()), curve.opts["antialias"])
        result[name] = {
            "data": arrays(trace.getData()),
            "line": line if curve.isVisible() else None,
            "symbols": arrays(trace.scatter.getData()) if trace.scatter.isVisible() else None,
        }
    (band,) = [item.path() for item in chart.pressure_plot.items if isinstance(item, PressureBand)]
    result["band"] = [(e.x, e.y) for e in (band.elementAt(i) for i in range(band.elementCount()))]
    lines = []
    for plot in (chart.events_plot, *chart.plots()):
        for item in plot.items:
            if isinstance(item, pg.InfiniteLine) and item.isVisible():
                pen = item.pen
                lines.append(
                    (item.value(), pen.color().name(), pen.style(), pen.widthF(), item.toolTip())
                )
    result["lines"] = sorted(lines, key=repr)
    labels = []
    for item in chart.events_plot.items:
        if isinstance(item, pg.TextItem) and item.isVisible():
            labels.append((item.toPlainText(), item.pos().x(), item.pos().y(), item.toolTip()))
    result["event labels"] = sorted(labels, key=repr)
    rate_labels = []
    for item in chart.rate_plot.items:
        if isinstance(item, pg.InfiniteLine) and item.isVisible():
            for child in item.childItems():
                if isinstance(child, pg.InfLineLabel):
                    rate_labels.append((item.value(), child.format, child.orthoPos))
    result["rate labels"] = sorted(rate_labels, key=repr)
    result["x range"] = chart.rate_plot.viewRange()[0]
    result["y ranges"] = [plot.viewRange()[1] for plot in chart.plots()]
    result["description"] = chart.accessibleDescription()
    return result


def picture(chart: VitalsChart) -> QImage:
    return chart.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def assert_same_as_fresh(qtbot: QtBot, chart: VitalsChart, data: Session, **kwargs: Any) -> None:
    fresh = make_chart(qtbot, **kwargs)
    fresh.show_data(*data)
    assert drawn(chart) == drawn(fresh)
    assert picture(chart) == picture(fresh)


def test_a_reading_appended_draws_what_a_fresh_chart_draws(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.show_data(*session(40))
    chart.grab()  # painted once, as on screen
    chart.show_data(*session(41))
    assert len(chart.plot_items()["heart_rate"].scatter.getData()[0]) == 41
    assert_same_as_fresh(qtbot, chart, session(41))


def test_readings_appended_one_by_one_from_empty(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    for count in range(0, 26):
        chart.show_data(*session(count))
    assert_same_as_fresh(qtbot, chart, session(25))


def test_an_amended_reading_moves_its_point(qtbot: QtBot) -> None:
    readings, rates, markers, now = session(30)
    chart = make_chart(qtbot)
    chart.show_data(readings, rates, markers, now)
    amended = list(readings)
    amended[12] = replace(readings[12], systolic=84, heart_rate=121, temperature_c=38.6)
    chart.show_data(amended, rates, markers, now)
    assert chart.plot_items()["systolic"].scatter.getData()[1][12] == 84
    assert chart.plot_items()["heart_rate"].curve.getData()[1][12] == 121
    assert_same_as_fresh(qtbot, chart, (amended, rates, markers, now))


def test_a_value_added_to_an_earlier_reading_and_one_taken_away(qtbot: QtBot) -> None:
    readings, rates, markers, now = session(30)
    chart = make_chart(qtbot)
    chart.show_data(readings, rates, markers, now)
    changed = list(readings)
    changed[3] = replace(readings[3], spo2=95)  # it had none
    changed[20] = replace(readings[20], temperature_c=None)
    chart.show_data(changed, rates, markers, now)
    assert_same_as_fresh(qtbot, chart, (changed, rates, markers, now))


def test_the_last_reading_removed(qtbot: QtBot) -> None:
    readings, rates, markers, now = session(30)
    chart = make_chart(qtbot)
    chart.show_data(readings, rates, markers, now)
    chart.show_data(readings[:-1], rates, markers, now)
    assert_same_as_fresh(qtbot, chart, (readings[:-1], rates, markers, now))


def test_another_session_replaces_every_point_and_marker(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.show_data(*session(60))
    readings, rates, markers, now = session(20)
    other = [replace(r, heart_rate=(r.heart_rate or 0) + 9) for r in readings]
    fewer = [m for m in markers if m.kind != "premedication"]
    chart.show_data(other, rates, fewer, now)
    assert_same_as_fresh(qtbot, chart, (other, rates, fewer, now))


def test_emptied_and_filled_again(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.show_data(*session(30))
    chart.show_data([], [], [], START)
    assert_same_as_fresh(qtbot, chart, ([], [], [], START))
    chart.show_data(*session(12))
    assert_same_as_fresh(qtbot, chart, session(12))


def test_lines_turn_plain_past_the_smooth_limit_and_back(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.show_data(*session(120))
    chart.show_data(*session(121))
    assert chart.plot_items()["systolic"].curve.opts["antialias"] is False
    assert_same_as_fresh(qtbot, chart, session(121))
    chart.show_data(*session(120))
    assert chart.plot_items()["systolic"].curve.opts["antialias"] is True
    assert_same_as_fresh(qtbot, chart, session(120))


@pytest.mark.parametrize("unit", ["C", "F"])
def test_the_same_data_twice_changes_nothing(qtbot: QtBot, unit: str) -> None:
    chart = make_chart(qtbot, temperature_unit=unit)
    chart.show_data(*session(30))
    before = drawn(chart)
    traces = chart.plot_items()
    with qtbot.assertNotEmitted(traces["temperature"].sigPlotChanged):
        chart.show_data(*session(30))
    assert drawn(chart) == before
    assert_same_as_fresh(qtbot, chart, session(30), temperature_unit=unit)


def test_markers_added_moved_and_removed(qtbot: QtBot) -> None:
    readings, rates, markers, now = session(40)
    chart = make_chart(qtbot)
    chart.show_data(readings, rates, markers, now)
    later = now + timedelta(minutes=3)
    more = [
        *markers,
        ChartMarker(later - timedelta(minutes=1), "rate", "{odd} 90"),
        ChartMarker(later - timedelta(minutes=2), "premedication", "Chlorphenamine 10 mg"),
    ]
    chart.show_data(readings, [*rates, (later, 90.0)], more, later)
    assert_same_as_fresh(qtbot, chart, (readings, [*rates, (later, 90.0)], more, later))
    later_reaction = timedelta(minutes=4)
    moved = [replace(m, at=m.at + later_reaction) if m.kind == "reaction" else m for m in more]
    chart.show_data(readings, rates, moved[:3], later)
    assert_same_as_fresh(qtbot, chart, (readings, rates, moved[:3], later))


def test_time_moving_on_moves_only_the_time_axis(qtbot: QtBot) -> None:
    readings, rates, markers, now = session(40)
    chart = make_chart(qtbot)
    chart.show_data(readings, rates, markers, now)
    chart.show_data(readings, rates, markers, now + timedelta(minutes=9))
    assert chart.rate_plot.viewRange()[0][1] > (now + timedelta(minutes=8)).timestamp()
    assert_same_as_fresh(qtbot, chart, (readings, rates, markers, now + timedelta(minutes=9)))


def test_every_reading_has_its_symbol_after_many_saves(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    for count in range(280, 301):
        chart.show_data(*session(count))
    readings = session(300)[0]
    for name, attribute in (("systolic", "systolic"), ("spo2", "spo2")):
        expected = [float(getattr(r, attribute)) for r in readings if getattr(r, attribute)]
        x, y = chart.plot_items()[name].scatter.getData()
        assert list(y) == expected
        assert list(x) == [r.taken_at.timestamp() for r in readings if getattr(r, attribute)]
    assert np.all(np.diff(chart.plot_items()["heart_rate"].curve.getData()[0]) > 0)


def test_a_plain_line_in_pixels_looks_like_pyqtgraphs(qtbot: QtBot) -> None:
    """PixelLine strokes in pixels what PlotCurveItem strokes through the view: the same line,
    give or take a rounded pixel at the edges."""
    x = START.timestamp() + 60.0 * np.arange(300)
    y = 100 + 20 * np.sin(np.arange(300) * 0.7)
    images = []
    for line in (pg.PlotCurveItem(), PixelLine()):
        widget = pg.PlotWidget(background="w")
        qtbot.addWidget(widget)
        widget.resize(600, 300)
        widget.hideAxis("left")
        widget.hideAxis("bottom")
        line.setData(x=x, y=y, pen=pg.mkPen("#0072B2", width=2.0), antialias=False)
        widget.addItem(line)
        widget.setRange(xRange=(x[0], x[-1]), yRange=(70, 130), padding=0.02)
        with qtbot.waitExposed(widget):
            widget.show()
        image = widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
        images.append(np.frombuffer(image.constBits(), np.uint8).reshape(300, 600, 4).copy())
    expected, drawn_in_pixels = images
    inked = np.any(expected[:, :, :3] < 250, axis=2)
    differing = np.any(expected != drawn_in_pixels, axis=2)
    assert inked.sum() > 3000  # the line is there
    assert differing.sum() < 0.02 * inked.sum()
