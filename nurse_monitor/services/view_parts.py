"""The parts of a chair view worked out from its session's rows: the timeline, the entries the
checklist reads, the engine's events and the readings; and `ViewCarry`, which carries the
parts of the last view forward when the record only grew after them (and the checklist, when
the entries added cannot change it: domain/checklist_carry `unchanged_by`).

A vital-signs save adds one event and one reading at the end of a session of hundreds: the
parts of everything before are what they were (the same parsed rows, signed with the same names,
with the same amendments), so only the new rows are worked out and put after the kept ones. The
result equals working out all of it (tests/services/test_view_carry.py and the property test of
tests/services/test_view_update_property.py hold that); whenever that cannot be shown from what
is at hand (rows re-read or back-timed, a name or an amendment changed) everything is worked
out again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar

from nurse_monitor.clock import STATION_ZONE
from nurse_monitor.domain.chart_markers import MARKED_EVENTS, ChartMarker, marker_for
from nurse_monitor.domain.checklist import ChartEntry, ChecklistState, checklist_state
from nurse_monitor.domain.checklist_carry import unchanged_by
from nurse_monitor.domain.engine import InfusionStatus, status_going_on
from nurse_monitor.domain.events import EventPayloadError, InfusionEvent
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.session_record import ReadSoFar, SessionFacts
from nurse_monitor.services.amended_entries import (
    TimelineEntry,
    amended_reading_record,
    timeline_entry,
)
from nurse_monitor.services.amended_values import effective_payload, effective_time
from nurse_monitor.services.record_cache import KeptEvent, SessionRows, engine_event, signed
from nurse_monitor.services.records import AmendmentRecord, ReadingRecord

Amended = dict[int, list[AmendmentRecord]]
T = TypeVar("T")


def kept_engine_events(events: tuple[KeptEvent, ...], amended: Amended) -> list[InfusionEvent]:
    """The engine's events in time order, amendments (times too) applied (amended ones parsed
    again)."""
    out: list[InfusionEvent] = []
    for kept in events:
        if kept.engine is None:
            continue
        changes = amended.get(kept.record.id)
        if changes:
            payload = effective_payload(kept.record, changes)
            at = effective_time(kept.record, changes)
            try:
                out.append(engine_event(kept.record.type, at, payload))
            except (EventPayloadError, TypeError, ValueError, OverflowError):
                continue  # an amended value that cannot be read: the timeline says so
        else:
            out.append(kept.engine)
    out.sort(key=lambda e: e.at)  # stable: entries recorded at one moment keep their order
    return out


@dataclass(frozen=True)
class ViewParts:
    """What a view shows of its session's rows, each in time order."""

    timeline: tuple[TimelineEntry, ...]
    entries: tuple[ChartEntry, ...]  # the readable entries, as the checklist reads them
    engine: tuple[InfusionEvent, ...]  # the engine's events, amendments applied
    readings: tuple[ReadingRecord, ...]
    markers: tuple[ChartMarker, ...]  # the chart's, from the readable entries


def view_parts(rows: SessionRows, names: dict[int, str], amended: Amended) -> ViewParts:
    """The parts of `rows`, signed with `names`, with `amended` applied."""
    # In time order with amended times (stable: entries at one moment keep their order).
    timeline = tuple(
        sorted(
            (
                timeline_entry(k, names.get(k.record.recorded_by_id, "?"), amended.get(k.record.id))
                for k in rows.events
            ),
            key=lambda t: t.event.occurred_at,
        )
    )
    entries = tuple(
        ChartEntry(t.event.type, t.event.occurred_at, t.payload, t.by)
        for t in timeline
        if not t.unreadable
    )
    amended_vitals = {
        t.event.id: t
        for t in timeline
        if t.event.type == "vitals" and t.amendments and not t.unreadable
    }
    readings = []
    for kept in rows.readings:
        by = names.get(kept.recorded_by_id, "?")
        entry = amended_vitals.get(kept.event_id) if kept.event_id is not None else None
        if entry is not None:
            reading = replace(kept.record, taken_at=entry.event.occurred_at)
            readings.append(amended_reading_record(reading, by, entry.payload))
        else:
            readings.append(signed(kept, by))
    readings.sort(key=lambda r: r.taken_at)
    engine = tuple(kept_engine_events(rows.events, amended))
    found = (
        marker_for(e.type, e.at, e.payload) for e in entries if e.type in MARKED_EVENTS
    )  # the other entries have none: not asked
    markers = tuple(m for m in found if m is not None)
    return ViewParts(timeline, entries, engine, tuple(readings), markers)


class ViewCarry:
    """The rows, names and amendments the last view's parts were worked out from, and the parts:
    the next view works out only the rows recorded since when nothing else changed.

    One per kept view (services/view_update.KeptView); not shared between threads."""

    def __init__(self) -> None:
        self._rows: SessionRows | None = None
        self._names: dict[int, str] = {}
        self._amended: Amended = {}
        self._parts: ViewParts | None = None
        self._read: ReadSoFar | None = None  # the engine's pass over self._parts.engine
        # The parts before the last `parts` and the readable entries it put after theirs
        # (None: worked out whole); the last checklist, with the parts, protocol and first
        # dose it was worked out for.
        self._before: ViewParts | None = None
        self._added: tuple[ChartEntry, ...] | None = None
        self._checklist: tuple[ViewParts, Protocol, bool, ChecklistState] | None = None

    def parts(self, rows: SessionRows, names: dict[int, str], amended: Amended) -> ViewParts:
        """`view_parts(rows, names, amended)`, carried forward from the last when it can be."""
        was = self._parts
        parts = self._carried(rows, names, amended)
        if parts is None:
            parts = view_parts(rows, names, amended)
            self._read = None  # the engine's events may differ anywhere
            self._added = None
        else:
            self._added = parts.entries[len(was.entries) :] if was is not None else None
        self._before = was
        self._rows, self._names, self._amended, self._parts = rows, names, amended, parts
        return parts

    def checklist(
        self, protocol: Protocol, first_dose: bool, parts: ViewParts, now: datetime
    ) -> ChecklistState:
        """`checklist_state` of `parts` (the last `parts` this carry gave) at `now`: the last
        one again when the entries added since cannot change it (domain/checklist
        `unchanged_by`), for the same protocol and first dose."""
        kept = self._checklist
        if (
            kept is not None
            and self._added is not None
            and kept[0] is self._before
            and kept[1] is protocol
            and kept[2] == first_dose
            and unchanged_by(kept[3], self._added)
        ):
            state = kept[3]
        else:
            state = checklist_state(
                protocol, parts.entries, now, first_dose=first_dose, zone=STATION_ZONE
            )
        self._checklist = (parts, protocol, first_dose, state)
        return state

    def status(
        self, protocol: Protocol, facts: SessionFacts, parts: ViewParts, now: datetime
    ) -> InfusionStatus:
        """The engine's status from `parts` (the last `parts` this carry gave), its pass going
        on from where the last one stood: the kept engine events are the first of these."""
        status, self._read = status_going_on(
            protocol, facts, parts.engine, now, STATION_ZONE, self._read
        )
        return status

    def _carried(
        self, rows: SessionRows, names: dict[int, str], amended: Amended
    ) -> ViewParts | None:
        was, kept = self._rows, self._parts
        if was is None or kept is None or names != self._names or amended != self._amended:
            return None
        events = _added(was.events, rows.events)
        readings = _added(was.readings, rows.readings)
        if events is None or readings is None:
            return None  # read again, or a row put before the last kept one
        if not events and not readings:
            return kept
        if any(r.event_id in amended for r in readings if r.event_id is not None):
            return None  # a new reading of an amended entry: its time is the entry's
        new = view_parts(SessionRows(events, readings, 0, 0), names, amended)
        # The new parts go after the kept ones only if none sorts before the last kept one
        # (a stable sort keeps the kept ones first among equal times, as they come first).
        if (
            _before(new.timeline, kept.timeline, lambda t: t.event.occurred_at)
            or _before(new.engine, kept.engine, lambda e: e.at)
            or _before(new.readings, kept.readings, lambda r: r.taken_at)
        ):
            return None
        return ViewParts(
            kept.timeline + new.timeline,
            kept.entries + new.entries,
            kept.engine + new.engine,
            kept.readings + new.readings,
            kept.markers + new.markers,
        )


def _added(was: tuple[T, ...], now: tuple[T, ...]) -> tuple[T, ...] | None:
    """The items of `now` after `was`, when `now` starts with the very items of `was` (the
    record cache appends newer rows to the tuple it kept; a re-read or a row sorted in before
    the last gives other objects there); else None."""
    if len(now) < len(was) or (was and now[len(was) - 1] is not was[-1]):
        return None
    return now[len(was) :]


def _before(new: tuple[T, ...], kept: tuple[T, ...], key: Callable[[T], Any]) -> bool:
    """Whether the first of `new` sorts before the last of `kept` (both in `key` order)."""
    if not new or not kept:
        return False
    return bool(key(new[0]) < key(kept[-1]))
