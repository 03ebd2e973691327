"""Chart items that redraw only what changed: a saved reading adds one symbol, not 300.

pyqtgraph's `PlotDataItem.setData` rebuilds the line and every symbol of a series on each call
(about 0.6 ms a series with 300 readings, benchmarks/chart_redraw.py), although a save usually
appends one reading. `VitalTrace` compares each series with the one it shows and applies the
smallest change, and strokes long plain lines in pixels (`PixelLine`); `PressureBand` shades
between systolic and diastolic, built once per change. Points appended after those shown (the
usual save) take the shortest path, `VitalTrace._append`: one repaint rect from the new tail,
the curve's arrays replaced and the symbols written into spare rows, the view and listeners told
once by the trace (about 30 µs a series here, was about 50 µs through the general path).
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotCurveItem import arrayToLineSegments
from pyqtgraph.graphicsItems.PlotDataItem import PlotDataset
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen, QTransform

from nurse_monitor.ui.vitals.chart_series import FloatArray, Series
from nurse_monitor.ui.vitals.confined_updates import ConfinedUpdates, first_change

# Up to this many points in a repaint are drawn one by one (a saved reading's column holds 2 to 4).
_FEW = 16


class PixelLine(ConfinedUpdates, pg.PlotCurveItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """A curve that, on screen, strokes its plain lines in pixels rather than through the view.

    Qt strokes a 2 px line through the view's scaling about three times slower than the same
    segments already in pixels (0.3 against 0.08 ms for 300 segments here), so a plain line is
    mapped to pixels in numpy and drawn as pyqtgraph draws it (separate segments). Smooth
    (antialiased), filled, dashed or exported (PDF) lines take pyqtgraph's own paint.
    """

    def __init__(self) -> None:
        super().__init__()
        self._pixel_segments: Any = None
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # the exposed rect

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
        part = self.exposed_points(x, opt)
        if part is not None:  # a few pixels repainted: the segments through them
            x, y = x[part], y[part]
            if len(x) <= _FEW and self.opts["connect"] == "all" and np.isfinite(y).all():
                self._paint_few(p, x, y, pen)
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

    def replace_data(self, x: FloatArray, y: FloatArray) -> None:
        """New arrays, the style kept (pen, fill, connection): what PlotCurveItem.updateData
        does for x and y alone, without reading its other options each time."""
        self.yData, self.xData = y.view(np.ndarray), x.view(np.ndarray)
        self.invalidateBounds()
        self.prepareGeometryChange()
        self.informViewBoundsChanged()
        self.path = None
        self.fillPath = None
        self._fillPathList = None
        self._mouseShape = None
        self._lineSegmentsRendered = False
        self.update()
        self.sigPlotChanged.emit(self)

    def append_data(self, x: FloatArray, y: FloatArray, changed: QRectF) -> None:
        """`replace_data` for points appended: only `changed` (item coordinates, from
        `room_for`) is repainted; the trace tells its view and emits sigPlotChanged."""
        self.yData, self.xData = y.view(np.ndarray), x.view(np.ndarray)
        self._boundingRect = None  # invalidateBounds
        self._boundsCache = [None, None]
        self.path = None
        self.fillPath = None
        self._fillPathList = None
        self._mouseShape = None
        self._lineSegmentsRendered = False
        if not changed.isEmpty():
            pg.PlotCurveItem.update(self, changed)

    @staticmethod
    def _paint_few(p: QPainter, x: FloatArray, y: FloatArray, pen: QPen) -> None:
        """The same segments for a few points, without numpy's fixed cost per call (a save's
        repaint is a few pixels wide). QTransform maps a point as pyqtgraph's numpy does (scale,
        then offset), to the same pixels."""
        transform = p.transform()
        points = [transform.map(QPointF(a, b)) for a, b in zip(x.tolist(), y.tolist(), strict=True)]
        p.resetTransform()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.setPen(pen)
        p.drawLines([QLineF(a, b) for a, b in itertools.pairwise(points)])

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


class PointSymbols(ConfinedUpdates, pg.ScatterPlotItem):  # type: ignore[misc]
    """pyqtgraph's symbols, as large as the plot: a new symbol repaints only around itself.

    `addPoints` writes into room kept at the end of the point table: pyqtgraph allocates a new
    table for every point added, and allocating its object columns took about 0.1 ms a series.
    """

    data: np.ndarray[Any, Any]  # pyqtgraph's point table, one row a point

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(self.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # the exposed rect
        # The table addPoints last made, at the start of its room (a larger table whose rows
        # past the points are spare); pyqtgraph's setData makes a table of its own.
        self._room: np.ndarray[Any, Any] | None = None
        self._room_table: np.ndarray[Any, Any] | None = None

    def paint(self, p: QPainter, option: Any, widget: Any) -> None:
        """pyqtgraph's paint, given only the points that can reach the exposed rect."""
        table = self.data
        part = None if self._exportOpts is not False else self.exposed_points(table["x"], option)
        if (
            widget is not None
            and widget.devicePixelRatioF() != self.fragmentAtlas.devicePixelRatio()
        ):
            part = None  # pyqtgraph renders every symbol again at the new ratio
        if part is None:
            super().paint(p, option, widget)
            return
        rows = table[part]  # a view: what the paint writes back reaches the table
        if not self._paint_few(p, rows):
            self.data = rows
            try:
                super().paint(p, option, widget)
            finally:
                self.data = table

    def _paint_few(self, p: QPainter, rows: np.ndarray[Any, Any]) -> bool:
        """A few symbols drawn from the atlas as pyqtgraph's `drawPixmapFragments` draws them
        (each centred on its point, at the atlas's pixel ratio), without numpy's fixed cost per
        call; False when pyqtgraph's own paint is needed (many, unrendered or hidden symbols)."""
        atlas = self.fragmentAtlas
        ratio = atlas.devicePixelRatio()
        if (
            len(rows) > _FEW
            or self.opts.get("compositionMode") is not None
            or not rows["visible"].all()
            or not rows["sourceRect"]["w"].all()
        ):
            return False
        transform = p.transform()
        pixmap = atlas.pixmap
        for x, y, (left, top, width, height) in zip(
            rows["x"].tolist(), rows["y"].tolist(), rows["sourceRect"].tolist(), strict=True
        ):
            centre = transform.map(QPointF(x, y))
            p.setTransform(QTransform.fromTranslate(centre.x(), centre.y()))
            w, h = width / ratio, height / ratio
            p.drawPixmap(QRectF(-0.5 * w, -0.5 * h, w, h), pixmap, QRectF(left, top, width, height))
        return True

    def addPoints(self, *args: Any, **kwargs: Any) -> None:
        x, y = kwargs.get("x"), kwargs.get("y")
        if args or x is None or y is None or set(kwargs) != {"x", "y"}:
            super().addPoints(*args, **kwargs)
            return
        self.prepareGeometryChange()
        self.informViewBoundsChanged()
        self._write_points(x, y)
        self.invalidate()
        self.sigPlotChanged.emit(self)

    def append_points(self, x: FloatArray, y: FloatArray, changed: QRectF) -> None:
        """`addPoints(x=, y=)` for a trace that tells its view and listeners (VitalTrace._append):
        only `changed` (item coordinates, around the new points) is repainted."""
        self._write_points(x, y)
        self.picture = None  # invalidate
        if not changed.isEmpty():
            pg.ScatterPlotItem.update(self, changed)

    def _write_points(self, x: FloatArray, y: FloatArray) -> None:
        table = self.data
        count, more = len(table), len(y)
        room = self._room
        if table is not self._room_table or room is None or len(room) < count + more:
            # pyqtgraph's own table (or one outgrown): room for as many rows again, the new
            # rows' defaults written once (np.empty leaves the object columns None).
            room = np.empty(2 * (count + more) + 16, dtype=table.dtype)
            room[:count] = table
            room["item"][:count] = None  # as pyqtgraph: spot items refer to the old rows
            spare = room[count:]
            spare["size"] = -1  # the item's size
            spare["visible"] = True
            spare["hovered"] = False
            spare["sourceRect"] = 0
        # Otherwise rows stay where they are in the room: spot items need no clearing.
        self.data = self._room_table = room[: count + more]
        self._room = room
        added = self.data[count:]
        added["x"], added["y"] = x, y
        self.bounds = [None, None]
        symbol = table["sourceRect"][count - 1] if count else None
        if symbol is not None and symbol["w"]:
            # Every row takes the item's one style (setData and this method give no row its
            # own), so a new row's symbol is the one already drawn for the last row.
            added["sourceRect"] = symbol
        else:
            self.updateSpots(added)


class VitalTrace(pg.PlotDataItem):  # type: ignore[misc]  # pyqtgraph is untyped
    """A line, with a symbol at each point when built with `symbol=`, fed whole series.

    `show_series` keeps what is already drawn: an appended reading adds its symbol, a changed
    value moves the symbols, and only the first data, an emptied series or a change of style
    goes through `setData`. `getData()` and the legend sample are those of any PlotDataItem.
    Such a change repaints only the pixels around the points that changed (ConfinedUpdates).
    """

    def __init__(self, **opts: object) -> None:
        self._shown = Series.empty()
        super().__init__(**opts)
        # The same for the symbols: PointSymbols in place of PlotDataItem's own scatter.
        self.scatter.setParentItem(None)
        self.scatter: PointSymbols = PointSymbols()
        self.scatter.setParentItem(self)
        self.scatter.sigClicked.connect(self.scatterClicked)
        self.scatter.sigHovered.connect(self.sigPointsHovered)
        self.scatter.hide()
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
        start = first_change(old.x, old.y, x, y)  # None: the same points
        if not restyle and start is None:
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
        if start == len(old.x) and self._append(old, x, y):
            return True
        # Only the pixels around what changed are repainted (all of them if the first did).
        level = self.curve.opts["fillLevel"]
        changed = self.curve.room_around([(old.x, old.y)], [(x, y)], level=level, starts=[start])
        with self.curve.confined(changed):
            self.curve.replace_data(x, y)
        if self.opts["symbol"] is not None:
            shown = len(old.x)
            appended = start == shown < len(x)  # the points shown, then more
            with self.scatter.confined(changed):
                if appended:
                    self.scatter.addPoints(x=x[shown:], y=y[shown:])
                else:
                    self.scatter.setData(x=x, y=y)  # style stays: pen, brush, symbol: defaults
        self.informViewBoundsChanged()
        self.sigPlotChanged.emit(self)
        return True

    def _append(self, old: Series, x: FloatArray, y: FloatArray) -> bool:
        """Points added after those shown (a saved reading), drawn on with the least work: the
        curve and the symbols take the new arrays and repaint the few pixels from the last
        point shown to the new ones; False (nothing done) when that is not the whole change."""
        curve = self.curve
        shown = len(old.x)
        if curve.opts["fillLevel"] is not None or not shown:
            return False  # a filled curve repaints down to its level: room_around knows how
        xs = x[shown - 1 :].tolist()
        ys = y[shown - 1 :].tolist()
        if not all(map(math.isfinite, xs + ys)):
            return False
        changed = curve.room_for(xs, ys)
        if changed is None:
            return False
        curve.append_data(x, y, changed)
        if self.opts["symbol"] is not None:
            self.scatter.append_points(x[shown:], y[shown:], changed)
        self.informViewBoundsChanged()
        self.sigPlotChanged.emit(self)
        return True


class PressureBand(ConfinedUpdates, pg.GraphicsObject):  # type: ignore[misc]
    """The shading between the systolic and diastolic lines (the pulse pressure).

    Drawn as pyqtgraph's FillBetweenItem draws it (a filled path, no outline), rebuilt once when
    either series changes rather than once for each, from the arrays rather than the curves'
    paths; a reading appended repaints only around the new end (ConfinedUpdates).
    """

    def __init__(self, brush: QBrush) -> None:
        super().__init__()
        self._brush = brush
        self._path = QPainterPath()
        self._sides = (Series.empty(), Series.empty())
        self.setZValue(-1)  # under the lines, as FillBetweenItem puts itself

    def path(self) -> QPainterPath:
        return self._path

    def viewTransformChanged(self) -> None:
        super().viewTransformChanged()
        self.prepareGeometryChange()  # its rect is the visible area, which just changed

    def content_rect(self) -> QRectF:
        return self._path.boundingRect()

    def paint(self, painter: QPainter, *args: object) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._brush)
        painter.drawPath(self._path)

    def show_between(self, upper: Series, lower: Series) -> None:
        """Fill from `upper` left to right and back along `lower`; empty if either is."""
        old_upper, old_lower = self._sides
        self._sides = (upper, lower)
        path = QPainterPath()
        if len(upper.x) and len(lower.x):
            path.setFillRule(Qt.FillRule.OddEvenFill)  # as FillBetweenItem
            x = np.concatenate((upper.x, lower.x[::-1]))
            y = np.concatenate((upper.y, lower.y[::-1]))
            path.addPolygon(pg.functions.arrayToQPolygonF(x, y))
        changed = None
        if len(old_upper.x) and len(old_lower.x) and len(upper.x) and len(lower.x):
            changed = self.room_around(
                [(old_upper.x, old_upper.y), (old_lower.x, old_lower.y)],
                [(upper.x, upper.y), (lower.x, lower.y)],
            )
            if changed is not None:
                # The fill closes from the last systolic down to the last diastolic: the old
                # closing edge and the new one are repainted too.
                for edge in (
                    self._closing_edge(old_upper, old_lower),
                    self._closing_edge(upper, lower),
                ):
                    changed = changed.united(edge)
        with self.confined(changed):
            self.prepareGeometryChange()
            self._path = path
            self.update()

    def _closing_edge(self, upper: Series, lower: Series) -> QRectF:
        xs = (upper.x[-1], lower.x[-1])
        ys = (upper.y[-1], lower.y[-1])
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
