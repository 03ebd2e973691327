"""The unit of work behind every charting action at the chair.

`charting()` opens one write transaction, refuses a stale or closed session, and offers `add()`:
an event is validated by the engine's own rules against everything already recorded (times in
order, rates within the protocol, pump states that make sense) before it is appended. The
transaction commits when the block ends, before the screen shows the action as done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from nurse_monitor.clock import STATION_ZONE
from nurse_monitor.domain.event_checks import EventSequenceError, check_events
from nurse_monitor.domain.events import EventPayloadError, InfusionEvent
from nurse_monitor.domain.local_words import wall_day, wall_time
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.chair_view import (
    ENGINE_TYPES,
    ChairView,
    build_view,
    engine_event,
    event_amendments,
    history_facts,
    kept_engine_events,
    read_at,
    session_rows,
)
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.protocol_library import session_protocol
from nurse_monitor.services.record_cache import RecordCache, SessionRows
from nurse_monitor.services.session_summary import refresh_summary
from nurse_monitor.services.sessions import append, load_for_change
from nurse_monitor.storage.models import InfusionSession, SessionEvent
from nurse_monitor.storage.repositories import sessions as session_repo

FUTURE_TOLERANCE = timedelta(minutes=1)
# Ours: an entry may be timed before the session was begun (baseline signs taken at triage), but
# not by more than this; a reading dated a year back is a typing slip, refused.
EARLIEST_BEFORE_SESSION = timedelta(hours=12)
STATUS_AFTER = {
    "infusion_started": "in_progress",
    "infusion_ended": "ended",
    "infusion_stopped": "ended",
    "session_signed": "signed",
}


@dataclass
class Charting:
    """One open charting action on one session."""

    s: Session
    row: InfusionSession
    actor: Actor
    now: datetime
    protocol: Protocol
    cache: RecordCache | None = None
    # The session's engine events after this unit of work's additions, once one was checked:
    # the history summary reuses it rather than reading and parsing the session again.
    engine_sequence: list[InfusionEvent] | None = None
    # The session's rows as this unit of work read them (for the record cache, after commit).
    rows_seen: SessionRows | None = None

    def view(self) -> ChairView:
        """The session as it stands inside this transaction (before the new event is added)."""
        return build_view(self.s, self.row, self.now, self.cache)

    def add(
        self, event_type: str, payload: dict[str, Any], at: datetime | None = None
    ) -> SessionEvent:
        """Validate and append one event; engine events are checked against the whole record."""
        when = at or self.now
        if when.tzinfo is None:
            raise InvalidInput("Time", "needs a time zone")
        if when > self.now + FUTURE_TOLERANCE:
            said = wall_time(when, STATION_ZONE)
            raise InvalidInput("Time", f"{said} is in the future; use the time it happened")
        earliest = self.row.created_at - EARLIEST_BEFORE_SESSION
        if when < earliest:
            raise InvalidInput(
                "Time",
                f"{wall_day(when, STATION_ZONE)} {wall_time(when, STATION_ZONE)} is more than "
                f"{EARLIEST_BEFORE_SESSION.seconds // 3600} "
                "hours before this session began; use the time it happened",
            )
        if event_type in ENGINE_TYPES:
            self._check_engine_event(event_type, when, payload)
        event = append(self.s, self.row, self.actor, event_type, when, self.now, payload)
        if event_type in STATUS_AFTER:
            self.row.status = STATUS_AFTER[event_type]
            self.s.flush()
        return event

    def _check_engine_event(self, event_type: str, when: datetime, payload: dict[str, Any]) -> None:
        try:
            new = engine_event(event_type, when, payload)
        except EventPayloadError as error:
            raise InvalidInput(field_label(error.field), error.problem) from None
        # Parsed once per unit of work: the record as stored (through the cache, which in a
        # write keeps nothing) and then each event this action adds.
        recorded = self.engine_sequence
        if recorded is None:
            self.rows_seen = session_rows(self.s, self.row.id, self.cache)
            amended = event_amendments(self.s, self.row.id)
            recorded = kept_engine_events(self.rows_seen.events, amended)
        sequence: list[InfusionEvent] = sorted([*recorded, new], key=lambda e: e.at)
        try:
            check_events(self.protocol, history_facts(self.s, self.row, self.protocol), sequence)
        except EventSequenceError as error:
            raise InvalidInput(field_label(error.field), error.problem) from None
        self.engine_sequence = sequence


FIELD_LABELS = {
    "rate_ml_h": "Rate (mL/h)",
    "systolic": "Systolic",
    "diastolic": "Diastolic",
    "heart_rate": "Heart rate",
    "respiratory_rate": "Respiratory rate",
    "temperature_c": "Temperature",
    "temperature_f": "Temperature",
    "spo2": "SpO2",
    "consciousness": "Consciousness",
    "pain": "Pain",
    "at": "Time",
    "type": "Action",
}


def field_label(field: str) -> str:
    """The field's name as the nurse reads it on the screen."""
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


@contextmanager
def charting(
    db: Database, actor: Actor, session_id: int, expected_version: int | None
) -> Iterator[Charting]:
    """A write transaction for one charting action (committed when the block ends)."""
    require_role(actor, CHARTING, "chart an infusion", db)
    now = db.clock.now()
    with db.write() as s:
        row = load_for_change(s, session_id, expected_version)
        # A station clock behind the newest entry: the action is timed no earlier than it, so
        # pausing or stopping still works (the screen warns about the clock meanwhile).
        now, _ = read_at(now, session_repo.newest_event_time(s, session_id))
        action = Charting(s, row, actor, now, session_protocol(s, row), db.records)
        yield action
        # The one hook that keeps the history's summary columns current: after the action's
        # events, readings and reactions are in, before the commit. An action that added no
        # engine event cannot change the infusion's times or volume.
        refresh_summary(
            s,
            row,
            engine_sequence=action.engine_sequence,
            events_changed=False,
            prot=action.protocol,
        )
    # Committed: what the action read of the session is committed now, whatever it added. The
    # cache keeps it, so the next action reads only what came after (rolled back: kept nothing).
    if action.rows_seen is not None:
        db.records.keep(session_id, action.rows_seen)
