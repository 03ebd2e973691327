"""Python's cycle collector runs on the UI thread between events, never in the middle of one.

With every chair's record held parsed in memory, the automatic collector kept interrupting a
board reload (about two thirds of a 40-chair reload went to it: benchmarks/board_scale.py), and
it may run on any thread that allocates, including the station's listener and the record check,
where collecting a Qt object is unsafe. As pyqtgraph's `util.garbage_collector` and other Qt
programs do: automatic collection off, and a timer collects each generation once its count has
passed the usual threshold. Reference counting still frees everything that is not a cycle at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

COLLECT_EVERY_MS = 1000  # ours


class CollectBetweenEvents(QObject):
    """Turns automatic collection off while it runs (`start`) and collects on its timer."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(COLLECT_EVERY_MS)
        self.timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        """Automatic collection back on (the program is closing)."""
        self.timer.stop()
        gc.enable()

    def collect(self) -> int:
        """Collect the generations whose counts passed their thresholds; objects found."""
        counts = gc.get_count()
        found = 0
        for generation in (2, 1, 0):  # the oldest due generation collects the younger too
            if counts[generation] > self.thresholds[generation]:
                found = gc.collect(generation)
                break
        return found

    def _on_timer_timeout(self) -> None:
        self.collect()
