"""Work the start puts off until the main window's first frame is on screen.

The window's first frame (the chair board) waits for nothing it does not show. What it does not
show but the station needs soon after (the alarm sound device) runs here, once the window has
painted: from the first Paint event of any widget in the window, a zero timer fires once the
whole frame is painted and flushed; a second one lets what was already waiting in the event
queue go first. A window never painted (minimised at the start) runs it anyway after
`at_most_ms`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

AT_MOST_MS = 2000  # our design default: a window not painted by then is not coming soon


class AfterFirstPaint(QObject):
    """Calls `then` once, after `window`'s first frame has been painted."""

    def __init__(
        self, window: QWidget, then: Callable[[], None], at_most_ms: int = AT_MOST_MS
    ) -> None:
        super().__init__(window)  # deleted with the window: nothing runs for a closed one
        self._window = window
        self._then = then
        self.done = False
        self._painted = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        QTimer.singleShot(at_most_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            not self._painted
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self._painted = True
            QTimer.singleShot(0, self, self._after_frame)
        return False

    def _after_frame(self) -> None:
        QTimer.singleShot(0, self, self._run)  # behind the events queued with the frame

    def _run(self) -> None:
        if self.done:
            return
        self.done = True
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._then()
