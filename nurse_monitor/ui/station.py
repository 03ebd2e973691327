"""The station: what every screen of this program shares, in one object.

`Station` holds the database, the clock, the preferences, the change edge (`ops`) and the
signed-in user. Screens take the station instead of threading (db, actor, clock) through every
constructor (qutebrowser's `config`, napari's viewer), and listen to it:

- `station.ops.changed(Changes)`: something was committed, here or at another station; each
  screen redraws only what the change names (Anki's `operation_did_execute`).
- `station.ops.refused(Refusal)`: an action was refused; nothing was recorded.
- `station.actor_changed(Actor | None)`: another nurse took over; menus and every
  role-dependent control are rebuilt from it in one place.
- `station.preferences.changed(str)`: a preference changed (its key).

Signals:
    actor_changed(object): the new signed-in Actor (or None).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from nurse_monitor.clock import Clock
from nurse_monitor.services import action_ids
from nurse_monitor.services.action_ids import ActionRecorded, ConnectionLost, RecordedEarlier
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.changes import EVERYTHING_ELSEWHERE, Changes
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import (
    InvalidInput,
    PermissionDenied,
    ServiceError,
    SessionChanged,
)
from nurse_monitor.ui.preferences import Preferences

# How long the same request, after an unknown outcome, is taken as the same action asked again
# (ours: a nurse unsure whether Save worked presses it again within moments; the same values
# entered again later are a new entry).
IN_DOUBT_FOR = timedelta(minutes=2)
WATCH_EVERY_MS = 500  # SQLite: how often to look for another station's commit (ours)
NOT_THE_ACTION = frozenset({"expected_version"})  # the screen's state, not what is recorded
# Pump reports (a pump speaks about once a minute; a busy centre's 60 pumps, once a second) reach
# the screens together, at most this often, so the UI thread never does a chair's work per
# message (ours; the pump alarms' own times are minutes).
PUMP_REPORTS_EVERY_MS = 1000


@dataclass(frozen=True)
class Refusal:
    """An action the services refused: the field at fault (may be empty) and why.

    `stale`: refused because another station changed the session first (the screen reloads).
    `origin`: the object that asked, so it can show the message where the nurse is looking.
    """

    field: str
    message: str
    session_id: int | None = None
    stale: bool = False
    origin: object = None


class StationOps(QObject):
    """The one change edge: runs each user action, says what it changed, or why it was refused.

    Every commit on the database reaches `changed`, also from code that called a service
    directly (the database hands each commit to this edge): no screen depends on a wire someone
    remembered. While `perform` runs, what the action commits is gathered and emitted once
    when it returns, after the service's own result is known.

    Signals:
        changed(Changes): what a committed action (or another station) changed.
        refused(Refusal): an action was refused; nothing was recorded.
    """

    changed = Signal(object)
    refused = Signal(object)
    _committed_elsewhere_thread = Signal(object)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._depth = 0
        self._gathered: Changes | None = None
        self._committed_elsewhere_thread.connect(self._emit)
        # Actions whose outcome a lost connection left in doubt, with the id a retry reuses.
        self._in_doubt: list[tuple[tuple[Any, ...], str, datetime]] = []
        db.add_change_listener(self._on_database_committed)
        # Deleted with its parent (a closed board or workspace): the database forgets it.
        self.destroyed.connect(partial(db.remove_change_listener, self._on_database_committed))
        self._watch: Any = None  # services.station_feed.DataVersionWatch on SQLite
        self._listener: Any = None  # services.station_feed.NotifyListener on PostgreSQL
        self.watch_timer = QTimer(self)
        self.watch_timer.setInterval(WATCH_EVERY_MS)
        self.watch_timer.timeout.connect(self._on_watch_timer_timeout)
        self._pump_reports: Changes | None = None
        self.pump_reports_timer = QTimer(self)
        self.pump_reports_timer.setSingleShot(True)
        self.pump_reports_timer.setInterval(PUMP_REPORTS_EVERY_MS)
        self.pump_reports_timer.timeout.connect(self._on_pump_reports_timer_timeout)

    def watch_other_stations(self) -> None:
        """Other stations' commits reach `changed` too: LISTEN on PostgreSQL, a look at
        SQLite's data_version every half second."""
        from nurse_monitor.services import station_feed

        if self.db.engine.dialect.name == "postgresql":
            if self._listener is None:
                self._listener = station_feed.NotifyListener(self.db, self.announce)
                self._listener.start()
        elif self._watch is None:
            self._watch = station_feed.DataVersionWatch(self.db)
            self.watch_timer.start()

    def stop_watching(self) -> None:
        self.watch_timer.stop()
        self.pump_reports_timer.stop()
        if self._watch is not None:
            self._watch.close()
            self._watch = None
        if self._listener is not None:
            self._listener.stop()
            self._listener = None

    def detach(self) -> None:
        """Stop listening to the database and to other stations (the station is closing)."""
        self.stop_watching()
        self.db.remove_change_listener(self._on_database_committed)

    def look_at_other_stations(self) -> None:
        """SQLite: one look at data_version (the timer calls this). This station's own commits
        (its pump listener's thread included) carry its commit numbers and are not counted."""
        if self._watch is not None and self._watch.moved():
            self.changed.emit(EVERYTHING_ELSEWHERE)

    def _on_watch_timer_timeout(self) -> None:
        self.look_at_other_stations()

    def perform(
        self,
        action: Callable[..., Any],
        actor: Actor | None,
        *args: Any,
        origin: object = None,
        action_id: str | None = None,
        **kwargs: Any,
    ) -> tuple[bool, Any]:
        """Run `action(db, actor, *args, **kwargs)` as one user action.

        Returns (True, the service's result) once committed, `changed` having been emitted;
        (False, the Refusal) when refused, `refused` having been emitted; (True, a
        RecordedEarlier) when the record already held the action (told to the nurse).

        The action carries an id (`action_id`, else a new one) recorded with it. After a
        connection lost while committing, the same action asked again (same service and
        arguments) reuses that id, so it is recognised and never recorded twice.
        """
        session_id = args[0] if args and isinstance(args[0], int) else None
        if actor is None:
            return self._refuse(Refusal("", "Sign in first.", session_id, origin=origin))
        kept = {k: v for k, v in kwargs.items() if k not in NOT_THE_ACTION}
        key = (action, actor.user_id, args, kept)  # another user's same request is their own
        retry = action_id is not None or self._in_doubt_id(key) is not None
        action_id = action_id or self._in_doubt_id(key) or action_ids.new_action_id()
        name = getattr(action, "__name__", "action")
        self._depth += 1
        try:
            earlier = action_ids.recorded_earlier(self.db.engine, action_id) if retry else None
            if earlier is not None:
                raise ActionRecorded(earlier.message, earlier.session_id)
            with self.db.actions.performing(action_id, name, actor.user_id):
                result = action(self.db, actor, *args, **kwargs)
        except ActionRecorded as recorded:
            return True, self._recorded(key, action_id, recorded, origin)
        except ConnectionLost as lost:
            self._doubt(key, action_id)
            return self._refuse(Refusal("", str(lost), session_id, origin=origin))
        except InvalidInput as refusal:
            return self._refuse(Refusal(refusal.field, refusal.detail, session_id, origin=origin))
        except SessionChanged as stale:
            return self._refuse(Refusal("Session", str(stale), session_id, True, origin))
        except ServiceError as error:
            return self._refuse(Refusal("", str(error), session_id, origin=origin))
        finally:
            self._depth -= 1
            if self._depth == 0 and self._gathered is not None:
                gathered, self._gathered = self._gathered, None
                self.changed.emit(gathered)
        self._in_doubt.clear()  # another action went through: a repeat now is a new action
        return True, result

    def _in_doubt_id(self, key: tuple[Any, ...]) -> str | None:
        """The id of the same request left in doubt (or answered "recorded") within the last
        IN_DOUBT_FOR: a press of Save again is the same action; later, it is a new one."""
        since = self.db.clock.now() - IN_DOUBT_FOR
        for doubted, action_id, when in self._in_doubt:
            if when < since:
                continue
            try:
                if doubted == key:
                    return action_id
            except Exception:  # arguments that cannot be compared are never the same action
                continue
        return None

    def _doubt(self, key: tuple[Any, ...], action_id: str) -> None:
        if self._in_doubt_id(key) is None:
            self._in_doubt.append((key, action_id, self.db.clock.now()))
            del self._in_doubt[:-20]

    def _recorded(
        self, key: tuple[Any, ...], action_id: str, recorded: ActionRecorded, origin: object
    ) -> RecordedEarlier:
        """The record holds the action: tell the nurse, and every screen reads it again."""
        from nurse_monitor.ui import dialogs

        self._doubt(key, action_id)  # asked again, it is recognised again
        if self._gathered is None:  # emitted as this action's change when perform returns
            self._gathered = Changes(everything=True)
        parent = origin if isinstance(origin, QWidget) else None
        dialogs.dialogs.info(parent, self.tr("Recorded"), recorded.message)
        return RecordedEarlier(action_id, recorded.session_id, recorded.message)

    def _refuse(self, refusal: Refusal) -> tuple[bool, Refusal]:
        self.refused.emit(refusal)
        return False, refusal

    def announce(self, changes: Changes) -> None:
        """Changes found another way (another station, the safety poll): to every screen."""
        if changes:
            self._committed_elsewhere_thread.emit(changes)

    def _on_database_committed(self, changes: Changes) -> None:
        if self._depth > 0 and self.thread().isCurrentThread():
            self._gathered = changes if self._gathered is None else self._gathered.merged(changes)
        else:  # a direct call, or a worker thread: queued to this object's thread
            self._committed_elsewhere_thread.emit(changes)

    def _emit(self, changes: Changes) -> None:
        if changes.pump_reports_only:  # taken together: see PUMP_REPORTS_EVERY_MS
            was = self._pump_reports
            self._pump_reports = changes if was is None else was.merged(changes)
            if not self.pump_reports_timer.isActive():
                self.pump_reports_timer.start()
            return
        self.changed.emit(changes)

    def _on_pump_reports_timer_timeout(self) -> None:
        gathered, self._pump_reports = self._pump_reports, None
        if gathered is not None:
            self.changed.emit(gathered)


class Station(QObject):
    """Database, clock, preferences, the change edge and the signed-in user of this station."""

    actor_changed = Signal(object)

    def __init__(
        self,
        db: Database,
        clock: Clock,
        preferences: Preferences,
        actor: Actor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.clock = clock
        self.preferences = preferences
        self.ops = StationOps(db, self)
        self._actor = actor

    @property
    def actor(self) -> Actor | None:
        return self._actor

    def signed_in(self) -> Actor:
        """The signed-in user now, for a screen that exists only while someone is signed in
        (read at each use, so a take-over is followed). Nobody signed in: PermissionDenied."""
        if self._actor is None:
            raise PermissionDenied("Sign in first.")
        return self._actor

    def set_actor(self, actor: Actor | None) -> None:
        """Another user continues at this station: every screen rebuilds what depends on it."""
        if actor == self._actor:
            return
        self._actor = actor
        self.actor_changed.emit(actor)

    def perform(
        self, action: Callable[..., Any], *args: Any, origin: object = None, **kwargs: Any
    ) -> tuple[bool, Any]:
        """`ops.perform` as the signed-in user."""
        return self.ops.perform(action, self._actor, *args, origin=origin, **kwargs)


class ActsAtTheStation:
    """For a screen that acts as the station's signed-in user: `db`, `clock` and `actor` are read
    from `self.station` at each use, so a take-over at the lock screen is followed by every open
    screen without anyone telling it."""

    station: Station

    @property
    def db(self) -> Database:
        return self.station.db

    @property
    def clock(self) -> Clock:
        return self.station.clock

    @property
    def actor(self) -> Actor:
        return self.station.signed_in()
