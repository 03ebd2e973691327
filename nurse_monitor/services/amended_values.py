"""Amendments applied to a recorded entry: its values (`effective_payload`) and its time
(`effective_time`, issue 17). The stored entry is never changed; every reader goes through
these, so the timeline, the engine, the readings and the reports agree."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from nurse_monitor.domain.entry_fields import TIME
from nurse_monitor.services.conversions import amendment_record
from nurse_monitor.services.records import AmendmentRecord, EventRecord
from nurse_monitor.storage.models import Amendment, SessionEvent
from nurse_monitor.storage.repositories import record


def event_amendments(s: Session, session_id: int) -> dict[int, list[AmendmentRecord]]:
    return by_event(record.amendments_for_session(s, session_id))


def by_event(amendments: Iterable[Amendment]) -> dict[int, list[AmendmentRecord]]:
    """A session's amendments (in the order made) grouped by the event they amend."""
    by_event: dict[int, list[AmendmentRecord]] = {}
    for amendment in amendments:
        if amendment.target_type == "event":
            by_event.setdefault(amendment.target_id, []).append(amendment_record(amendment))
    return by_event


def effective_payload(
    event: SessionEvent | EventRecord, amended: list[AmendmentRecord]
) -> dict[str, Any]:
    """The payload with every amendment applied in order (the stored event is never changed);
    an amended time is not part of it (see `effective_time`)."""
    payload = dict(event.payload)
    for amendment in amended:
        if amendment.field != TIME:
            payload[amendment.field] = amendment.new_value
    return payload


def effective_time(event: SessionEvent | EventRecord, amended: list[AmendmentRecord]) -> datetime:
    """When the entry happened: its latest amended time, else the time it was recorded with. An
    amended time that cannot be read (another version's, a damaged row) is not trusted."""
    for amendment in reversed(amended):
        if amendment.field == TIME:
            moment = stored_moment(amendment.new_value)
            if moment is not None:
                return moment
    return event.occurred_at


def stored_moment(value: Any) -> datetime | None:
    """A stored ISO date-time with its zone, or None when it is not one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
