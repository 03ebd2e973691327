"""A session's version, moved on by the unit of work that changes what a co-signer reviews.

`InfusionSession.version` is the ORM's version counter: every UPDATE of the row through a flush
moves it on WHERE version = the one read. A save that writes its rows without a flush
(storage/chained_insert.py) moves it on here the same way, at once.
"""

from __future__ import annotations

from sqlalchemy import Table, bindparam, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from nurse_monitor.storage.models import InfusionSession

_SESSIONS: Table = InfusionSession.__table__  # type: ignore[assignment]
_BUMP = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id == bindparam("b_id"), _SESSIONS.c.version == bindparam("b_was"))
    .values(version=bindparam("b_now"))
)


def bump_version(s: Session, row: InfusionSession) -> None:
    """Move the session's version on now, as the ORM's version counter does at a flush: UPDATE
    ... WHERE version = the one this unit of work holds; StaleDataError when it moved."""
    was = row.version
    done = s.connection().execute(_BUMP, {"b_id": row.id, "b_was": was, "b_now": was + 1})
    if done.rowcount != 1:
        raise StaleDataError(f"session {row.id} is no longer at version {was}")
    set_committed_value(row, "version", was + 1)
