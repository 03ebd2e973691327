"""Recorded actions: the id each user action carries, so a retry is recognised (issue 16, 11).

The station makes an id (uuid4) for a user action before its first attempt and gives the same
id to every retry of it. The unit of work that records the action adds one row here in the same
transaction: the id is the primary key, so the database itself refuses a second recording. When
the connection is lost while committing, the station asks on a fresh connection whether the id
is here, and tells the nurse the truth. Append-only (the ORM guard and database triggers), and
outside the record chain: it says that an action was recorded, the chained rows say what.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from nurse_monitor.storage.base import Base

ACTION_ID_LENGTH = 36  # a uuid4 in its canonical text form


class RecordedAction(Base):
    __tablename__ = "recorded_actions"

    id: Mapped[str] = mapped_column(String(ACTION_ID_LENGTH), primary_key=True)
    recorded_at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(80))  # the service's name, for whoever looks
    user_id: Mapped[int | None]  # who acted (no foreign key: a row that only says "done")
    session_id: Mapped[int | None]  # the first session the action wrote to, if any
