"""Patients: register, find (record number, name or wristband scan), and read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nurse_monitor.clock import local_date
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.conversions import patient_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.storage.models import Patient
from nurse_monitor.storage.repositories import patients

RECORD_NUMBER = re.compile(r"^[A-Za-z0-9-]{3,32}$")
SEXES = ("female", "male", "other", "unknown")
# Weight limits: clinical-reference.md section 6 (our configurable default).
WEIGHT_KG = (20.0, 300.0)
OLDEST_YEARS = 130


@dataclass(frozen=True)
class NewPatient:
    """What the registration form sends."""

    record_number: str
    family_name: str
    given_name: str
    date_of_birth: date
    sex: str
    weight_kg: float | None = None
    allergies: str = ""


def validate_new_patient(p: NewPatient, today: date) -> None:
    """Refuse the first field that is out of bounds, naming it and what is allowed."""
    if not RECORD_NUMBER.match(p.record_number.strip()):
        raise InvalidInput("Record number", "3 to 32 letters, digits or hyphens")
    for label, value in (("Family name", p.family_name), ("Given name", p.given_name)):
        if not value.strip() or len(value) > 100:
            raise InvalidInput(label, "1 to 100 characters")
    if p.date_of_birth > today:
        raise InvalidInput("Date of birth", "cannot be in the future")
    if today.year - p.date_of_birth.year > OLDEST_YEARS:
        raise InvalidInput("Date of birth", f"no more than {OLDEST_YEARS} years ago")
    if p.sex not in SEXES:
        raise InvalidInput("Sex", f"one of {', '.join(SEXES)}")
    if p.weight_kg is not None and not WEIGHT_KG[0] <= p.weight_kg <= WEIGHT_KG[1]:
        raise InvalidInput("Weight", f"{WEIGHT_KG[0]:g} to {WEIGHT_KG[1]:g} kg")


def register_patient(db: Database, actor: Actor, new: NewPatient) -> PatientRecord:
    """Add a patient; the record number must be new."""
    require_role(actor, CHARTING, "register patients", db)
    now = db.clock.now()
    validate_new_patient(new, local_date(now))
    with db.write() as s:
        number = new.record_number.strip().upper()
        if patients.patient_by_record_number(s, number) is not None:
            raise InvalidInput("Record number", f"{number} already belongs to a patient")
        patient = patients.add_patient(
            s,
            Patient(
                record_number=number,
                family_name=new.family_name.strip(),
                given_name=new.given_name.strip(),
                date_of_birth=new.date_of_birth,
                sex=new.sex,
                weight_kg=new.weight_kg,
                allergies=new.allergies.strip(),
                created_at=now,
            ),
        )
        write_audit(s, actor, "create", now, "patient", patient.id)
        return patient_record(patient)


def find_patients(db: Database, actor: Actor, text: str) -> list[PatientRecord]:
    """Patients matching a record number (or wristband scan) or a name; audited (who looked
    for whom, issue 16, 7d)."""
    require_role(actor, (*CHARTING,), "look up patients", db)
    with db.write() as s:
        found = patients.search_patients(s, text)
        write_audit(
            s, actor, "search", db.clock.now(), "patient", None, query=text[:64], found=len(found)
        )
        return [patient_record(p, patients.discontinuations(s, p.id)) for p in found]


def patient_by_id(db: Database, actor: Actor, patient_id: int) -> PatientRecord:
    require_role(actor, (*CHARTING,), "read patient records", db)
    with db.read() as s:
        patient = patients.patient_by_id(s, patient_id)
        if patient is None:
            raise NotFound(f"no patient with id {patient_id}")
        return patient_record(patient, patients.discontinuations(s, patient.id))
