"""The one signal edge between the chair services and the workspace widgets.

Widgets never call services themselves: they ask the controller to `perform` an action. The
controller passes the version the screen was showing (so a stale screen cannot overwrite),
waits for the service to commit, reloads the session and emits `changed`. A refusal is
emitted as `refused(field, message)` and nothing is shown as done.

Signals:
    changed(ChairView): the session after a committed action, or after time moved on.
    refused(str, str): the field at fault (may be empty) and the message for the nurse.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Signal

from nurse_monitor.clock import Clock
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import ChairView, chair_view, open_workspace
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, ServiceError, SessionChanged


class ChairController(QObject):
    changed = Signal(object)
    refused = Signal(str, str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        clock: Clock,
        session_id: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.clock = clock
        self.session_id = session_id
        self.view: ChairView = open_workspace(db, actor, session_id)

    def reload(self) -> ChairView:
        self.view = chair_view(self.db, self.actor, self.session_id)
        self.changed.emit(self.view)
        return self.view

    def perform(self, action: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        """Run one charting action; True once it is committed and the screen reloaded."""
        try:
            action(
                self.db,
                self.actor,
                self.session_id,
                *args,
                expected_version=self.view.session.version,
                **kwargs,
            )
        except InvalidInput as refusal:
            self.refused.emit(refusal.field, refusal.detail)
            return False
        except SessionChanged as changed:
            self.reload()
            self.refused.emit("Session", str(changed))
            return False
        except ServiceError as error:
            self.refused.emit("", str(error))
            return False
        self.reload()
        return True

    def next_moment(self) -> datetime | None:
        """The next time the status changes by itself (a step or vitals due, observation end)."""
        status = self.view.status
        checklist = self.view.checklist
        hold = status.current_reaction.hold_ends_at if status.current_reaction else None
        candidates = [
            status.next_rate_due_at,
            status.vitals_due_at,
            status.observation_ends_at,
            checklist.earliest_start_at,
            hold,
            *(p.window_passed_at for p in checklist.premedications),
        ]
        now = self.view.now
        future = [c for c in candidates if c is not None and c > now]
        return min(future, default=None)

    def tick(self) -> bool:
        """Reload when time has crossed a moment that changes the status; True if it did."""
        moment = self.next_moment()
        if moment is not None and self.clock.now() >= moment:
            self.reload()
            return True
        return False
