"""Patients and their permanent drug discontinuations."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from nurse_monitor.storage.models import DrugDiscontinuation, Patient


def add_patient(s: Session, patient: Patient) -> Patient:
    s.add(patient)
    s.flush()
    return patient


def patient_by_id(s: Session, patient_id: int) -> Patient | None:
    return s.get(Patient, patient_id)


def patient_for_change(s: Session, patient_id: int) -> Patient | None:
    """The patient, locked until the unit of work ends, so two stations cannot both bind a
    session to them at once (FOR UPDATE; SQLite's BEGIN IMMEDIATE already serialises)."""
    return s.get(Patient, patient_id, with_for_update=True, populate_existing=True)


def patient_by_record_number(s: Session, record_number: str) -> Patient | None:
    return s.scalars(select(Patient).where(Patient.record_number == record_number)).first()


def search_patients(s: Session, text: str, limit: int = 50) -> list[Patient]:
    """Patients whose record number starts with, or whose name contains, the text."""
    needle = text.strip().lower()
    if not needle:
        return []
    # % and _ are what the nurse typed, not wildcards: escaped in every pattern.
    literal = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    like = f"%{literal}%"
    full_name = func.lower(Patient.given_name + " " + Patient.family_name)
    query = (
        select(Patient)
        .where(
            or_(
                func.lower(Patient.record_number).startswith(needle, autoescape=True),
                func.lower(Patient.family_name).like(like, escape="\\"),
                func.lower(Patient.given_name).like(like, escape="\\"),
                full_name.like(like, escape="\\"),
            )
        )
        .order_by(Patient.family_name, Patient.given_name)
        .limit(limit)
    )
    return list(s.scalars(query))


def add_discontinuation(s: Session, flag: DrugDiscontinuation) -> DrugDiscontinuation:
    s.add(flag)
    s.flush()
    return flag


def discontinuations(s: Session, patient_id: int) -> list[DrugDiscontinuation]:
    query = (
        select(DrugDiscontinuation)
        .where(DrugDiscontinuation.patient_id == patient_id)
        .order_by(DrugDiscontinuation.discontinued_at)
    )
    return list(s.scalars(query))
