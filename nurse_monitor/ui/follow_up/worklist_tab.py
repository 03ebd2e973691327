"""The follow-up calls' tab beside the chairs. Its worklist (the table, the call form and their
first read of the record) is built the first time the tab is chosen, not while the station
starts: the nurse sees the chairs first, and the worklist's widgets, imports and read are not
on the way to them (25 to 35 ms of the start, benchmarks/start_to_board.py). The tab's title
carries no count, so nothing about the calls is shown before then; once built, the worklist
follows the record's changes as before (ui/follow_up/worklist.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from nurse_monitor.ui.station import Station

if TYPE_CHECKING:
    from nurse_monitor.ui.follow_up.worklist import FollowUpWorklist


class FollowUpTab(QWidget):
    """The page of `tabs` that holds the follow-up worklist once it has been chosen."""

    def __init__(self, station: Station, tabs: QTabWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.worklist: FollowUpWorklist | None = None
        self._tabs = tabs
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        # The tab chosen, also in a window not yet on screen (no show event comes then).
        tabs.currentChanged.connect(self._on_tabs_current_changed)

    def ensure_built(self) -> FollowUpWorklist:
        """The worklist, built and read now if this is the first time it is wanted."""
        if self.worklist is None:
            from nurse_monitor.ui.follow_up.worklist import FollowUpWorklist

            self.worklist = FollowUpWorklist(self.station, self)
            self._layout.addWidget(self.worklist)
            self.worklist.show()  # now, not on the layout's queued show: the tab is in front
        return self.worklist

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_built()
        super().showEvent(event)

    def _on_tabs_current_changed(self, index: int) -> None:
        if self._tabs.widget(index) is self:
            self.ensure_built()
