"""A session's recorded rows, parsed once: the record only grows, so a reload reads what is new.

Events are append-only (refused by the ORM guard and by database triggers) and readings are
never changed once written, so what was read and parsed for a session stays true. A reload asks
the database only for the rows after the last one it holds: during an infusion that is the one
reading just saved, not the whole session again with every payload re-parsed.

Only committed rows are kept. A write transaction sees the rows it has itself flushed, which may
yet roll back, so it takes what is kept plus its own newer rows without keeping them
(`shared=False`). Read transactions extend what is kept.

Rows of one session get increasing ids in commit order: every writer of a session's events holds
the session's row lock (BEGIN IMMEDIATE on SQLite, SELECT ... FOR UPDATE on PostgreSQL), so a row
committed later never carries a smaller id than one already kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar, cast

from sqlalchemy.orm import Session

from nurse_monitor.domain.entry_fields import DETAIL as DETAIL
from nurse_monitor.domain.entry_fields import check_entry
from nurse_monitor.domain.events import EventPayloadError, EventType, InfusionEvent, parse_event
from nurse_monitor.domain.news2 import score_news2
from nurse_monitor.domain.vital_signs import Consciousness, VitalSigns
from nurse_monitor.services.conversions import event_record
from nurse_monitor.services.records import EventRecord, ReadingRecord
from nurse_monitor.storage.models import SessionEvent, VitalSignReading
from nurse_monitor.storage.repositories import chair_rows, many_sessions, sessions

ENGINE_TYPES = frozenset(t.value for t in EventType)
T = TypeVar("T")


def engine_event(event_type: str, at: datetime, payload: dict[str, Any]) -> InfusionEvent:
    """The engine's reading of one recorded event (chart details left out)."""
    return parse_event(event_type, at, {k: v for k, v in payload.items() if k != DETAIL})


@dataclass(frozen=True)
class KeptEvent:
    """One recorded event and, for the engine's kinds, the engine's reading of its payload."""

    record: EventRecord
    engine: InfusionEvent | None
    readable: bool = True  # False: its stored payload cannot be read (shown as such)


@dataclass(frozen=True)
class KeptReading:
    """One reading for display, signed with the name its recorder had when it was read."""

    record: ReadingRecord
    recorded_by_id: int
    event_id: int | None


@dataclass(frozen=True)
class SessionRows:
    """A session's events (in the order they happened) and readings (in the order taken)."""

    events: tuple[KeptEvent, ...]
    readings: tuple[KeptReading, ...]
    last_event_id: int
    last_reading_id: int


EMPTY = SessionRows((), (), 0, 0)


class RecordCache:
    """The parsed rows of the most recently read sessions of one database.

    It keeps at least `capacity` sessions and grows to every chair in use (`make_room`): a
    board of 40 chairs read through a cache of 16 thrashed, and every reload parsed every row.
    """

    def __init__(self, capacity: int = 16) -> None:
        self._capacity = capacity
        self._kept: OrderedDict[int, SessionRows] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def capacity(self) -> int:
        return self._capacity

    def make_room(self, sessions: int) -> None:
        """Keep at least `sessions` sessions (the chairs in use) plus a few looked at in review."""
        with self._lock:
            self._capacity = max(self._capacity, sessions + 16)

    def rows(
        self, s: Session, session_id: int, *, shared: bool, names: dict[int, str] | None = None
    ) -> SessionRows:
        """The session's rows as `s` sees them: what is kept, plus anything newer.

        `shared=True` only for a read transaction: its rows are committed and are kept.
        `names`: signatures by user id, to sign new readings with.
        """
        with self._lock:
            kept = self._kept.get(session_id, EMPTY)
        newer: Sequence[SessionEvent]
        newer_readings: Sequence[VitalSignReading]
        if shared:  # a read: plain rows through its connection (nothing unflushed to miss)
            conn = s.connection()
            # A Core row answers the mapped attributes by the same names (chair_rows.py).
            newer = cast(Any, chair_rows.events_after(conn, session_id, kept.last_event_id))
            newer_readings = cast(
                Any, chair_rows.readings_after(conn, session_id, kept.last_reading_id)
            )
        else:  # a write's own flushed rows too (the ORM flushes before it reads)
            newer = sessions.events_after(s, session_id, kept.last_event_id)
            newer_readings = sessions.readings_after(s, session_id, kept.last_reading_id)
        if not newer and not newer_readings:
            current = kept
        else:
            current = extended(kept, newer, newer_readings, names)
        if shared:
            self.keep(session_id, current)
        return current

    def rows_of_many(
        self, s: Session, session_ids: list[int], *, names: dict[int, str] | None = None
    ) -> dict[int, SessionRows]:
        """`rows(shared=True)` for each session, the newer rows of all of them read at once
        (one query per table). Only for a read transaction: what it reads is kept."""
        with self._lock:
            kept = {i: self._kept.get(i, EMPTY) for i in session_ids}
        newer = many_sessions.events_after(s, {i: k.last_event_id for i, k in kept.items()})
        newer_readings = many_sessions.readings_after(
            s, {i: k.last_reading_id for i, k in kept.items()}
        )
        current: dict[int, SessionRows] = {}
        for session_id, rows in kept.items():
            events = newer.get(session_id, [])
            readings = newer_readings.get(session_id, [])
            if events or readings:
                rows = extended(rows, events, readings, names)
            self.keep(session_id, rows)
            current[session_id] = rows
        return current

    def keep(self, session_id: int, rows: SessionRows) -> None:
        """Keep `rows` for the session: only rows known to be committed (a read's, or a write's
        once it committed), and never in place of rows that reach further."""
        with self._lock:
            kept = self._kept.get(session_id, EMPTY)
            if (
                rows.last_event_id >= kept.last_event_id
                and rows.last_reading_id >= kept.last_reading_id
            ):
                self._kept[session_id] = rows
            self._kept.move_to_end(session_id)
            while len(self._kept) > self._capacity:
                self._kept.popitem(last=False)


def extended(
    kept: SessionRows,
    events: Sequence[SessionEvent],
    readings: Sequence[VitalSignReading],
    names: dict[int, str] | None = None,
) -> SessionRows:
    """`kept` with newer rows parsed and merged in order."""
    all_events = kept.events
    if events:
        added = tuple(kept_event(e) for e in events)
        # Back-timed entries are common (a reading taken before it was typed): keep time order.
        all_events = _in_order(kept.events, added, lambda k: (k.record.occurred_at, k.record.id))
    all_readings = kept.readings
    if readings:
        new = tuple(
            KeptReading(
                reading_record(r, (names or {}).get(r.recorded_by_id, "?")),
                r.recorded_by_id,
                r.event_id,
            )
            for r in readings
        )
        all_readings = _in_order(kept.readings, new, lambda k: (k.record.taken_at, k.record.id))
    return SessionRows(
        all_events,
        all_readings,
        max((e.id for e in events), default=kept.last_event_id),
        max((r.id for r in readings), default=kept.last_reading_id),
    )


def _in_order(kept: tuple[T, ...], added: tuple[T, ...], key: Callable[[T], Any]) -> tuple[T, ...]:
    """`kept` and `added` in `key` order (`kept` is in order already): appended as they are when
    the new rows come after the last kept one, as a save's usually do; else sorted whole."""
    ordered_added = tuple(sorted(added, key=key))
    if not kept or key(kept[-1]) <= key(ordered_added[0]):
        return kept + ordered_added
    return tuple(sorted((*kept, *added), key=key))


def kept_event(row: SessionEvent) -> KeptEvent:
    """One stored event, read once: a payload that cannot be read is kept as unreadable."""
    record = event_record(row)
    if not isinstance(row.payload, dict):
        return KeptEvent(record, None, readable=False)
    try:
        check_entry(record.type, record.occurred_at, record.payload)
        if record.type in ENGINE_TYPES:
            return KeptEvent(record, engine_event(record.type, record.occurred_at, record.payload))
    except (EventPayloadError, TypeError, ValueError, OverflowError):
        return KeptEvent(record, None, readable=False)
    return KeptEvent(record, None)


def signed(reading: KeptReading, name: str) -> ReadingRecord:
    """The reading's record with its recorder's current name."""
    if reading.record.recorded_by == name:
        return reading.record
    return replace(reading.record, recorded_by=name)


def reading_record(r: VitalSignReading, by: str) -> ReadingRecord:
    """One stored reading for display, with the NEWS2 parameters that scored."""
    scores: dict[str, int] = {}
    vitals = reading_vitals(r)
    if vitals is not None:
        scores = dict(score_news2(vitals).parameter_scores)
    return ReadingRecord(
        r.id,
        r.taken_at,
        r.systolic,
        r.diastolic,
        r.heart_rate,
        r.respiratory_rate,
        r.temperature_c,
        r.spo2,
        r.on_oxygen,
        r.consciousness,
        r.pain,
        r.news2_total,
        r.news2_band,
        r.note,
        by,
        scores,
    )


def reading_vitals(r: VitalSignReading) -> VitalSigns | None:
    """The stored reading as vital signs, for its NEWS2 flags.

    Built directly: the reading was validated when it was recorded (and readings are never
    amended in place), so validating every row again on every reload cost more than the engine.
    """
    if None in (r.systolic, r.diastolic, r.heart_rate, r.respiratory_rate, r.spo2):
        return None
    if r.temperature_c is None:
        return None
    try:
        consciousness = Consciousness(r.consciousness)
    except ValueError:
        return None
    return VitalSigns(
        systolic=int(r.systolic or 0),
        diastolic=int(r.diastolic or 0),
        heart_rate=int(r.heart_rate or 0),
        respiratory_rate=int(r.respiratory_rate or 0),
        temperature_c=float(r.temperature_c),
        spo2=int(r.spo2 or 0),
        on_oxygen=bool(r.on_oxygen),
        consciousness=consciousness,
        pain=r.pain,
    )
