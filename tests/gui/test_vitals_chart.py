"""The vitals chart draws the session's data into items it builds once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from pytestqt.qtbot import QtBot

from nurse_monitor.services.chair_view import ReadingRecord
from nurse_monitor.ui.vitals.vitals_chart import ChartMarker, VitalsChart

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def reading(minutes: int, systolic: int = 120, **changes: object) -> ReadingRecord:
    values: dict[str, object] = {
        "id": minutes,
        "taken_at": START + timedelta(minutes=minutes),
        "systolic": systolic,
        "diastolic": 80,
        "heart_rate": 72,
        "respiratory_rate": 16,
        "temperature_c": 36.8,
        "spo2": 98,
        "on_oxygen": False,
        "consciousness": "alert",
        "pain": None,
        "news2_total": 0,
        "news2_band": "low",
        "note": "",
        "recorded_by": "D. Whitfield",
        "parameter_scores": {},
    }
    values.update(changes)
    return ReadingRecord(**values)  # type: ignore[arg-type]


def seconds(minutes: float) -> float:
    return (START + timedelta(minutes=minutes)).timestamp()


def make_chart(qtbot: QtBot, **kwargs: object) -> VitalsChart:
    chart = VitalsChart(**kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(chart)
    chart.resize(800, 450)
    return chart


RATES = [(START, 30.0), (START + timedelta(minutes=30), 60.0)]
MARKERS = [
    ChartMarker(START - timedelta(minutes=30), "premedication", "Methylprednisolone 100 mg"),
    ChartMarker(START + timedelta(minutes=30), "rate", "60"),
    ChartMarker(START + timedelta(minutes=45), "reaction", "Reaction grade 2"),
]


def test_show_data_fills_each_curve_with_the_readings(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    readings = [reading(15, 118, heart_rate=80), reading(0, 124), reading(45, 88, spo2=91)]
    chart.show_data(readings, RATES, MARKERS, START + timedelta(minutes=60))
    curves = chart.plot_items()
    x, y = curves["systolic"].getData()
    assert list(x) == [seconds(0), seconds(15), seconds(45)]  # in time order
    assert list(y) == [124, 118, 88]
    assert list(curves["heart_rate"].getData()[1]) == [72, 80, 72]
    assert list(curves["spo2"].getData()[1]) == [98, 98, 91]
    assert list(curves["diastolic"].getData()[1]) == [80, 80, 80]
    assert np.allclose(curves["temperature"].getData()[1], [36.8, 36.8, 36.8])
    assert len(chart.marker_lines()) == 3
    assert chart.event_labels() == ["Methylprednisolone 100 mg", "Reaction grade 2"]


def test_a_second_call_updates_the_same_items(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    now = START + timedelta(minutes=60)
    chart.show_data([reading(0)], RATES, MARKERS, now)
    before = chart.plot_items()
    chart.show_data([reading(0), reading(15, 95)], RATES, MARKERS, now + timedelta(minutes=5))
    after = chart.plot_items()
    assert all(after[name] is before[name] for name in before)
    assert list(after["systolic"].getData()[1]) == [120, 95]
    assert len(chart.marker_lines()) == 3  # lines reused, not added again


def test_rate_step_line_runs_to_now(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    now = START + timedelta(minutes=75)
    chart.show_data([], RATES, [], now)
    x, y = chart.plot_items()["infusion_rate"].getData()
    assert list(x) == [seconds(0), seconds(30), seconds(30), seconds(75)]
    assert list(y) == [30, 30, 60, 60]
    low, high = chart.rate_plot.viewRange()[0]
    assert low <= seconds(0) and high >= seconds(75)  # the whole session is in view


def test_empty_data_draws_nothing_and_fewer_markers_hide_lines(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    now = START + timedelta(minutes=60)
    chart.show_data([reading(0)], RATES, MARKERS, now)
    chart.show_data([], [], [], now)
    for curve in chart.plot_items().values():
        x, _y = curve.getData()
        assert x is None or len(x) == 0
    assert chart.marker_lines() == []
    assert chart.event_labels() == []
    assert "No vital signs" in chart.accessibleDescription()


def test_missing_values_are_left_out_of_their_curve(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    readings = [reading(0), reading(15, temperature_c=None, spo2=None)]
    chart.show_data(readings, [], [], START + timedelta(minutes=20))
    assert len(chart.plot_items()["temperature"].getData()[0]) == 1
    assert len(chart.plot_items()["systolic"].getData()[0]) == 2


def test_fahrenheit_chart_draws_fahrenheit(qtbot: QtBot) -> None:
    chart = make_chart(qtbot, temperature_unit="F")
    chart.show_data([reading(0, temperature_c=38.0)], [], [], START + timedelta(minutes=5))
    assert np.allclose(chart.plot_items()["temperature"].getData()[1], [100.4])


def test_accessible_name_and_description_say_the_latest_reading(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.show_data([reading(0), reading(15, 88)], RATES, [], START + timedelta(minutes=40))
    assert chart.accessibleName() == "Vital signs chart"
    description = chart.accessibleDescription()
    assert "BP 88/80" in description and "60 mL/h" in description


def test_render_into_paints_the_chart(qtbot: QtBot) -> None:
    chart = make_chart(qtbot)
    chart.show()
    chart.show_data([reading(0), reading(15, 88)], RATES, MARKERS, START + timedelta(minutes=40))
    image = QImage(400, 225, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    chart.render_into(painter, QRectF(0, 0, 400, 225))
    painter.end()
    drawn = sum(image.pixelColor(x, y).alpha() > 0 for x in range(0, 400, 4) for y in range(225))
    assert drawn > 100 * 225 // 10  # lines, symbols, axes and bands over a tenth of the picture


def test_rows_are_tall_enough_and_breathing_stays_out_of_the_spo2_band(qtbot: QtBot) -> None:
    import pyqtgraph as pg
    from PySide6.QtCore import QPointF

    chart = make_chart(qtbot)
    chart.resize(900, 480)
    chart.show()
    qtbot.waitExposed(chart)
    readings = [reading(m, respiratory_rate=rr) for m, rr in ((0, 10), (15, 16), (30, 24))]
    chart.show_data(readings, RATES, [], START + timedelta(minutes=40))
    pg.QtWidgets.QApplication.processEvents()
    for plot in chart.plots()[:3]:
        assert plot.height() >= 60  # blood pressure, heart rate, SpO2: a value can be read off
    band_top = chart.oxygen_plot.vb.mapViewToScene(QPointF(seconds(0), 92.0)).y()
    for rr in (10.0, 16.0, 24.0):
        drawn = chart.breathing_view.mapViewToScene(QPointF(seconds(0), rr)).y()
        assert drawn < band_top, rr  # above the SpO2 <= 92 band (scene y grows downwards)


def test_threshold_labels_sit_at_the_right_edge_above_the_points(qtbot: QtBot) -> None:
    import pyqtgraph as pg

    chart = make_chart(qtbot)
    chart.show_data([reading(0, systolic=88)], RATES, [], START + timedelta(minutes=10))
    labels = [i for i in chart.pressure_plot.items if isinstance(i, pg.LinearRegionItem)]
    assert labels
    texts = [
        child
        for region in labels
        for line in region.lines
        for child in line.childItems()
        if isinstance(child, pg.InfLineLabel)
    ]
    assert texts and all(t.orthoPos >= 0.9 for t in texts)
    curve_z = max(c.zValue() for c in chart.pressure_plot.listDataItems())
    assert all(t.zValue() > curve_z for t in texts)


def test_the_chart_follows_the_theme_on_screen_and_is_dark_on_white_on_paper(
    qtbot: QtBot,
) -> None:
    from PySide6.QtWidgets import QApplication

    from nurse_monitor.ui import colors
    from nurse_monitor.ui.themes import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before_font = app.font()
    try:
        apply_theme(app, "dark")
        screen = make_chart(qtbot)
        paper = make_chart(qtbot, on_paper=True)
        base = app.palette().color(app.palette().ColorRole.Base)
        assert screen.view.backgroundBrush().color() == base
        ink = screen.pressure_plot.getAxis("left").textPen().color()
        assert colors.contrast_ratio(ink, base) >= 4.5
        assert paper.view.backgroundBrush().color().name() == "#ffffff"
    finally:
        apply_theme(app, "light")
        app.setStyleSheet("")
        app.setFont(before_font)
