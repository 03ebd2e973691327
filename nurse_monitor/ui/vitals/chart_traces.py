"""Chart items that redraw only what changed: a saved reading adds one symbol, not 300.

pyqtgraph's `PlotDataItem.setData` rebuilds the line and every symbol of a series on each call
(about 0.6 ms a series with 300 readings, benchmarks/chart_redraw.py), although a save usually
appends one reading. `VitalTrace` compares each series with the one it shows and applies the
smallest change, and strokes long plain lines in pixels (`PixelLine`); `PressureBand` shades
between systolic and diastolic, built once per change.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotCurveItem import arrayToLineSegments
from pyqtgraph.graphicsItems.PlotDataItem import PlotDataset
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen

from nurse_monitor.ui.vitals.chart_series import FloatArray, Series


class PixelLine(pg.PlotCurveItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """A curve that, on screen, strokes its plain lines in pixels rather than through the view.

    Qt strokes a 2 px line through the view's scaling about three times slower than the same
    segments already in pixels (0.3 against 0.08 ms for 300 segments here), so a plain line is
    mapped to pixels in numpy and drawn as pyqtgraph draws it (separate segments). Smooth
    (antialiased), filled, dashed or exported (PDF) lines take pyqtgraph's own paint.
    """

    def __init__(self) -> None:
        super().__init__()
        self._pixel_segments: Any = None

    def paint(self, p: QPainter, opt: Any, widget: Any) -> None:
        x, y = self.xData, self.yData
        pen = self.opts["pen"]
        if (
            self._exportOpts is not False  # set by setExportMode around an export
            or x is None
            or len(x) < 2
            or self.opts["fillLevel"] is not None
            or self.opts["stepMode"]
            or not self._plain(pen)
        ):
            super().paint(p, opt, widget)
            return
        pixels = pg.functions.transformCoordinates(p.transform(), np.vstack((x, y)))
        self._pixel_segments = arrayToLineSegments(
            pixels[0],
            pixels[1],
            connect=self.opts["connect"],
            finiteCheck=not self.opts["skipFiniteCheck"],
            out=self._pixel_segments,
        )
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(pen)
        p.drawLines(*self._pixel_segments.drawargs())

    def _plain(self, pen: QPen | None) -> bool:
        """The lines pyqtgraph itself draws as separate segments: solid, opaque, wide, jagged."""
        return (
            pen is not None
            and not self.opts["antialias"]
            and self.opts["segmentedLineMode"] != "off"
            and pen.widthF() > 1.0
            and pen.style() == Qt.PenStyle.SolidLine
            and pen.isSolid()
            and pen.color().alphaF() == 1.0
        )


class VitalTrace(pg.PlotDataItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """A line, with a symbol at each point when built with `symbol=`, fed whole series.

    `show_series` keeps what is already drawn: an appended reading adds its symbol, a changed
    value moves the symbols, and only the first data, an emptied series or a change of style
    goes through `setData`. `getData()` and the legend sample are those of any PlotDataItem.
    """

    def __init__(self, **opts: object) -> None:
        self._shown = Series.empty()
        super().__init__(**opts)
        # PlotDataItem builds a plain PlotCurveItem: put a PixelLine in its place, under the
        # symbols and hidden until there is data, as PlotDataItem keeps its own.
        self.curve.setParentItem(None)  # pyqtgraph's, never in a scene: Python frees it
        self.curve: PixelLine = PixelLine()
        self.curve.setParentItem(self)
        self.curve.stackBefore(self.scatter)
        self.curve.sigClicked.connect(self.sigClicked)
        self.curve.hide()
        if self.opts["symbol"] is not None:
            # PlotDataItem hands the symbol style to its scatter with the first data; the legend
            # draws its sample from the scatter, so a chart without readings showed default
            # grey-blue symbols in the legend.
            self.scatter.setSymbol(self.opts["symbol"], update=False)
            self.scatter.setSize(self.opts["symbolSize"], update=False)
            self.scatter.setPen(self.opts["symbolPen"], update=False)
            self.scatter.setBrush(self.opts["symbolBrush"], update=False)

    def setData(self, *args: object, **kwargs: object) -> None:
        """PlotDataItem.setData, remembering what it drew so `show_series` can compare."""
        super().setData(*args, **kwargs)
        x, y = self.getOriginalDataset()
        self._shown = Series.empty() if x is None or y is None else Series(x, y)

    def show_series(self, x: FloatArray, y: FloatArray, *, antialias: bool | None = None) -> bool:
        """Show these points (x ascending); returns False when they were shown already."""
        old = self._shown
        restyle = antialias is not None and antialias != self.opts["antialias"]
        if not restyle and np.array_equal(x, old.x) and np.array_equal(y, old.y):
            return False
        if restyle or len(x) == 0 or len(old.x) == 0:
            if restyle:
                self.opts["antialias"] = antialias  # a construction option; setData applies it
            self.setData(x, y)
            return True
        self._shown = Series(x, y)
        # The same bookkeeping as PlotDataItem.setData, without its rebuild of every symbol.
        self._dataset = PlotDataset(x, y)
        self._datasetMapped = None
        self._datasetDisplay = None
        self.curve.setData(x=x, y=y)  # keeps pen, fill and connection from the last setData
        if self.opts["symbol"] is not None:
            shown = len(old.x)
            appended = (
                len(x) > shown
                and np.array_equal(x[:shown], old.x)
                and np.array_equal(y[:shown], old.y)
            )
            if appended:
                self.scatter.addPoints(x=x[shown:], y=y[shown:])
            else:
                self.scatter.setData(x=x, y=y)  # style stays: pen, brush, symbol are defaults
        self.informViewBoundsChanged()
        self.sigPlotChanged.emit(self)
        return True


class PressureBand(pg.FillBetweenItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """The shading between the systolic and diastolic lines (the pulse pressure).

    Unlike a FillBetweenItem tied to two curves, it is rebuilt once when either series changes
    rather than once for each, and from the arrays rather than from the curves' paths.
    """

    def __init__(self, brush: object) -> None:
        super().__init__(None, None, brush=brush)
        self.setZValue(-1)  # under the lines, as FillBetweenItem puts itself

    def show_between(self, upper: Series, lower: Series) -> None:
        """Fill from `upper` left to right and back along `lower`; empty if either is."""
        path = QPainterPath()
        if len(upper.x) and len(lower.x):
            path.setFillRule(Qt.FillRule.OddEvenFill)  # as FillBetweenItem
            x = np.concatenate((upper.x, lower.x[::-1]))
            y = np.concatenate((upper.y, lower.y[::-1]))
            path.addPolygon(pg.functions.arrayToQPolygonF(x, y))
        self.setPath(path)
