"""No traceback or log line prints patient data (issue 16, defect 11), on both databases.

SQLAlchemy puts bound parameters in an exception's text ("[parameters: ('Morgan', ...)]") and,
with a DEBUG root logger, prints result rows. A session is driven through the services with
logging at DEBUG, then a write fails in the database; neither the captured log nor the
formatted traceback of what the nurse is told may hold the patient's name, record number or
birth date.
"""

from __future__ import annotations

import logging
import traceback
from datetime import date
from typing import Any

import pytest

from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import patients
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.history import HistoryFilter, history_first_page
from tests.services.chair_walk import NORMAL_VITALS, begin_initial

from .conftest import Staff

PATIENT = patients.NewPatient(
    record_number="MRN-SECRET-4711",
    family_name="Quillfeather",
    given_name="Rosalind",
    date_of_birth=date(1961, 7, 23),
    sex="female",
    weight_kg=71.0,
)
SECRETS = ("Quillfeather", "Rosalind", "MRN-SECRET-4711", "1961-07-23", "1961, 7, 23")


def _fail_next_insert(db: Database, monkeypatch: pytest.MonkeyPatch, table: str) -> None:
    """The database refuses the next INSERT into `table` (as a full disk or a lost server)."""
    dialect = db.engine.dialect
    original = dialect.do_execute
    error = dialect.loaded_dbapi.OperationalError

    def refuse(cursor: Any, statement: str, parameters: Any, context: Any = None) -> None:
        if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()}"):
            raise error("disk I/O error")
        original(cursor, statement, parameters, context)

    monkeypatch.setattr(dialect, "do_execute", refuse)


def test_a_failed_write_and_a_debug_log_hold_no_patient_data(
    db: Database, staff: Staff, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    patient = patients.register_patient(db, staff.nurse, PATIENT)
    session = begin_initial(db, staff.nurse, patient, "Chair 9")
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    chair_view(db, staff.nurse, session.id)
    history_first_page(db, staff.charge, HistoryFilter())
    patients.find_patients(db, staff.nurse, "Quill")

    _fail_next_insert(db, monkeypatch, "patients")
    with pytest.raises(ServiceError) as refused:
        patients.register_patient(
            db,
            staff.nurse,
            patients.NewPatient(
                record_number="MRN-SECRET-4712",
                family_name="Quillfeather",
                given_name="Rosalind",
                date_of_birth=date(1961, 7, 23),
                sex="female",
                weight_kg=71.0,
            ),
        )

    told = "".join(traceback.format_exception(refused.value))
    assert "disk I/O error" in told  # the cause is there, without the values
    logged = caplog.text + "".join(
        "".join(traceback.format_exception(*r.exc_info)) for r in caplog.records if r.exc_info
    )
    for secret in (*SECRETS, "MRN-SECRET-4712"):
        assert secret not in told, f"{secret!r} in the traceback"
        assert secret not in logged, f"{secret!r} in the log"
