"""One session's side of the station's change edge (ui/station.py).

Widgets never call services themselves: they ask the controller to `perform` an action. The
controller passes the version the screen was showing (so a stale screen cannot overwrite) and
runs it through `StationOps.perform`. It updates the session whenever a change on the edge
touches it (its own action, a snooze on the board, a co-signature, another station's commit),
reading again only what the change names.
A refusal of its own action is emitted as `refused(field, message)` and nothing is shown as done.

Signals:
    changed(ChairView): the session after a committed action, or after time moved on.
    pump_reported(ChairView): only its pump spoke: the view with the pump's lines brought up to
        date (nothing else read again; the pump panel and the chart's pump line follow).
    alarm_logged(ChairView): only the alarm log changed (the board raised, acknowledged or
        ended an alarm): the view with its alarm log read again, nothing else.
    refused(str, str): the field at fault (may be empty) and the message for the nurse.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from nurse_monitor.services.chair_view import ChairView, chair_view, open_workspace
from nurse_monitor.services.changes import Changes
from nurse_monitor.services.view_update import KeptView
from nurse_monitor.ui.station import ActsAtTheStation, Refusal, Station


class ChairController(ActsAtTheStation, QObject):
    changed = Signal(object)
    pump_reported = Signal(object)
    alarm_logged = Signal(object)
    refused = Signal(str, str)

    def __init__(
        self,
        station: Station,
        session_id: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.station = station  # db, clock and the signed-in user, read at each use
        self.session_id = session_id
        self.ops = station.ops
        self.kept = KeptView(open_workspace(self.db, self.actor, session_id))
        self.ops.changed.connect(self._on_ops_changed)
        self.ops.refused.connect(self._on_ops_refused)

    @property
    def view(self) -> ChairView:
        """The session as last read (kept up to date from the change edge)."""
        return self.kept.view

    @view.setter
    def view(self, view: ChairView) -> None:
        self.kept.reset(view)

    def reload(self) -> ChairView:
        self.kept.reset(chair_view(self.db, self.actor, self.session_id))
        self.changed.emit(self.view)
        return self.view

    def perform(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        """Run one charting action; True once it is committed and the screen reloaded."""
        done, _ = self.ops.perform(
            action,
            self.actor,
            self.session_id,
            *args,
            origin=self,
            expected_version=self.view.session.version,
            **kwargs,
        )
        return bool(done)

    def _on_ops_changed(self, changes: Changes) -> None:
        """Anything that touched this session, from any screen or station: read again what the
        change names (services/view_update.py; all of it when that is not known)."""
        if self.kept.take_pump_reports(self.db, self.actor, changes):
            self.pump_reported.emit(self.view)
        elif self.kept.take_alarm_log(self.db, self.actor, changes):
            self.alarm_logged.emit(self.view)
        elif self.kept.hear(self.db, self.actor, changes):
            self.changed.emit(self.view)

    def _on_ops_refused(self, refusal: Refusal) -> None:
        if refusal.origin is not self:
            return
        if refusal.stale:
            self.reload()
        self.refused.emit(refusal.field, refusal.message)

    def next_moment(self) -> datetime | None:
        """The next time the status changes by itself: the view's one next moment."""
        return self.view.next_moment

    def tick(self) -> bool:
        """Reload when time has crossed a moment that changes the status; True if it did."""
        moment = self.next_moment()
        if moment is not None and self.clock.now() >= moment:
            self.reload()
            return True
        return False
