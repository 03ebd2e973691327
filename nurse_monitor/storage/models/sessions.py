"""An infusion session and what happens in it: append-only events, vital signs, reactions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from nurse_monitor.storage.base import Base, JSONDocument

SESSION_STATUSES = ("planned", "in_progress", "ended", "signed", "cosigned")


REACTION_CREATED_WHERE = "worst_grade IS NOT NULL"


class InfusionSession(Base):
    """One infusion of one drug for one patient at one chair.

    `version` is the optimistic-concurrency counter: two stations changing the same session at
    once cannot silently overwrite each other.
    """

    __tablename__ = "infusion_sessions"
    __table_args__ = (
        CheckConstraint(
            "status IN ('planned', 'in_progress', 'ended', 'signed', 'cosigned')", name="status"
        ),
        CheckConstraint("infusion_number >= 1", name="infusion_number"),
        CheckConstraint("dose_mg > 0", name="dose"),
        CheckConstraint("bag_volume_ml IS NULL OR bag_volume_ml > 0", name="bag_volume"),
        Index("ix_infusion_sessions_created_at", "created_at"),
        # The history window filters and sorts 100,000 sessions by these (benchmarks/).
        Index("ix_infusion_sessions_started_at", "started_at"),
        Index("ix_infusion_sessions_duration_min", "duration_min"),
        Index("ix_infusion_sessions_volume_infused_ml", "volume_infused_ml"),
        Index("ix_infusion_sessions_highest_news2", "highest_news2"),
        Index("ix_infusion_sessions_worst_grade", "worst_grade"),
        Index("ix_infusion_sessions_chair", "chair"),
        # The follow-up worklist's look-back window (sessions ended in the last 30 days).
        Index("ix_infusion_sessions_ended_at", "ended_at"),
        # Newest sessions with a reaction: "grade at least N" walks this instead of every date.
        # PostgreSQL's `where` is added by add_postgresql_options() (see there).
        Index(
            "ix_infusion_sessions_reaction_created",
            "created_at",
            sqlite_where=text(REACTION_CREATED_WHERE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    protocol_id: Mapped[str] = mapped_column(String(64), index=True)
    infusion_number: Mapped[int] = mapped_column(Integer)
    chair: Mapped[str] = mapped_column(String(32))
    dose_mg: Mapped[float] = mapped_column(Float)
    lot_number: Mapped[str | None] = mapped_column(String(64))
    lot_expiry: Mapped[date | None] = mapped_column(Date)
    bag_volume_ml: Mapped[float | None] = mapped_column(Float)
    weight_kg: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    nurse_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[datetime | None]
    cosigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cosigned_at: Mapped[datetime | None]
    cosign_comment: Mapped[str | None] = mapped_column(Text)
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    # Summary of the record, kept current by services.session_summary.refresh_summary in the
    # same unit of work as every charting action and amendment (the events stay the truth).
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    duration_min: Mapped[int | None] = mapped_column(Integer)
    volume_infused_ml: Mapped[float | None] = mapped_column(Float)
    highest_news2: Mapped[int | None] = mapped_column(Integer)
    worst_grade: Mapped[int | None] = mapped_column(Integer)
    amended: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class SessionEvent(Base):
    """Something that happened in a session. Append-only: never updated, never deleted.

    `occurred_at` is when it happened at the chair; `recorded_at` is when it was written.
    """

    __tablename__ = "session_events"
    __table_args__ = (Index("ix_session_events_session_occurred", "session_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("infusion_sessions.id"))
    type: Mapped[str] = mapped_column(String(40))
    occurred_at: Mapped[datetime]
    recorded_at: Mapped[datetime]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    # The record chain (storage.record_chain): sha256 of this row and the previous row's hash.
    chain_hash: Mapped[str | None] = mapped_column(String(64))


class VitalSignReading(Base):
    """One set of vital signs, stored in Celsius, with its NEWS2 score."""

    __tablename__ = "vital_sign_readings"
    __table_args__ = (
        Index("ix_vital_sign_readings_session_taken", "session_id", "taken_at"),
        CheckConstraint("diastolic IS NULL OR systolic IS NULL OR diastolic < systolic", name="bp"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("infusion_sessions.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("session_events.id"))
    taken_at: Mapped[datetime]
    systolic: Mapped[int | None]
    diastolic: Mapped[int | None]
    heart_rate: Mapped[int | None]
    respiratory_rate: Mapped[int | None]
    temperature_c: Mapped[float | None] = mapped_column(Float)
    spo2: Mapped[int | None]
    on_oxygen: Mapped[bool] = mapped_column(Boolean, default=False)
    consciousness: Mapped[str] = mapped_column(String(20), default="alert")
    pain: Mapped[int | None]
    news2_total: Mapped[int | None]
    news2_band: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]
    chain_hash: Mapped[str | None] = mapped_column(String(64))


class Reaction(Base):
    """An infusion reaction: onset, symptoms, grade, what was done and how it ended."""

    __tablename__ = "reactions"
    __table_args__ = (
        CheckConstraint(
            "severity IN ('mild', 'moderate', 'severe', 'life_threatening')", name="severity"
        ),
        CheckConstraint("ctcae_grade IS NULL OR (ctcae_grade BETWEEN 1 AND 5)", name="grade"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("infusion_sessions.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("session_events.id"))
    onset_at: Mapped[datetime]
    severity: Mapped[str] = mapped_column(String(20))
    ctcae_grade: Mapped[int | None]
    symptoms: Mapped[list[str]] = mapped_column(JSONDocument)
    actions: Mapped[str] = mapped_column(Text, default="")
    interventions: Mapped[list[dict[str, Any]]] = mapped_column(JSONDocument)
    resolved_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(Text)
    restart_rate_ml_h: Mapped[float | None] = mapped_column(Float)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]


def add_postgresql_options() -> None:
    """PostgreSQL's half of the partial index, added when a PostgreSQL engine is made.

    Naming a dialect's option (`postgresql_where=`) makes SQLAlchemy import that dialect when the
    model is defined: about 20 ms of every start on SQLite. The migration creates the index the
    same way on both (5b7e2c91d4a3). Idempotent.
    """
    table = InfusionSession.__table__
    assert isinstance(table, Table)
    for index in table.indexes:
        if index.name == "ix_infusion_sessions_reaction_created":
            index.dialect_options["postgresql"]["where"] = text(REACTION_CREATED_WHERE)
