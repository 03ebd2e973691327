"""The protocol copy each session pinned at its start (see models/protocol_copies.py)."""

from __future__ import annotations

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from nurse_monitor.storage.models import SessionProtocol


def add_copy(s: Session, copy: SessionProtocol) -> SessionProtocol:
    s.add(copy)
    s.flush()
    return copy


def copy_for_session(s: Session, session_id: int) -> SessionProtocol | None:
    return s.get(SessionProtocol, session_id)


_COPIES: Table = SessionProtocol.__table__  # type: ignore[assignment]
_STORED = select(_COPIES.c.sha256, _COPIES.c.content).where(
    _COPIES.c.session_id == bindparam("session_id")
)


def stored_copy(s: Session, session_id: int) -> tuple[str, str] | None:
    """The hash and text the session's copy holds now (no object built), or None."""
    found = s.connection().execute(_STORED, {"session_id": session_id}).first()
    return None if found is None else (str(found[0]), str(found[1]))


def copies_for_sessions(s: Session, session_ids: list[int]) -> dict[int, SessionProtocol]:
    if not session_ids:
        return {}
    rows = s.scalars(select(SessionProtocol).where(SessionProtocol.session_id.in_(session_ids)))
    return {row.session_id: row for row in rows}
