"""After the infusion: site settings kept in the record, and follow-up call entries (issue 18).

`site_settings` holds what every station must read alike (the centre's name, phone numbers,
closed days, the follow-up triage questions): one row per setting, its value as JSON.
`follow_up_entries` is append-only (the ORM guard and database triggers): a follow-up added,
cancelled, an attempt to call, a call recorded. An entry never touches the session row, so a
follow-up call never changes a session's version.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from nurse_monitor.storage.base import Base, JSONDocument

FOLLOW_UP_ENTRY_KINDS = ("added", "cancelled", "attempt", "call")


class SiteSetting(Base):
    __tablename__ = "site_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONDocument)
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class FollowUpEntry(Base):
    __tablename__ = "follow_up_entries"
    __table_args__ = (
        CheckConstraint("kind IN ('added', 'cancelled', 'attempt', 'call')", name="kind"),
        Index("ix_follow_up_entries_session_at", "session_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("infusion_sessions.id"))
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    due_date: Mapped[date | None] = mapped_column(Date)  # for `added`
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    by_name: Mapped[str] = mapped_column(String(160))  # signature (name, credentials) then
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
