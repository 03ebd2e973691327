"""Who is in the record: staff who sign in, and patients with their drug discontinuations."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from nurse_monitor.storage.base import Base

ROLES = ("nurse", "charge_nurse", "admin")


class User(Base):
    """A member of staff: a nurse, a charge nurse or an administrator."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('nurse', 'charge_nurse', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]


class Patient(Base):
    """A patient: identified by record number, name and date of birth (never by chair)."""

    __tablename__ = "patients"
    __table_args__ = (
        CheckConstraint(
            "weight_kg IS NULL OR (weight_kg >= 20 AND weight_kg <= 300)", name="weight"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    record_number: Mapped[str] = mapped_column(String(32), unique=True)
    family_name: Mapped[str] = mapped_column(String(100), index=True)
    given_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(16))
    weight_kg: Mapped[float | None] = mapped_column(Float)
    allergies: Mapped[str] = mapped_column(Text, default="")
    # For the follow-up call after an infusion (issue 18); empty when not known.
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    created_at: Mapped[datetime]

    discontinuations: Mapped[list[DrugDiscontinuation]] = relationship(
        back_populates="patient", order_by="DrugDiscontinuation.discontinued_at"
    )


class DrugDiscontinuation(Base):
    """A drug permanently discontinued for a patient, with the reason (blocks future sessions)."""

    __tablename__ = "drug_discontinuations"
    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    drug: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("infusion_sessions.id"))
    discontinued_at: Mapped[datetime]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    patient: Mapped[Patient] = relationship(back_populates="discontinuations")
