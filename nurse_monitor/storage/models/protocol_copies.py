"""The exact protocol a session began with: its file text and a SHA-256 of that text.

Editing or updating a protocol file never changes what an old session shows or computes: the
session, its PDF, FHIR, CSV and review read this copy. Written once at the start of a session,
never changed (append-only, like the events).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nurse_monitor.storage.base import Base


class SessionProtocol(Base):
    """One session's pinned protocol file (TOML text as read, its hash, where it came from)."""

    __tablename__ = "session_protocols"

    session_id: Mapped[int] = mapped_column(ForeignKey("infusion_sessions.id"), primary_key=True)
    protocol_id: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    content: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(300))  # "bundled" or the site folder
    stored_at: Mapped[datetime]
