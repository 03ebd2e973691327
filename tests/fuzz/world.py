"""One migrated SQLite record shared by the fuzzers (Hypothesis runs many examples per test,
so a function-scoped fixture would not do), and the count of bad inputs tried."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, settings
from sqlalchemy import func, select

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import patients
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.storage.models import (
    AuditEntry,
    InfusionSession,
    Patient,
    SessionEvent,
    VitalSignReading,
)
from tests.services.chair_walk import begin_initial, prepare_to_start
from tests.storage.conftest import Staff, make_staff

EXAMPLES = int(os.environ.get("NURSE_MONITOR_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
    # The same examples on every run (CI stays reproducible); NURSE_MONITOR_FUZZ_RANDOM=1 explores.
    derandomize=os.environ.get("NURSE_MONITOR_FUZZ_RANDOM") != "1",
)

TRIED: Counter[str] = Counter()  # inputs tried per entry point
REFUSED: Counter[str] = Counter()  # of which refused (the documented error)


@dataclass
class World:
    db: Database
    clock: FakeClock
    staff: Staff
    planned: int  # a session just begun (vitals, verification)
    ready: int  # a session with every prerequisite done (start)
    running: int  # a session infusing at 30 mL/h (rate changes)
    folder: Path


_numbers = itertools.count(1)


def new_patient(w: World) -> patients.PatientRecord:
    n = next(_numbers)
    return patients.register_patient(
        w.db,
        w.staff.nurse,
        patients.NewPatient(f"MRN-FUZZ-{n:05d}", f"Fuzz{n}", "Pat", date(1975, 6, 1), "other"),
    )


@cache
def world() -> World:
    folder = Path(tempfile.mkdtemp(prefix="nurse-monitor-fuzz-"))
    clock = FakeClock()
    db = open_database(sqlite_url_for(folder / "fuzz.db"), clock)
    staff = make_staff(db)
    w = World(db, clock, staff, 0, 0, 0, folder)
    w.planned = begin_initial(db, staff.nurse, new_patient(w), "Chair 1").id
    w.ready = begin_initial(db, staff.nurse, new_patient(w), "Chair 2").id
    w.running = begin_initial(db, staff.nurse, new_patient(w), "Chair 3").id
    prepare_to_start(db, staff.nurse, clock, w.ready)
    prepare_to_start(db, staff.nurse, clock, w.running)
    chair.start_infusion(db, staff.nurse, w.running, 30)
    return w


def row_counts(db: Database) -> tuple[int, ...]:
    with db.read() as s:
        return tuple(
            s.scalar(select(func.count()).select_from(table)) or 0
            for table in (Patient, InfusionSession, SessionEvent, VitalSignReading, AuditEntry)
        )


def assert_names_the_field(refusal: InvalidInput) -> None:
    assert refusal.field.strip(), f"a refusal without its field: {refusal}"
    assert refusal.detail.strip(), f"a refusal that does not say what is allowed: {refusal}"
