"""The session's summary columns (start, end, duration, volume, highest NEWS2, worst reaction
grade, amended), recomputed from the record in the same unit of work as every change.

The events stay the truth: the summary is what the engine reads from them (amendments applied),
stored so the history window can filter and sort a hundred thousand sessions in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.record_tally import Delivery
from nurse_monitor.domain.session_record import read_record
from nurse_monitor.services.chair_view import facts_for, recorded_engine_events
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.protocol_library import session_protocol
from nurse_monitor.storage.models import InfusionSession
from nurse_monitor.storage.repositories import history, sessions


@dataclass(frozen=True)
class SessionSummary:
    started_at: datetime | None
    ended_at: datetime | None
    duration_min: int | None
    volume_infused_ml: float | None
    highest_news2: int | None
    worst_grade: int | None
    amended: bool
    # Where the pass over the record stood at its last entry (None when the record was not
    # read): a save keeps it, so the next one steps on from it (services/record_tally.py).
    delivery: Delivery | None = field(default=None, compare=False)

    def as_columns(self) -> dict[str, Any]:
        return {
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "duration_min": self.duration_min,
            "volume_infused_ml": self.volume_infused_ml,
            "highest_news2": self.highest_news2,
            "worst_grade": self.worst_grade,
            "amended": self.amended,
        }


def duration_minutes(started_at: datetime | None, ended_at: datetime | None) -> int | None:
    if started_at is None or ended_at is None:
        return None
    return round((ended_at - started_at).total_seconds() / 60)


def compute_summary(
    s: Session,
    row: InfusionSession,
    *,
    engine_sequence: list[InfusionEvent] | None = None,
    events_changed: bool = True,
    prot: Protocol | None = None,
    delivery: Delivery | None = None,
    counts: tuple[int | None, int | None, bool] | None = None,
) -> SessionSummary:
    """The summary as the engine reads the recorded events (with amendments) right now.

    `engine_sequence`: the session's engine events, already parsed by the caller. With
    `events_changed=False` and no sequence, the infusion's times and volume are kept as stored.
    `prot`: the session's pinned protocol when the caller has read it already.
    `delivery`: where a pass over the whole record stands after its last entry, when the caller
    knows it without one (a save stepped on from the last save's, services/record_tally.py).
    `counts`: the highest NEWS2, worst grade and amended, when the caller knows them (the same).
    """
    started_at, ended_at, volume = row.started_at, row.ended_at, row.volume_infused_ml
    if delivery is None:
        if prot is None:
            prot = summary_protocol(s, row)
        if engine_sequence is None and events_changed:
            engine_sequence = recorded_engine_events(s, row.id, None)
        if engine_sequence is not None:
            started_at = ended_at = volume = None
            if prot is not None and engine_sequence:
                last = max(e.at for e in engine_sequence)
                state = read_record(prot, facts_for(row, prot), engine_sequence, last)
                delivery = Delivery.of(state)
    if delivery is not None:
        started_at, ended_at = delivery.started_at, delivery.ended_at
        volume = delivery.summary_volume
    if counts is None:
        counts = sessions.summary_counts(s, row.id)
    highest_news2, worst_grade, amended = counts
    return SessionSummary(
        started_at=started_at,
        ended_at=ended_at,
        duration_min=duration_minutes(started_at, ended_at),
        volume_infused_ml=volume,
        highest_news2=highest_news2,
        worst_grade=worst_grade,
        amended=amended,
        delivery=delivery,
    )


def refresh_summary(
    s: Session,
    row: InfusionSession,
    *,
    engine_sequence: list[InfusionEvent] | None = None,
    events_changed: bool = True,
    prot: Protocol | None = None,
    delivery: Delivery | None = None,
    counts: tuple[int | None, int | None, bool] | None = None,
) -> SessionSummary:
    """Recompute and store the session's summary inside the caller's unit of work."""
    summary = compute_summary(
        s,
        row,
        engine_sequence=engine_sequence,
        events_changed=events_changed,
        prot=prot,
        delivery=delivery,
        counts=counts,
    )
    history.write_summary(s, row, summary.as_columns())
    return summary


def summary_protocol(s: Session, row: InfusionSession) -> Protocol | None:
    """The session's pinned protocol, or None for a protocol no longer in the library."""
    try:
        return session_protocol(s, row)
    except InvalidInput:
        return None
