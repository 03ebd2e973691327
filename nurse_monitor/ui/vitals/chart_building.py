"""How the vital-signs chart is built, once: its plots, axes, curves and alert shading, and the
sentence it gives screen readers. Moved verbatim out of vitals_chart.py (over the house's 400
lines); `VitalsChart` holds the drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from nurse_monitor.domain.chart_thresholds import CHART_RANGES, FEVER_FROM_C
from nurse_monitor.domain.vital_signs import celsius_to_fahrenheit
from nurse_monitor.services.chair_view import ReadingRecord
from nurse_monitor.ui.chart_colors import ChartPalette
from nurse_monitor.ui.time_format import clock_time
from nurse_monitor.ui.vitals.chart_annotations import pen, shade
from nurse_monitor.ui.vitals.chart_traces import PressureBand, VitalTrace

# Okabe-Ito colours (ui/chart_colors.py, per theme and on paper): told apart with the common
# colour-vision deficiencies; each series also has its own symbol, and the legend names it.

_AXIS_WIDTH_LEFT = 52
_AXIS_WIDTH_RIGHT = 40


class ChartBuilding(QWidget):
    """The parts of `VitalsChart` that build it; the attributes are set by its constructor."""

    _ink: str
    _colours: ChartPalette
    _paper: bool
    _temperature_unit: str
    _band: PressureBand
    _fever: object
    view: pg.GraphicsLayoutWidget
    legend: pg.LegendItem
    events_plot: pg.PlotItem
    pressure_plot: pg.PlotItem
    heart_plot: pg.PlotItem
    oxygen_plot: pg.PlotItem
    temperature_plot: pg.PlotItem
    rate_plot: pg.PlotItem
    breathing_view: pg.ViewBox

    def plots(self) -> tuple[pg.PlotItem, ...]:
        """The stacked plots, top to bottom."""
        return (
            self.pressure_plot,
            self.heart_plot,
            self.oxygen_plot,
            self.temperature_plot,
            self.rate_plot,
        )

    # ----- building, once -----

    def _add_plot(self, row: int, unit: str, *, date_axis: bool = False) -> pg.PlotItem:
        axes = {"bottom": pg.DateAxisItem(orientation="bottom")} if date_axis else None
        plot = self.view.addPlot(row=row, col=0, axisItems=axes)
        plot.setMouseEnabled(x=False, y=False)  # a touch at the chair must not pan the chart
        plot.setMenuEnabled(False)
        plot.hideButtons()
        # Time lines only: a horizontal grid tripled the repaint time (benchmarks/chart_redraw.py)
        # and the alert bands and tick labels already give the levels that matter.
        plot.showGrid(x=True, y=False, alpha=0.15)
        plot.showAxis("right")
        plot.getAxis("right").setStyle(showValues=False)
        for side in ("left", "right", "top", "bottom"):
            # Our units never take an SI prefix (values 0.1 to 999); without this every range
            # change re-set each axis label's HTML and size (about 0.5 ms a redraw).
            plot.getAxis(side).enableAutoSIPrefix(False)
        for side, width in (("left", _AXIS_WIDTH_LEFT), ("right", _AXIS_WIDTH_RIGHT)):
            axis = plot.getAxis(side)
            axis.setWidth(width)  # equal widths keep the linked time axes lined up
            axis.setPen(pg.mkPen(self._ink))
            axis.setTextPen(pg.mkPen(self._ink))
        # Two short lines: at 1366x768 the rows are about 45 px high, and one line ran into the
        # next row's title.
        plot.setLabel("left", unit.replace(" ", "<br>"), color=self._ink, **{"font-size": "8pt"})
        if date_axis:
            plot.getAxis("bottom").setPen(pg.mkPen(self._ink))
            plot.getAxis("bottom").setTextPen(pg.mkPen(self._ink))
        else:
            plot.getAxis("bottom").setStyle(showValues=False)
            plot.getAxis("bottom").setHeight(4)
        plot.disableAutoRange()
        return plot

    def _add_right_axis_view(self, plot: pg.PlotItem, unit: str) -> pg.ViewBox:
        """A second y scale on the right of `plot` (pyqtgraph's MultiplePlotAxes recipe)."""
        view = pg.ViewBox(enableMouse=False, enableMenu=False)
        plot.scene().addItem(view)
        axis = plot.getAxis("right")
        axis.setStyle(showValues=True)
        axis.linkToView(view)
        axis.setLabel(unit, color=self._colours.breathing_title)
        view.setXLink(plot)

        def follow() -> None:
            view.setGeometry(plot.vb.sceneBoundingRect())

        plot.vb.sigResized.connect(follow)
        return view

    def _add_curves(self) -> dict[str, VitalTrace]:
        for plot in (self.events_plot, *self.plots()[:-1]):
            plot.setXLink(self.rate_plot)
        specs = (
            ("systolic", self.tr("Systolic"), self.pressure_plot, "t", 9),
            ("diastolic", self.tr("Diastolic"), self.pressure_plot, "t1", 9),
            ("heart_rate", self.tr("HR"), self.heart_plot, "o", 6),
            ("spo2", self.tr("SpO₂"), self.oxygen_plot, "s", 6),
            ("respiratory_rate", self.tr("RR (right)"), self.breathing_view, "d", 7),
            ("temperature", self.tr("Temp"), self.temperature_plot, "o", 6),
        )
        curves: dict[str, VitalTrace] = {}
        for name, title, target, symbol, size in specs:
            color = self._colours.series[name]
            curve = VitalTrace(
                pen=pen(color, 2.0),
                symbol=symbol,
                symbolSize=size,
                symbolBrush=color,
                symbolPen=pg.mkPen(color),
                antialias=True,
                name=title,
            )
            target.addItem(curve)
            curves[name] = curve
        self._band = PressureBand(brush=pg.mkBrush(0, 114, 178, 28))
        self.pressure_plot.addItem(self._band)
        rate = VitalTrace(
            pen=pen(self._colours.series["infusion_rate"], 2.0),
            fillLevel=0,
            brush=pg.mkBrush(64, 64, 64, 30),
            name=self.tr("Rate"),
        )
        self.rate_plot.addItem(rate)
        curves["infusion_rate"] = rate
        for curve in curves.values():
            self.legend.addItem(curve, curve.name())
        # The pump's rate: a thin dashed line over the charted steps, in the legend once shown.
        pump = VitalTrace(pen=pen(self._colours.series["pump_rate"], 1.5, "dash"),
                          name=self.tr("Pump"))  # fmt: skip
        self.rate_plot.addItem(pump)
        curves["pump_rate"] = pump
        for sample, _label in self.legend.items:
            sample.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # no hiding
        return curves

    def _add_alert_shading(self) -> None:
        """Shade the ranges that raise an alert; label each at the left edge."""
        rows = {
            "pressure": self.pressure_plot,
            "heart": self.heart_plot,
            "oxygen": self.oxygen_plot,
        }
        for band in CHART_RANGES:  # the ranges and their words are the domain's
            values = (0.0, band.limit) if band.below else (band.limit, 1000.0)
            # The low heart-rate band is too thin for a label inside: it sits just above it.
            inside = not (band.series == "heart" and band.below)
            shade(
                rows[band.series],
                values,
                self.tr(band.label),
                upper=band.below,
                inside=inside,
                palette=self._colours,
            )
        self._shade_fever()

    def _shade_fever(self) -> None:
        fahrenheit = self._temperature_unit == "F"
        fever = celsius_to_fahrenheit(FEVER_FROM_C) if fahrenheit else FEVER_FROM_C
        fever_text = f"≥ {fever:.1f} °{'F' if fahrenheit else 'C'}"
        fever_label = self.tr("Fever %1").replace("%1", fever_text)
        self._fever = shade(
            self.temperature_plot, (fever, 1000.0), fever_label, upper=False, palette=self._colours
        )

    def _describe(
        self,
        readings: Sequence[ReadingRecord],
        rate_history: Sequence[tuple[datetime, float]],
        latest: ReadingRecord | None = None,
    ) -> str:
        """A sentence for screen readers: the latest reading (`latest` if known) and rate."""
        if not readings:
            text = self.tr("No vital signs recorded yet.")
        else:
            r = latest or max(readings, key=lambda reading: reading.taken_at)
            text = self.tr(
                "%1 readings. Latest at %2: BP %3/%4, HR %5, RR %6, SpO₂ %7%, temperature %8."
            )
            temperature = "—"
            if r.temperature_c is not None:
                degrees = r.temperature_c
                if self._temperature_unit == "F":
                    degrees = celsius_to_fahrenheit(degrees)
                temperature = f"{degrees:.1f} °{self._temperature_unit}"
            for key, shown in (
                ("%1", len(readings)),
                ("%2", clock_time(r.taken_at)),
                ("%3", r.systolic),
                ("%4", r.diastolic),
                ("%5", r.heart_rate),
                ("%6", r.respiratory_rate),
                ("%7", r.spo2),
                ("%8", temperature),
            ):
                text = text.replace(key, "—" if shown is None else str(shown))
        if rate_history:
            rate = max(rate_history, key=lambda step: step[0])[1]
            text += " " + self.tr("Infusion rate %1 mL/h.").replace("%1", f"{rate:g}")
        return text
