"""Type that grows with the window: a 1920x1080 station or a wall board read across the room.

The screens are laid out at 1366x768 with the system font. When the main window is 1920 px wide
or more, or full screen (a wall board), the application font grows in proportion to the window,
so the board is not the same small text in a larger frame. It is combined with the nurse's own
Ctrl+/Ctrl- zoom (window_place.Zoom) and never goes below the base size.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

BASE_SIZE = (1366, 768)  # the size the screens are laid out for (window_place.DEFAULT_SIZE)
SCALE_FROM_WIDTH = 1920  # design default (ours): narrower windows keep the base type
MAX_WINDOW_FACTOR = 2.5  # design default (ours): a 4K wall screen would give 2.8, too coarse
RESIZE_SETTLE_MS = 150  # design default (ours): a window being dragged is rescaled once


def window_factor(width: int, height: int, full_screen: bool = False) -> float:
    """How much larger than the base the type is for a window of `width` x `height` pixels.

    1.0 below 1920 px wide (unless full screen); otherwise min(width/1366, height/768), so the
    text grows as the smaller side allows, between 1.0 and MAX_WINDOW_FACTOR.
    """
    if width < SCALE_FROM_WIDTH and not full_screen:
        return 1.0
    factor = min(width / BASE_SIZE[0], height / BASE_SIZE[1])
    return min(max(factor, 1.0), MAX_WINDOW_FACTOR)


class WindowTypeScale(QObject):
    """Watches `window`'s size; once a resize settles, `rescale` gets the new factor."""

    def __init__(self, window: QWidget, rescale: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self.rescale = rescale
        self.factor = self.current()
        self.settle = QTimer(self)
        self.settle.setSingleShot(True)
        self.settle.setInterval(RESIZE_SETTLE_MS)
        self.settle.timeout.connect(self.update)
        window.installEventFilter(self)

    def current(self) -> float:
        w = self.window
        return window_factor(w.width(), w.height(), w.isFullScreen())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.WindowStateChange,
        ):
            if abs(self.current() - self.factor) >= 0.01:
                self.settle.start()  # restarted by every resize: one rescale when it stops
            else:
                self.settle.stop()  # dragged back to where it was: nothing to redo
        return False

    def update(self) -> None:
        factor = self.current()
        if abs(factor - self.factor) < 0.01:
            return
        self.factor = factor
        self.rescale()
