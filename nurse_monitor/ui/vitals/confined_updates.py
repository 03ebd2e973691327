"""Chart items whose change repaints only the part of the plot that changed.

Qt repaints the whole of an item's bounding rect when its geometry changes
(`prepareGeometryChange`) or when it asks for an `update()` without a rect. pyqtgraph does both
for every new point, so a saved reading repainted every curve, symbol and band from the first
reading to the last: more than repainting the whole chart unchanged (benchmarks/
reading_to_chart.py). An item here is as large as its plot's visible area (its `ViewBox` clips
it to that anyway), so a new point never changes its geometry, and `confined(rect)` turns the
item's own update calls into an update of `rect` alone: the few pixels around the new point.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF

from nurse_monitor.ui.vitals.chart_series import FloatArray

XY = tuple[FloatArray, FloatArray]

# Pixels of room around a changed point: half the largest symbol (9 px) and its pen, the 2 px
# line's half width, and a pixel for rounding.
_ROOM_PX = 8.0


class ConfinedUpdates:
    """Mixin for a pyqtgraph item in a ViewBox (listed before the pyqtgraph class).

    `boundingRect` is the view's visible area in the item's coordinates (the data's own bounds
    while the item is in no view); it changes only with the view's range or size, when pyqtgraph
    calls `viewTransformChanged`.
    """

    _confined_to: QRectF | None = None
    _pixel: tuple[float, float] | None = None

    def boundingRect(self) -> QRectF:
        frame: QRectF | None = self.viewRect()  # type: ignore[attr-defined]
        if frame is None:
            return self.content_rect()
        return frame

    def content_rect(self) -> QRectF:
        """The bounds of what the item draws, used while it is in no view."""
        rect: QRectF = super().boundingRect()  # type: ignore[misc]
        return rect

    def viewTransformChanged(self) -> None:
        # pyqtgraph's curve keeps the cached visible area across a range change; the bounding
        # rect must follow it.
        self._cachedView = None
        self._pixel = None
        super().viewTransformChanged()  # type: ignore[misc]

    def prepareGeometryChange(self) -> None:
        if self._confined_to is None:
            super().prepareGeometryChange()  # type: ignore[misc]

    def update(self, *args: Any) -> None:
        if args or self._confined_to is None:
            super().update(*args)  # type: ignore[misc]
        elif not self._confined_to.isEmpty():
            super().update(self._confined_to)  # type: ignore[misc]

    @contextmanager
    def confined(self, rect: QRectF | None) -> Iterator[None]:
        """Inside, the item's changes repaint only `rect` (item coordinates; None: all of it).

        The caller promises that nothing outside `rect` changes.
        """
        if rect is None or self.viewRect() is None:  # type: ignore[attr-defined]
            yield
            return
        self._confined_to = rect
        try:
            yield
        finally:
            self._confined_to = None

    def room_around(
        self,
        old: Sequence[XY],
        new: Sequence[XY],
        *,
        level: float | None = None,
        starts: Sequence[int | None] | None = None,
    ) -> QRectF | None:
        """The rect (item coordinates) that covers every changed point of each (x, y) pair
        drawn before (`old`) and now (`new`), with the segment leading to it and room for the
        line and symbols; None when the change reaches the first point (repaint all).

        `level`: a filled curve's fill level, which the changed part reaches down (or up) to.
        `starts`: each pair's `first_change`, when the caller has it already.
        """
        xs: list[float] = []
        ys: list[float] = []
        known = [None] * len(old) if starts is None else starts
        for (old_x, old_y), (x, y), first in zip(old, new, known, strict=True):
            start = first_change(old_x, old_y, x, y) if starts is None else first
            if start is None:
                continue
            if start == 0:
                return None
            if _run_extended(old_y, y, start):
                start += 1  # only the run's end moved (the rate held until now): from there
            xs += old_x[start - 1 :].tolist() + x[start - 1 :].tolist()
            ys += old_y[start - 1 :].tolist() + y[start - 1 :].tolist()
        if not xs:
            return QRectF()
        if level is not None:
            ys.append(level)
        xs = [v for v in xs if math.isfinite(v)]
        ys = [v for v in ys if math.isfinite(v)]
        if not xs or not ys:
            return None
        return self.room_for(xs, ys)

    def room_for(self, xs: list[float], ys: list[float]) -> QRectF | None:
        """The rect (item coordinates) around these finite points, with room for the line and
        symbols; None when the view has no size yet (repaint all)."""
        pixel = self._pixel_size()
        if pixel is None:
            return None
        room_x, room_y = _ROOM_PX * pixel[0], _ROOM_PX * pixel[1]
        return QRectF(
            QPointF(min(xs) - room_x, min(ys) - room_y),
            QPointF(max(xs) + room_x, max(ys) + room_y),
        )

    def exposed_points(self, x: FloatArray, option: object) -> slice | None:
        """The points (by index) that can draw into the part of the item being repainted, with
        one more on each side for the line leading in and out; None: all of them.

        Needs ItemUsesExtendedStyleOption (Qt then gives the exposed rect) and x ascending; a
        repaint of a few pixels then strokes a few segments, not the whole series.
        """
        exposed = getattr(option, "exposedRect", None)
        pixel = self._pixel_size()
        if exposed is None or pixel is None or len(x) < 8 or not bool(np.all(x[1:] >= x[:-1])):
            return None
        room = _ROOM_PX * pixel[0]
        first = int(np.searchsorted(x, exposed.left() - room, side="left")) - 1
        last = int(np.searchsorted(x, exposed.right() + room, side="right")) + 1
        if first <= 0 and last >= len(x):
            return None
        return slice(max(first, 0), last)

    def _pixel_size(self) -> tuple[float, float] | None:
        """A screen pixel's width and height in item coordinates, kept until the view moves."""
        if self._pixel is None:
            pixel_x, pixel_y = self.pixelVectors()  # type: ignore[attr-defined]
            if pixel_x is None or pixel_y is None:
                return None
            self._pixel = (pixel_x.length(), pixel_y.length())
        return self._pixel


def first_change(old_x: FloatArray, old_y: FloatArray, x: FloatArray, y: FloatArray) -> int | None:
    """The first index where the two series differ (a NaN equals a NaN); None if they don't."""
    n = min(len(old_x), len(x))
    if _same_bytes(old_x[:n], x[:n]) and _same_bytes(old_y[:n], y[:n]):
        # The usual case (a reading appended, or nothing changed), found by comparing memory:
        # about 1 µs for 300 points against 25 µs for the elementwise comparison below.
        return None if len(old_x) == len(x) else n
    if n and _same_bytes(old_x[: n - 1], x[: n - 1]) and _same_bytes(old_y[: n - 1], y[: n - 1]):
        # All but the last shared point (the rate's last step drawn on to now).
        a, b = float(old_y[n - 1]), float(y[n - 1])
        if old_x[n - 1] != x[n - 1] or (a != b and not (math.isnan(a) and math.isnan(b))):
            return n - 1
        return None if len(old_x) == len(x) else n
    same = (old_x[:n] == x[:n]) & ((old_y[:n] == y[:n]) | (np.isnan(old_y[:n]) & np.isnan(y[:n])))
    if same.all():
        return None if len(old_x) == len(x) else n
    return int(np.argmin(same))


def _same_bytes(a: FloatArray, b: FloatArray) -> bool:
    """Whether two float arrays hold the same bits: equal values, a NaN where the other has the
    same NaN. Different bits may still be equal values (0.0 and -0.0, NaNs of other payloads);
    the caller then compares the values."""
    return a.dtype == b.dtype and a.tobytes() == b.tobytes()


def _run_extended(old_y: FloatArray, y: FloatArray, start: int) -> bool:
    """Whether the change at `start` only moves the end of a level run along its level (the
    last rate step drawn on to now): the run up to the point before is unchanged."""
    return start < len(old_y) and start < len(y) and old_y[start] == y[start] == y[start - 1]
