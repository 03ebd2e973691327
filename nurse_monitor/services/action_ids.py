"""Unknown outcomes told truthfully: each user action carries an id (issue 16, defect 11).

A connection lost while the server commits leaves the station not knowing whether the action
was recorded. Before the first attempt of a user action the station makes an id
(`new_action_id`) and reuses it on every retry; the unit of work that records the action adds
the id to `recorded_actions` in the same transaction, where the primary key refuses a second
one. So:

- a commit that loses its connection is followed by one look on a fresh connection: the nurse
  is told "Recorded (confirmed after the connection came back)" or "Not recorded: ... try
  again", or, when the record cannot be reached yet, that retrying is safe;
- a retry of an action already recorded writes nothing and says so (`ActionRecorded`).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from nurse_monitor.services.errors import DatabaseUnavailable
from nurse_monitor.storage.chained_insert import insert_row
from nurse_monitor.storage.models import RecordedAction

RECORDED_AFTER_RECONNECT = "Recorded (confirmed after the connection came back)."
ALREADY_RECORDED = (
    "Already recorded: this action was saved on an earlier attempt (the connection dropped as "
    "it was saved). Nothing was recorded twice."
)
NOT_RECORDED = (
    "Not recorded: the connection to the record was lost while saving ({reason}), and the "
    "record does not hold this action. Nothing was saved; try again."
)
NOT_KNOWN_YET = (
    "The connection to the record was lost while saving ({reason}) and the record cannot be "
    "reached to see whether it was saved. Try again when the database is back: if it was "
    "saved, this station recognises it and does not record it twice."
)

NOT_KNOWN = (
    "The connection to the record was lost while saving ({reason}): it may or may not have "
    "been saved. Look at the record when it is back before entering it again."
)


def new_action_id() -> str:
    """A fresh id for one user action (uuid4), made before its first attempt."""
    return str(uuid.uuid4())


class ActionRecorded(Exception):
    """The action is recorded (now or before): nothing more is written. `message` says which,
    in the nurse's words; `session_id` is the first session it wrote to (or None)."""

    def __init__(self, message: str, session_id: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.session_id = session_id


class ConnectionLost(DatabaseUnavailable):
    """The connection dropped while a write committed; the message says what is known."""


@dataclass
class Attempt:
    """The action a thread is performing: its id and its name; `written` once a unit of work
    has added the id (one row per action, however many units of work it takes)."""

    action_id: str
    action: str
    user_id: int | None
    written: bool = False


class ActionScope:
    """Which action (if any) the current thread is performing, for `Database.write`."""

    def __init__(self) -> None:
        self._local = threading.local()

    @property
    def current(self) -> Attempt | None:
        found: Attempt | None = getattr(self._local, "attempt", None)
        return found

    @contextmanager
    def performing(self, action_id: str, action: str, user_id: int | None) -> Iterator[Attempt]:
        previous = self.current
        attempt = self._local.attempt = Attempt(action_id, action, user_id)
        try:
            yield attempt
        finally:
            self._local.attempt = previous

    @contextmanager
    def aside(self) -> Iterator[None]:
        """A unit of work that is not the action (the audit of its refusal): it does not
        record the action's id, so a refused action is never taken for a recorded one."""
        previous = self.current
        self._local.attempt = None
        try:
            yield
        finally:
            self._local.attempt = previous


def add_recorded_action(
    s: Session, attempt: Attempt, now: datetime, session_id: int | None
) -> None:
    """Record the action's id in the unit of work `s` (written now: a duplicate raises here)."""
    insert_row(
        s,
        RecordedAction(
            id=attempt.action_id,
            recorded_at=now,
            action=attempt.action[:80],
            user_id=attempt.user_id,
            session_id=session_id,
        ),
    )


@dataclass(frozen=True)
class RecordedEarlier:
    """What `StationOps.perform` returns for an action the record already holds."""

    action_id: str
    session_id: int | None
    message: str


def look_up(engine: Engine, action_id: str) -> RecordedAction | None:
    """The recorded action with this id, read on a fresh connection. Raises DBAPIError when the
    record cannot be reached."""
    with engine.connect() as conn:
        row = conn.execute(
            select(RecordedAction.id, RecordedAction.recorded_at, RecordedAction.session_id).where(
                RecordedAction.id == action_id
            )
        ).first()
    if row is None:
        return None
    return RecordedAction(id=row.id, recorded_at=row.recorded_at, session_id=row.session_id)


def recorded_earlier(engine: Engine, action_id: str) -> RecordedEarlier | None:
    """Before a retry: the action, when the record already holds its id."""
    try:
        found = look_up(engine, action_id)
    except DBAPIError as exc:
        raise DatabaseUnavailable(
            "The record cannot be reached. Nothing was recorded; try again when the database "
            "is back."
        ) from exc
    if found is None:
        return None
    return RecordedEarlier(action_id, found.session_id, ALREADY_RECORDED)


def outcome_after_loss(engine: Engine, action_id: str, reason: str) -> ActionRecorded:
    """After a commit lost its connection: `ActionRecorded` to raise when the id is in the
    record; raises `ConnectionLost` saying "not recorded" or "not known yet" otherwise."""
    engine.dispose()  # the pooled connections went with the server's: look on a new one
    try:
        found = look_up(engine, action_id)
    except DBAPIError:
        raise ConnectionLost(NOT_KNOWN_YET.format(reason=reason)) from None
    if found is None:
        raise ConnectionLost(NOT_RECORDED.format(reason=reason))
    return ActionRecorded(RECORDED_AFTER_RECONNECT, found.session_id)
