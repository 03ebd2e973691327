"""The alarm log: every alarm raised, acknowledged, snoozed and ended, with when and who.

Append-only (the ORM guard and database triggers), and apart from the session row: writing an
entry never changes the session's version, so an alarm never makes a nurse's save collide.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from nurse_monitor.storage.base import Base


class AlarmLogEntry(Base):
    __tablename__ = "alarm_log"
    __table_args__ = (Index("ix_alarm_log_session_at", "session_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("infusion_sessions.id"))
    at: Mapped[datetime]
    what: Mapped[str] = mapped_column(String(16))  # raised, acknowledged, snoozed, ended
    priority: Mapped[str] = mapped_column(String(8))  # high, medium, low
    reasons: Mapped[str] = mapped_column(String(400))  # alert and due codes, comma-separated
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the station
    by_name: Mapped[str] = mapped_column(String(160), default="")  # signature at the time
