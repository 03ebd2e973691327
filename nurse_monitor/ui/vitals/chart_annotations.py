"""What the vitals chart draws over the data: alert bands, and lines for what was given or done.

Premedications and reactions get a line through every row and a label in the event strip at
the top (labels never cover data); rate changes get a line and the new rate in the rate row.
Items are pooled: a redraw moves and relabels only the lines whose marker changed, and hides the
rest; an unchanged marker costs nothing (each line touched costs a relayout and a repaint).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPen

from nurse_monitor.ui import colors
from nurse_monitor.ui.chart_colors import ALERT_BAND_ALPHA, ALERT_EDGE_ALPHA, ChartPalette
from nurse_monitor.ui.time_format import clock_time
from nurse_monitor.ui.vitals.chart_series import EventLabel, epoch_seconds, event_labels

if TYPE_CHECKING:
    from nurse_monitor.domain.chart_markers import ChartMarker

MARKER_STYLES = {"premedication": "dot", "rate": "dash", "reaction": "solid"}
# Rate label heights (fraction of the row), cycled so neighbouring labels don't overprint.
_RATE_LABEL_POSITIONS = (0.95, 0.78, 0.61)
_LABEL_GAP = 0.06  # events closer than this fraction of the time shown share one label
_PEN_STYLES = {
    "solid": Qt.PenStyle.SolidLine,
    "dash": Qt.PenStyle.DashLine,
    "dot": Qt.PenStyle.DotLine,
}


def pen(color: str, width: float = 2.0, style: str = "solid") -> QPen:
    made: QPen = pg.mkPen(color, width=width, style=_PEN_STYLES[style])
    return made


def shade(
    plot: pg.PlotItem,
    values: tuple[float, float],
    text: str,
    *,
    upper: bool,
    inside: bool = True,
    palette: ChartPalette,
) -> pg.LinearRegionItem:
    """Shade an alert range of `plot` and label it at the right edge, above the data (the
    region, returned).

    The newest readings sit left of the axis's rounded-up end, so the right edge is usually
    clear; the label is drawn over any point that still reaches it (a point covered the label).

    Args:
        upper: the band lies below `values[1]` (True) or above `values[0]` (False).
        inside: label inside the band (default) or just outside its edge.
        palette: the chart's colours (the label's words and box read at 4.5:1 on the band).
    """
    alarm = colors.OVERDUE
    region = pg.LinearRegionItem(
        values=values,
        orientation="horizontal",
        movable=False,
        brush=pg.mkBrush(alarm.red(), alarm.green(), alarm.blue(), ALERT_BAND_ALPHA),
        pen=pg.mkPen(alarm.red(), alarm.green(), alarm.blue(), ALERT_EDGE_ALPHA),
    )
    plot.addItem(region, ignoreBounds=True)
    edge = region.lines[1] if upper else region.lines[0]
    label = pg.InfLineLabel(
        edge,
        text,
        position=0.99,
        anchors=[(1, 0), (1, 0)] if upper == inside else [(1, 1), (1, 1)],
        color=palette.threshold_text,
        fill=palette.label_fill,
    )
    font = label.textItem.font()
    font.setPointSizeF(8.0)
    label.setFont(font)
    label.setZValue(50)  # over the curves and their symbols
    return region


class MarkerLines:
    """The pooled marker lines and event labels of one chart."""

    def __init__(
        self,
        events_plot: pg.PlotItem,
        plots: Sequence[pg.PlotItem],
        rate_plot: pg.PlotItem,
        palette: ChartPalette,
    ) -> None:
        self._colours = palette
        self._events_plot = events_plot
        self._plots = (events_plot, *plots)
        self._rate_plot = rate_plot
        self._event_lines: list[list[pg.InfiniteLine]] = []
        self._event_texts: list[pg.TextItem] = []
        self._rate_lines: list[tuple[pg.InfiniteLine, pg.InfLineLabel]] = []
        # What each pooled item shows now (None: hidden), to touch only what changes.
        self._event_shown: list[ChartMarker | None] = []
        self._rate_shown: list[ChartMarker | None] = []
        self._labels_shown: list[EventLabel | None] = []
        self._shown: tuple[tuple[ChartMarker, ...], float] | None = None  # the last show()

    def show(self, markers: Sequence[ChartMarker], span: float) -> None:
        """Place one line per marker; `span` (seconds shown) decides which labels merge."""
        shown = (tuple(markers), span)
        if shown == self._shown:
            return  # a saved reading: the same markers over the same span
        self._shown = shown
        events = [m for m in markers if m.kind != "rate"]
        rates = [m for m in markers if m.kind == "rate"]
        while len(self._event_lines) < len(events):
            self._event_lines.append([self._new_line(plot) for plot in self._plots])
            self._event_shown.append(None)
        while len(self._rate_lines) < len(rates):
            line = self._new_line(self._rate_plot)
            label = pg.InfLineLabel(
                line,
                "",
                anchors=[(0, 0), (0, 0)],
                fill=self._colours.label_fill,
                color=self._colours.ink,
            )
            slot = len(self._rate_lines) % len(_RATE_LABEL_POSITIONS)
            label.setPosition(_RATE_LABEL_POSITIONS[slot])
            self._rate_lines.append((line, label))
            self._rate_shown.append(None)
        for i, group in enumerate(self._event_lines):
            event = events[i] if i < len(events) else None
            if event != self._event_shown[i]:
                for line in group:
                    self._place(line, event)
                self._event_shown[i] = event
        for i, (line, label) in enumerate(self._rate_lines):
            rate = rates[i] if i < len(rates) else None
            if rate == self._rate_shown[i]:
                continue
            self._place(line, rate)
            if rate is not None:
                label.setFormat(rate.label.replace("{", "{{").replace("}", "}}"))
            self._rate_shown[i] = rate
        self._show_labels(events, span)

    def lines(self) -> list[pg.InfiniteLine]:
        """One visible line per marker (in the event strip, or in the rate row)."""
        lines = [group[0] for group in self._event_lines] + [line for line, _ in self._rate_lines]
        return [line for line in lines if line.isVisible()]

    def labels(self) -> list[str]:
        return [text.toPlainText() for text in self._event_texts if text.isVisible()]

    def _show_labels(self, events: Sequence[ChartMarker], span: float) -> None:
        labels = event_labels(
            [(epoch_seconds(m.at), m.kind, m.label) for m in events], min_gap=_LABEL_GAP * span
        )
        while len(self._event_texts) < len(labels):
            text = pg.TextItem(anchor=(0, 0.5), fill=self._colours.label_fill)
            text.setZValue(1)  # over the marker lines, also those of markers added later
            self._events_plot.addItem(text, ignoreBounds=True)
            self._event_texts.append(text)
            self._labels_shown.append(None)
        for i, text in enumerate(self._event_texts):
            label = labels[i] if i < len(labels) else None
            shown = self._labels_shown[i]
            if label == shown:
                continue
            self._labels_shown[i] = label
            if label is None:
                text.setVisible(False)
                continue
            if shown is None or (label.kind, label.text) != (shown.kind, shown.text):
                text.setText(label.text, color=self._colours.marker(label.kind))
            text.setToolTip(label.full_text)
            text.setPos(label.x, 0.72 if i % 2 == 0 else 0.28)  # two lines, alternating
            text.setVisible(True)

    @staticmethod
    def _new_line(plot: pg.PlotItem) -> pg.InfiniteLine:
        line = pg.InfiniteLine(angle=90, movable=False)
        plot.addItem(line, ignoreBounds=True)
        return line

    def _place(self, line: pg.InfiniteLine, marker: ChartMarker | None) -> None:
        if marker is None:
            line.setVisible(False)
            return
        color = self._colours.marker(marker.kind)
        width = 2.0 if marker.kind == "reaction" else 1.3
        line.setPen(pen(color, width, MARKER_STYLES.get(marker.kind, "solid")))
        line.setPos(epoch_seconds(marker.at))
        line.setToolTip(f"{clock_time(marker.at)} {marker.label}")
        line.setVisible(True)
