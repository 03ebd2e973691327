"""A chair view's plain rows read through a Core connection: the session's row and the events
and readings recorded after the last ones held.

The same columns as the mapped classes, by the same names (a `Row` answers `row.taken_at` as a
`VitalSignReading` does), without the ORM's loading: a reload after a save read these three
through the ORM in about 0.6 ms, most of it building objects that are read once and dropped
(benchmarks/reading_to_chart.py). Only for a read transaction: a Core statement does not flush
what a write's unit of work holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import BindParameter, Connection, Row, bindparam, select

from nurse_monitor.storage.models import InfusionSession, SessionEvent, VitalSignReading

_SESSION: BindParameter[int] = bindparam("session_id")
_AFTER: BindParameter[int] = bindparam("after_id")
_sessions = InfusionSession.__table__
_events = SessionEvent.__table__
_readings = VitalSignReading.__table__
_SESSION_ROW = select(_sessions).where(_sessions.c.id == _SESSION)
_EVENTS_AFTER = (
    select(_events)
    .where(_events.c.session_id == _SESSION, _events.c.id > _AFTER)
    .order_by(_events.c.id)
)
_READINGS_AFTER = (
    select(_readings)
    .where(_readings.c.session_id == _SESSION, _readings.c.id > _AFTER)
    .order_by(_readings.c.id)
)


def session_row(conn: Connection, session_id: int) -> Row[Any] | None:
    """The session's row (the columns of `InfusionSession`), or None."""
    return conn.execute(_SESSION_ROW, {"session_id": session_id}).first()


def events_after(conn: Connection, session_id: int, after_id: int) -> Sequence[Row[Any]]:
    """The session's events recorded after event `after_id`, in id order (the columns of
    `SessionEvent`; events are append-only)."""
    return conn.execute(_EVENTS_AFTER, {"session_id": session_id, "after_id": after_id}).all()


def readings_after(conn: Connection, session_id: int, after_id: int) -> Sequence[Row[Any]]:
    """The session's readings recorded after reading `after_id`, in id order (the columns of
    `VitalSignReading`; readings are never changed)."""
    return conn.execute(_READINGS_AFTER, {"session_id": session_id, "after_id": after_id}).all()
