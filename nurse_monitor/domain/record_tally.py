"""What a save needs to know of a session's record, kept from one save to the next.

Every entry is checked against the whole record (`event_checks.check_events`) and the summary's
start, end and volume are read from the whole record (`session_record.read_record`). Both are
single passes in time order, so for an entry timed at or after the last recorded one the pass
over the record so far is the same as last time: what the pass had reached (`SequenceCheck`,
`Delivery`) is kept, and the new entry is stepped on from there, with the same refusals and the
same figures as a pass over the whole record (tests/domain/test_record_tally.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from nurse_monitor.domain.events import EventType, InfusionEvent
from nurse_monitor.domain.session_record import SessionRecord, delivered

KEEPS_DELIVERY = frozenset({EventType.VITALS, EventType.PREMEDICATION_GIVEN})
"""Entries that never move the infusion's start, end, pump rate or bag (`SessionRecord.apply`
reads them for the signs and the premedications only): after one of them the volume is the
pump's running on to its time, and nothing else the summary shows changes."""


@dataclass(frozen=True)
class Delivery:
    """What the summary reads of the infusion, where a pass over the record stands."""

    started_at: datetime | None
    ended_at: datetime | None
    volume: float  # unrounded, as the pass integrates it
    pump: float
    bag: float
    last_t: datetime | None

    @classmethod
    def of(cls, record: SessionRecord) -> Delivery:
        return cls(
            record.started_at,
            record.ended_at,
            record.volume,
            record.pump,
            record.bag,
            record.last_t,
        )

    def follows(self, event: InfusionEvent) -> bool:
        """Whether `after` may step on to this event (a kind that moves nothing, not earlier)."""
        return event.type in KEEPS_DELIVERY and (self.last_t is None or event.at >= self.last_t)

    def after(self, event: InfusionEvent) -> Delivery:
        """Where the pass stands after `event` (only when `follows(event)`)."""
        if not self.follows(event):
            raise ValueError(f"a {event.type.value} at {event.at} does not follow the record")
        volume = delivered(self.volume, self.pump, self.bag, self.last_t, event.at)
        return replace(self, volume=volume, last_t=event.at)

    @property
    def summary_volume(self) -> float | None:
        """The volume as the summary stores it (None before the start)."""
        return round(self.volume, 1) if self.started_at is not None else None
