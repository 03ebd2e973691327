"""A small record with at least one row in every append-only table, written through services."""

from __future__ import annotations

from datetime import date

from nurse_monitor.services import amendments, patients
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database
from tests.services.chair_walk import NORMAL_VITALS, begin_initial

from .conftest import Staff

APPEND_ONLY_TABLES = ("session_events", "vital_sign_readings", "amendments", "audit_log")


def one_row_in_each(db: Database, staff: Staff, record_number: str = "MRN-7A0001") -> int:
    """Register a patient, begin a session, chart vitals and amend them; the session's id."""
    patient = patients.register_patient(
        db,
        staff.nurse,
        patients.NewPatient(
            record_number=record_number,
            family_name="Morgan",
            given_name="Alice",
            date_of_birth=date(1984, 5, 12),
            sex="female",
            weight_kg=68.0,
        ),
    )
    chair_number = int(record_number[-4:]) + 2  # one chair each: an occupied one is refused
    session = begin_initial(db, staff.nurse, patient, f"Chair {chair_number}")
    event = chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    amendments.amend_event(db, staff.nurse, event.id, "systolic", 122, "misread the monitor")
    return session.id
