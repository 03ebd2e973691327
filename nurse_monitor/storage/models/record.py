"""What keeps the record honest: amendments that keep the original, and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nurse_monitor.storage.base import Base, JSONDocument


class Amendment(Base):
    """A correction to a recorded value. The original stays; the amendment is a new row."""

    __tablename__ = "amendments"
    __table_args__ = (Index("ix_amendments_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("infusion_sessions.id"), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(64))
    original_value: Mapped[Any] = mapped_column(JSONDocument, nullable=True)
    new_value: Mapped[Any] = mapped_column(JSONDocument, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    amended_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    amended_at: Mapped[datetime]
    chain_hash: Mapped[str | None] = mapped_column(String(64))


class AuditEntry(Base):
    """Who did what to which record, and when (login, view, export, sign, co-sign, amend...)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_record", "record_type", "record_id"),
        Index("ix_audit_log_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(40))
    record_type: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[int | None]
    detail: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    # Where and how (issue 16, 7d): the station's name, the operating-system user, "desktop" or
    # "command line", and whether the action was done or refused.
    station: Mapped[str] = mapped_column(String(128), default="", server_default="")
    os_user: Mapped[str] = mapped_column(String(64), default="", server_default="")
    channel: Mapped[str] = mapped_column(String(16), default="", server_default="")
    outcome: Mapped[str] = mapped_column(String(16), default="done", server_default="done")
    chain_hash: Mapped[str | None] = mapped_column(String(64))


class ChainHead(Base):
    """Where each chained table's newest row stood when a unit of work committed.

    Append-only like the rows it anchors: deleting the newest rows or emptying a table leaves
    the head pointing at a row that is gone, which `nurse-monitor db verify` reports.
    """

    __tablename__ = "record_chain_heads"
    __table_args__ = (Index("ix_record_chain_heads_table_name", "table_name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    last_id: Mapped[int] = mapped_column(Integer)
    chain_hash: Mapped[str] = mapped_column(String(64))
