"""Issue 16 defect 10: faults that must recover or say so. A read-only episode does not stick to
the pooled connection; a record deleted or replaced under a running station refuses every write
(it would be lost); a backup on a full disk says so and leaves no file; only files the program
creates get their permissions changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import patients
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.errors import DatabaseUnavailable, RecordUnreachable
from nurse_monitor.services.record_admin import is_in_memory
from nurse_monitor.storage.engine import create_database_engine
from tests.services.conftest import ALICE
from tests.storage.conftest import make_staff


@pytest.fixture
def station(tmp_path: Path) -> Database:
    db = open_database(sqlite_url_for(tmp_path / "record.db"), FakeClock())
    yield db
    db.close()


def test_after_a_read_only_episode_the_next_write_succeeds(station: Database) -> None:
    staff = make_staff(station)
    read_only = {"on": True}

    def episode(dbapi_connection: object, _record: object) -> None:
        if read_only["on"]:  # the file came back read-only for a while (a remount, a full quota)
            dbapi_connection.execute("PRAGMA query_only=ON")  # type: ignore[attr-defined]

    station.engine.dispose()
    event.listen(station.engine, "connect", episode)
    with pytest.raises(DatabaseUnavailable, match="Nothing was recorded"):
        patients.register_patient(station, staff.nurse, ALICE)
    read_only["on"] = False  # the episode ends; no restart
    done = patients.register_patient(station, staff.nurse, ALICE)
    assert (
        patients.patient_by_id(station, staff.nurse, done.id).record_number == ALICE.record_number
    )


@pytest.mark.parametrize("fault", ["deleted", "replaced"])
def test_a_record_deleted_or_replaced_under_the_station_refuses_every_write(
    station: Database, tmp_path: Path, fault: str
) -> None:
    staff = make_staff(station)
    path = tmp_path / "record.db"
    assert station.record_problem() is None
    if fault == "deleted":
        for name in ("record.db", "record.db-wal", "record.db-shm"):
            (tmp_path / name).unlink(missing_ok=True)
    else:
        shutil.copyfile(path, tmp_path / "other.db")
        os.replace(tmp_path / "other.db", path)
    problem = station.record_problem()
    assert problem is not None and str(path) in problem
    with pytest.raises(RecordUnreachable, match="Nothing was recorded") as refused:
        patients.register_patient(station, staff.nurse, ALICE)
    assert isinstance(refused.value, DatabaseUnavailable)  # what every action already shows


def test_a_backup_on_a_full_disk_says_so_and_leaves_no_file(tmp_path: Path) -> None:
    from nurse_monitor.services.seed import seed_sessions

    path = tmp_path / "record.db"
    db = open_database(sqlite_url_for(path), FakeClock())
    make_staff(db)
    seed_sessions(db, 40, days=10, rng_seed=1)
    db.close()
    limit = path.stat().st_size // 2
    script = f"""
import resource, signal
from datetime import UTC, datetime
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails like a full disk
resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
from nurse_monitor.storage.engine import create_database_engine, sqlite_url
from nurse_monitor.storage.migration_runner import backup_sqlite
from nurse_monitor.storage.sqlite_file import BackupFailed
path = Path({str(path)!r})
engine = create_database_engine(sqlite_url(path), create_file=False)
try:
    backup_sqlite(engine, path, datetime(2026, 3, 3, tzinfo=UTC))
except BackupFailed as refused:
    print("REFUSED:", refused)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "REFUSED:" in done.stdout and "free some disk space" in done.stdout
    assert not list(tmp_path.glob("record.backup-*"))  # no 0-byte or partial backup left


def test_only_files_the_program_creates_get_their_permissions_changed(tmp_path: Path) -> None:
    theirs = tmp_path / "theirs.db"
    theirs.write_bytes(b"")
    theirs.chmod(0o644)
    create_database_engine(sqlite_url_for(theirs)).dispose()
    assert theirs.stat().st_mode & 0o777 == 0o644
    ours = tmp_path / "ours.db"
    create_database_engine(sqlite_url_for(ours)).dispose()
    assert ours.stat().st_mode & 0o777 == 0o600


def test_an_in_memory_record_is_recognised_for_the_desktop_to_refuse() -> None:
    assert is_in_memory("sqlite://") and is_in_memory("sqlite:///:memory:")
    assert not is_in_memory("sqlite:////tmp/x.db")
    assert not is_in_memory("postgresql+psycopg://u@h/db")
