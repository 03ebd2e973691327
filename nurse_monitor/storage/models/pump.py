"""The pump link's tables: which pump is bound to which session, what pumps said, and the raw
message log for IT (outside the clinical record: purged after 30 days, the charted data stays).

Pump observations are their own rows: storing one never touches `infusion_sessions`, so it
never bumps a session's version under a nurse who is charting.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from nurse_monitor.storage.base import Base


class PumpBinding(Base):
    """A pump bound to a chair's session by a nurse, until unbound at the end."""

    __tablename__ = "pump_bindings"
    __table_args__ = (Index("ix_pump_bindings_pump_active", "pump_id", "unbound_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pump_id: Mapped[str] = mapped_column(String(64))
    session_id: Mapped[int] = mapped_column(ForeignKey("infusion_sessions.id"), index=True)
    bound_at: Mapped[datetime]
    bound_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    unbound_at: Mapped[datetime | None]
    unbound_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PumpObservation(Base):
    """What a bound pump said in one message, and what the nurse did with it."""

    __tablename__ = "pump_observations"
    __table_args__ = (Index("ix_pump_observations_session_received", "session_id", "received_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("infusion_sessions.id"))
    binding_id: Mapped[int] = mapped_column(ForeignKey("pump_bindings.id"))
    pump_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(8))  # R01, R42, R40
    received_at: Mapped[datetime]
    observed_at: Mapped[datetime | None]
    rate_ml_h: Mapped[float | None] = mapped_column(Float)
    current_rate_ml_h: Mapped[float | None] = mapped_column(Float)
    volume_to_infuse_ml: Mapped[float | None] = mapped_column(Float)
    delivered_ml: Mapped[float | None] = mapped_column(Float)
    remaining_ml: Mapped[float | None] = mapped_column(Float)
    minutes_remaining: Mapped[float | None] = mapped_column(Float)
    infusing: Mapped[bool | None] = mapped_column(Boolean)
    event: Mapped[str | None] = mapped_column(String(40))
    alarm: Mapped[str | None] = mapped_column(String(200))
    reported_patient: Mapped[str | None] = mapped_column(String(64))
    patient_mismatch: Mapped[bool] = mapped_column(Boolean, default=False)
    charted_event_id: Mapped[int | None] = mapped_column(ForeignKey("session_events.id"))
    charted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PumpMessageLog(Base):
    """Every message received, raw, with the answer given: for IT, not part of the record."""

    __tablename__ = "pump_message_log"
    __table_args__ = (
        Index("ix_pump_message_log_received_at", "received_at"),
        Index("ix_pump_message_log_pump_control", "pump_id", "control_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime]
    peer: Mapped[str] = mapped_column(String(64), default="")
    pump_id: Mapped[str] = mapped_column(String(64), default="")
    control_id: Mapped[str] = mapped_column(String(64), default="")
    ack_code: Mapped[str] = mapped_column(String(2))
    reason: Mapped[str] = mapped_column(Text, default="")
    session_id: Mapped[int | None] = mapped_column(Integer)
    raw: Mapped[str] = mapped_column(Text)


class PumpGateway(Base):
    """A site setting kept in the record: a pump gateway's address the listener accepts when
    it is bound to a network interface (loopback is always accepted)."""

    __tablename__ = "pump_gateways"

    id: Mapped[int] = mapped_column(primary_key=True)
    address: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    added_at: Mapped[datetime]
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
