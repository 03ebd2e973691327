"""Notices when nobody has touched the station for a while (for the idle lock).

An application-wide event filter records the time of the last input from the injected clock and
always lets the event through; `idle_for()` says how long it has been.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QEvent, QObject

from nurse_monitor.clock import Clock

INPUT_EVENTS = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class IdleWatch(QObject):
    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.last_input = clock.now()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.last_input = self.clock.now()
        return False

    def touch(self) -> None:
        self.last_input = self.clock.now()

    def idle_for(self) -> timedelta:
        return self.clock.now() - self.last_input
