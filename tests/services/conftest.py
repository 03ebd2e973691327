"""Service fixtures: the storage fixtures (both backends) plus a registered patient."""

from __future__ import annotations

from datetime import date

import pytest

from nurse_monitor.services import patients
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from tests.storage.conftest import Staff, db, make_staff, staff  # noqa: F401

ALICE = patients.NewPatient(
    record_number="MRN-100234",
    family_name="Morgan",
    given_name="Alice",
    date_of_birth=date(1984, 5, 12),
    sex="female",
    weight_kg=68.0,
    allergies="Penicillin",
)


@pytest.fixture
def alice(db: Database, staff: Staff) -> PatientRecord:  # noqa: F811
    return patients.register_patient(db, staff.nurse, ALICE)
