"""Regressions for the faults the reliability suite found: each once crashed or misbehaved."""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import shutil
import subprocess
import sys
from pathlib import Path
from queue import Queue

import pytest

from nurse_monitor import replay
from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import (
    Database,
    DatabaseRefused,
    DatabaseUnavailable,
    open_database,
    sqlite_url_for,
)
from nurse_monitor.services.errors import ServiceError, SessionChanged
from nurse_monitor.services.patients import register_patient
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_start import begin_session
from nurse_monitor.services.users import actor_by_username
from tests.services.chair_walk import NORMAL_VITALS, begin_initial, initial_request
from tests.services.conftest import ALICE
from tests.storage.conftest import make_staff

DAMAGED = Path(__file__).parents[1] / "fixtures" / "databases" / "damaged-non-utf8-check.db"
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:9/nowhere"
fork = multiprocessing.get_context("fork")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork start method")


@pytest.mark.parametrize("url", [UNREACHABLE, "::not a url::", "nosuchdialect://x"])
def test_a_bad_database_address_gets_a_message_not_a_traceback(url: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nurse_monitor", "--database-url", url, "db", "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "nurse-monitor:" in done.stderr


def test_an_unreachable_server_is_database_unavailable() -> None:
    with pytest.raises(DatabaseUnavailable, match="could not be reached"):
        open_database(UNREACHABLE, FakeClock())


def test_a_damaged_file_whose_check_is_not_text_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "record.db"
    shutil.copy(DAMAGED, path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(DatabaseRefused):
        open_database(sqlite_url_for(path), FakeClock())
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_replay_path_with_a_nul_byte_is_refused() -> None:
    assert replay.main("a\x00b.json", io.StringIO(), io.StringIO()) == 2


def _station_database(url: str) -> Database:
    """A forked station's own connection. Its SQLite busy wait is made 60 s instead of the site's
    5 s: what is tested is that a writer waits for the others, and on a machine at load 10 four
    writers' turns took longer than 5 s (DatabaseUnavailable, and the test waited 120 s for a
    station that had died). A busy wait removed altogether still fails at once."""
    from nurse_monitor.storage import engine

    engine.SQLITE_PRAGMAS = tuple(
        "PRAGMA busy_timeout=60000" if p.startswith("PRAGMA busy_timeout") else p
        for p in engine.SQLITE_PRAGMAS
    )
    return open_database(url, FakeClock(), migrate=False)


def _record_vitals(url: str, session_id: int, times: int, barrier: object, results: Queue) -> None:
    try:
        db = _station_database(url)
        nurse = actor_by_username(db, "nurse.a")
        refused = 0
        barrier.wait()  # type: ignore[attr-defined]
        for _ in range(times):
            try:
                chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)  # no version: append
            except SessionChanged:
                refused += 1
        results.put(refused)
    except BaseException as failed:  # told to the test at once, not after its 120 s wait
        results.put(f"the station failed: {failed!r}")


def test_appends_without_a_version_wait_for_each_other_instead_of_failing(
    database_url: str, clock: FakeClock
) -> None:
    db = open_database(database_url, clock)
    staff = make_staff(db)
    session = begin_initial(db, staff.nurse, register_patient(db, staff.nurse, ALICE))
    db.close()
    barrier, results = fork.Barrier(4), fork.Queue()
    stations = [
        fork.Process(target=_record_vitals, args=(database_url, session.id, 15, barrier, results))
        for _ in range(4)
    ]
    for station in stations:
        station.start()
    refused = [results.get(timeout=120) for _ in stations]
    for station in stations:
        station.join(timeout=60)
    assert refused == [0, 0, 0, 0]
    db = open_database(database_url, clock, migrate=False)
    try:  # every station's every append is on the record, once
        timeline = chair_view(db, staff.nurse, session.id).timeline
        assert sum(t.event.type == "vitals" for t in timeline) == 4 * 15
    finally:
        db.close()


def _begin(
    url: str, patient: PatientRecord, chair_name: str, barrier: object, results: Queue
) -> None:
    db = _station_database(url)
    nurse = actor_by_username(db, "nurse.a")
    barrier.wait()  # type: ignore[attr-defined]
    try:
        begin_session(db, nurse, initial_request(patient, chair=chair_name))
        results.put("begun")
    except ServiceError as refusal:
        results.put(type(refusal).__name__)


def test_two_stations_cannot_both_begin_a_session_for_one_patient(
    database_url: str, clock: FakeClock
) -> None:
    db = open_database(database_url, clock)
    staff = make_staff(db)
    alice = register_patient(db, staff.nurse, ALICE)
    db.close()
    for attempt in range(3):
        barrier, results = fork.Barrier(2), fork.Queue()
        stations = [
            fork.Process(
                target=_begin,
                args=(database_url, alice, f"Chair {attempt}{n}", barrier, results),
            )
            for n in (1, 2)
        ]
        for station in stations:
            station.start()
        outcomes = sorted(results.get(timeout=120) for _ in stations)
        for station in stations:
            station.join(timeout=60)
        expected_begun = 1 if attempt == 0 else 0  # later attempts: Alice already has a session
        assert outcomes.count("begun") == expected_begun, outcomes
