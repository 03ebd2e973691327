"""The session's vital signs and infusion rate over time, on stacked plots sharing one time axis.

Rows (so units never share a scale by accident): blood pressure; heart rate; SpO2 with
respiration on its own right-hand axis; temperature; infusion rate (mL/h). Shaded bands and
dashed lines mark the alert thresholds of clinical-reference.md section 6 and NEWS2 (RCP 2017):
systolic <= 90, SpO2 <= 92, temperature >= 38.0 C, heart rate > 110 or <= 50.

The chart is a thin adapter: `show_data` turns records into arrays (chart_series) and hands them
to items built once, which redraw only what changed (chart_traces): a save that appends one
reading turns only that reading into values (chart_series.charted_readings), adds one symbol per
series instead of rebuilding 300, and repaints only the pixels around the new points
(confined_updates); a scale is set again only when it moves.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QShowEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from nurse_monitor.domain.chart_markers import ChartMarker
from nurse_monitor.domain.pump_log import PumpLogLine
from nurse_monitor.services.chair_view import ReadingRecord
from nurse_monitor.ui import colors
from nurse_monitor.ui.chart_colors import chart_palette
from nurse_monitor.ui.vitals.chart_annotations import MarkerLines
from nurse_monitor.ui.vitals.chart_building import ChartBuilding
from nurse_monitor.ui.vitals.chart_series import (
    ChartedReadings,
    Series,
    charted_readings,
    epoch_seconds,
    padded_range,
    pump_steps,
    rate_steps,
)
from nurse_monitor.ui.vitals.chart_traces import VitalTrace

_EVENT_STRIP_HEIGHT = 30

# Default y ranges: the scale stays put from reading to reading unless values fall outside.
_PRESSURE_RANGE = (40.0, 180.0)
_HEART_RANGE = (40.0, 150.0)
_SPO2_RANGE = (84.0, 100.0)
# Respiration shares the SpO2 row on its own right-hand scale. The scale starts below zero so a
# usual rate (10 to 30 /min) is drawn in the upper half, above the SpO2 <= 92 band: drawn inside
# that red band it read as an alarm. Its ticks are 10, 20, 30 only.
_BREATHING_RANGE = (-24.0, 36.0)
_BREATHING_TICKS = [[(10.0, "10"), (20.0, "20"), (30.0, "30")], []]
# Rows tall enough to read a value off (they were about 45 px at 1366x768).
_ROW_MIN_HEIGHT = {"pressure": 60, "heart": 52, "oxygen": 56, "temperature": 40, "rate": 44}
_TEMPERATURE_RANGE = {"C": (35.0, 40.0), "F": (95.0, 104.0)}
_RATE_RANGE = (0.0, 50.0)
_EMPTY_SPAN = timedelta(hours=1)
# The right edge of the time axis moves in steps, not with every reading: the nurse's eye keeps
# its place, and a save redraws the new point instead of every tick, grid line and label.
_AXIS_STEP_S = 15 * 60
# The threshold labels take about a tenth of a pane's width at its right edge; the axis keeps at
# least that much of the span (and 5 minutes) clear of readings to the right of now.
_LABEL_ROOM_SHARE = 0.12
_LABEL_ROOM_MIN_S = 5 * 60
# Smooth (antialiased) lines while a session is of usual length; past this many readings
# (a long observation every 5 min) plain lines keep the repaint under a frame.
_SMOOTH_UP_TO = 120


class VitalsChart(ChartBuilding):
    """Live chart of one infusion session. Emits no signals; `show_data` redraws it.

    Args:
        temperature_unit: "C" or "F", as the workstation shows temperatures.
    """

    def __init__(
        self, parent: QWidget | None = None, *, temperature_unit: str = "C", on_paper: bool = False
    ) -> None:
        super().__init__(parent)
        self._temperature_unit = temperature_unit
        # On screen the chart follows the theme (its surface and ink); on paper it is dark on
        # white whatever the station's theme.
        palette = QApplication.palette()
        self._paper = on_paper or colors.current_theme() == "light"
        self._colours = chart_palette(colors.current_theme(), paper=self._paper)
        self._ink = self._colours.ink
        surface = "w" if self._paper else palette.color(palette.ColorRole.Base)
        self._waiting: tuple[Any, ...] | None = None  # a redraw held while hidden (show_data)
        self._pump_lines: tuple[PumpLogLine, ...] = ()  # what the pump line shows
        self._pump_series = Series.empty()
        self._rate_steps = Series.empty()  # the charted rate's steps as last drawn
        self._drawn: tuple[Any, ...] | None = None  # show_data's arguments as last drawn
        self._charted: ChartedReadings | None = None  # the series as last drawn
        self._ranges: dict[object, tuple[float, ...]] = {}  # each plot's range as last set
        self.setAccessibleName(self.tr("Vital signs chart"))
        self.setAccessibleDescription(self.tr("No vital signs recorded yet."))
        self.view = pg.GraphicsLayoutWidget(self)
        self.view.setBackground(surface)
        self.view.setAccessibleName(self.accessibleName())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        # Its rows at their minimum heights, the event strip, a one-row legend and the time
        # axis; any taller and the workspace outgrew a 1366x768 screen.
        self.setMinimumSize(480, 330)

        self.legend = pg.LegendItem(colCount=8, labelTextColor=self._ink, labelTextSize="9pt")
        self.view.addItem(self.legend, row=0, col=0)
        self.legend.layout.setContentsMargins(2, 0, 2, 0)  # one line, 22 px, not 40
        self.legend.layout.setVerticalSpacing(0)
        self.events_plot = self._add_plot(1, "")
        self.events_plot.setFixedHeight(_EVENT_STRIP_HEIGHT)
        self.events_plot.showGrid(x=False, y=False)
        self.events_plot.hideAxis("bottom")
        for side in ("left", "right"):  # kept for their width, which lines the strip up
            axis = self.events_plot.getAxis(side)
            axis.setStyle(showValues=False, tickLength=0)
            axis.setPen(pg.mkPen(None))
        self.events_plot.setYRange(0.0, 1.0, padding=0)
        self.pressure_plot = self._add_plot(2, self.tr("BP mmHg"))
        self.heart_plot = self._add_plot(3, self.tr("HR /min"))
        self.oxygen_plot = self._add_plot(4, self.tr("SpO₂ %"))
        unit = "°F" if temperature_unit == "F" else "°C"
        self.temperature_plot = self._add_plot(5, self.tr("Temp %1").replace("%1", unit))
        self.rate_plot = self._add_plot(6, self.tr("mL/h"), date_axis=True)
        self.breathing_view = self._add_right_axis_view(self.oxygen_plot, self.tr("RR /min"))
        self.breathing_axis = self.oxygen_plot.getAxis("right")
        self.breathing_axis.setTicks(_BREATHING_TICKS)
        for name, row_plot in (
            ("pressure", self.pressure_plot),
            ("heart", self.heart_plot),
            ("oxygen", self.oxygen_plot),
            ("temperature", self.temperature_plot),
            ("rate", self.rate_plot),
        ):
            row_plot.setMinimumHeight(_ROW_MIN_HEIGHT[name])
        grid = self.view.ci.layout
        grid.setContentsMargins(4, 2, 4, 2)
        grid.setVerticalSpacing(2)
        for row, stretch in ((2, 5), (3, 4), (4, 4), (5, 3), (6, 4)):
            grid.setRowStretchFactor(row, stretch)

        # Fewer labels on the short rows, so their ticks don't run together at 800x450.
        self.heart_plot.getAxis("left").setTickSpacing(50, 10)
        self.temperature_plot.getAxis("left").setTickSpacing(
            *((4.0, 1.0) if temperature_unit == "F" else (2.0, 0.5))
        )
        self._curves = self._add_curves()
        self._add_alert_shading()
        self.markers = MarkerLines(self.events_plot, self.plots(), self.rate_plot, self._colours)

    # ----- public -----

    def show_data(
        self,
        readings: Sequence[ReadingRecord],
        rate_history: Sequence[tuple[datetime, float]],
        markers: Sequence[ChartMarker],
        now: datetime,
        pump: Sequence[PumpLogLine] = (),
    ) -> None:
        """Redraw from the session so far: readings, the rate steps up to `now`, the markers,
        and the pump's own rate (its lines of the record) when a pump was bound.

        On a hidden tab of a shown window the redraw waits until the chart is shown again: Qt
        does not paint it there, and a save from the Vital signs tab need not lay it out.
        """
        if self.window().isVisible() and not self.isVisible():
            self._waiting = (readings, rate_history, markers, now, pump)
            return
        self._waiting = None
        self._drawn = (readings, rate_history, markers, now, pump)
        self._charted = charted_readings(readings, self._temperature_unit, self._charted)
        series = self._charted.series
        smooth = len(readings) <= _SMOOTH_UP_TO
        changed = {
            name: self._curves[name].show_series(data.x, data.y, antialias=smooth)
            for name, data in series.items()
        }
        if changed["systolic"] or changed["diastolic"]:
            self._band.show_between(series["systolic"], series["diastolic"])
        steps = self._rate_steps = rate_steps(rate_history, now)
        self._curves["infusion_rate"].show_series(steps.x, steps.y)
        self._show_pump(tuple(pump))
        span = self._fit_ranges(series, steps, markers, now)
        self.markers.show(markers, span)
        description = self._describe(readings, rate_history, self._charted.latest)
        if description != self.accessibleDescription():
            self.setAccessibleDescription(description)

    def show_pump_lines(self, lines: Sequence[PumpLogLine]) -> None:
        """Only the pump spoke: its line is drawn on (the rate scale stretched to fit it) and
        nothing else is redrawn. Held with the rest while the chart is hidden."""
        if self._drawn is None:
            return  # nothing drawn yet: the first show_data draws the pump's line too
        if self._waiting is not None or (self.window().isVisible() and not self.isVisible()):
            self._waiting = (*(self._waiting or self._drawn)[:4], lines)
            return
        if not self._show_pump(tuple(lines)):
            return
        self._drawn = (*self._drawn[:4], lines)
        shown_from = self.rate_plot.viewRange()[0][0]
        if len(self._pump_series.x) and self._pump_series.x[0] < shown_from:
            self.show_data(*self._drawn)  # the pump's line starts before the chart: refit all
            return
        self._fit_rate()

    def _show_pump(self, lines: tuple[PumpLogLine, ...]) -> bool:
        """The pump's line, redrawn only when its lines changed; in the legend while shown."""
        if lines == self._pump_lines:
            return False
        self._pump_lines = lines
        self._pump_series = pump_steps(lines)
        trace = self._curves["pump_rate"]
        trace.show_series(self._pump_series.x, self._pump_series.y)
        listed = any(sample.item is trace for sample, _ in self.legend.items)
        if len(self._pump_series.x) and not listed:
            self.legend.addItem(trace, trace.name())
            self.legend.items[-1][0].setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        elif not len(self._pump_series.x) and listed:
            self.legend.removeItem(trace)
        return True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._waiting is not None:
            self.show_data(*self._waiting)

    def plot_items(self) -> dict[str, VitalTrace]:
        """The curves by name (systolic, diastolic, heart_rate, spo2, respiratory_rate,
        temperature, infusion_rate, pump_rate), for tests and exports."""
        return dict(self._curves)

    def marker_lines(self) -> list[pg.InfiniteLine]:
        """One visible line per marker (the one in the event strip, or in the rate row)."""
        return self.markers.lines()

    def event_labels(self) -> list[str]:
        """The texts shown in the event strip, left to right."""
        return self.markers.labels()

    def render_into(self, painter: QPainter, rect: QRectF) -> None:
        """Paint the whole chart into `rect` of any painter (a PDF page), as vectors.

        Items are put in export mode around the render, as pyqtgraph's exporters do, or scatter
        symbols would be drawn from cached bitmaps.
        """
        scene = self.view.scene()
        items = [item for item in scene.items() if hasattr(item, "setExportMode")]
        options = {"painter": painter, "antialias": True, "background": QColor("white")}
        for item in items:
            item.setExportMode(True, options)
        try:
            source = self.view.ci.mapRectToScene(self.view.ci.boundingRect())
            scene.render(painter, QRectF(rect), source)
        finally:
            for item in items:
                item.setExportMode(False, options)

    def set_temperature_unit(self, unit: str) -> None:
        """Temperatures in `unit` ("C" or "F"): axis and fever band now, values at the redraw."""
        if unit == self._temperature_unit:
            return
        self._temperature_unit = unit
        title = self.tr("Temp %1").replace("%1", "°F" if unit == "F" else "°C")
        self.temperature_plot.setLabel(
            "left", title.replace(" ", "<br>"), color=self._ink, **{"font-size": "8pt"}
        )
        self.temperature_plot.getAxis("left").setTickSpacing(
            *((4.0, 1.0) if unit == "F" else (2.0, 0.5))
        )
        self.temperature_plot.removeItem(self._fever)
        self._shade_fever()

    # ----- redrawing -----

    def _fit_ranges(
        self,
        series: dict[str, Series],
        steps: Series,
        markers: Sequence[ChartMarker],
        now: datetime,
    ) -> float:
        """Whole session on x (first thing recorded to now, the right edge moving in 15-minute
        steps); stable y scales that stretch.

        Returns the time span shown, in seconds.
        """
        starts = [s.x[0] for s in (*series.values(), steps, self._pump_series) if len(s.x)]
        starts += [epoch_seconds(m.at) for m in markers]
        latest = epoch_seconds(now)
        start = min([*starts, latest]) if starts else latest - _EMPTY_SPAN.total_seconds()
        # Room right of now for the threshold labels at the right edge: the newest reading (a
        # systolic of 84 under "Systolic < 90") was hidden behind its own alarm's label.
        room = max(_LABEL_ROOM_MIN_S, _LABEL_ROOM_SHARE * (latest - start))
        end = math.ceil((latest + room) / _AXIS_STEP_S) * _AXIS_STEP_S  # moves in steps
        if end - start < 600:  # at least 10 minutes, so one reading is not a wall of grid
            start = end - 600
        self._set_range(self.rate_plot, "x", start, end, padding=0.02)

        def fit(
            target: pg.ViewBox | pg.PlotItem, names: Sequence[str], default: tuple[float, float]
        ) -> None:
            extents = [series[n].extent() for n in names]
            low = min(low for low, _ in extents)
            high = max(high for _, high in extents)
            self._set_range(target, "y", *padded_range(low, high, default))

        fit(self.pressure_plot, ("systolic", "diastolic"), _PRESSURE_RANGE)
        fit(self.heart_plot, ("heart_rate",), _HEART_RANGE)
        fit(self.oxygen_plot, ("spo2",), _SPO2_RANGE)
        fit(self.breathing_view, ("respiratory_rate",), _BREATHING_RANGE)
        fit(self.temperature_plot, ("temperature",), _TEMPERATURE_RANGE[self._temperature_unit])
        self._fit_rate()
        return end - start

    def _fit_rate(self) -> None:
        """The rate row's scale: the charted rate's steps and the pump's line, with room."""
        rates = [v for v in (self._rate_steps.y, self._pump_series.y) if len(v)]
        # fmax skips NaNs (the gaps between pump channels) as nanmax does, without its wrapping.
        top = max((float(np.fmax.reduce(v)) for v in rates), default=_RATE_RANGE[1] / 1.4) * 1.4
        self._set_range(self.rate_plot, "y", 0.0, max(top, _RATE_RANGE[1]))

    def _set_range(
        self, target: pg.ViewBox | pg.PlotItem, axis: str, low: float, high: float,
        padding: float = 0.0,
    ) -> None:  # fmt: skip
        """Set a range only when it differs from the one set last: pyqtgraph signals a change,
        and its items redo their geometry, even when the range is the same."""
        view = target.getViewBox() if isinstance(target, pg.PlotItem) else target
        index = 0 if axis == "x" else 1
        key = (id(view), index)
        if self._ranges.get(key) == (low, high, padding, *view.state["targetRange"][index]):
            return
        if axis == "x":
            target.setXRange(low, high, padding=padding)
        else:
            target.setYRange(low, high, padding=padding)
        self._ranges[key] = (low, high, padding, *view.state["targetRange"][index])
