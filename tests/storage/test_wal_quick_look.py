"""Issue 16 defect 3: a record whose last commits are still in its WAL (a kill before the
checkpoint, a close on a full disk) is intact, and the start's quick look must see it so."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import patients
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.storage.sqlite_file import (
    DatabaseRefused,
    NotADatabase,
    check_sqlite_file,
    schema_revisions,
)
from tests.services.conftest import ALICE
from tests.storage.conftest import Staff, make_staff


def a_record_still_in_its_wal(folder: Path) -> tuple[Path, Staff]:
    """Migrate and chart with checkpoints held off, then copy the file and its WAL as a kill
    would leave them (no shared-memory file): the main file alone is out of date."""
    live = folder / "live.db"
    holder = sqlite3.connect(live)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("PRAGMA wal_autocheckpoint=0")
    holder.execute("CREATE TABLE holder_keeps_the_wal_open (x)")
    holder.commit()
    db = open_database(sqlite_url_for(live), FakeClock())
    staff = make_staff(db)
    patients.register_patient(db, staff.nurse, ALICE)
    db.close()
    assert Path(f"{live}-wal").stat().st_size > 0
    copy = folder / "after-the-kill" / "nurse-monitor.db"
    copy.parent.mkdir()
    shutil.copyfile(live, copy)
    shutil.copyfile(f"{live}-wal", f"{copy}-wal")
    holder.close()
    return copy, staff


def test_a_record_with_commits_in_its_wal_is_accepted_and_nothing_is_lost(tmp_path: Path) -> None:
    copy, staff = a_record_still_in_its_wal(tmp_path)
    head = schema_revisions().head
    assert check_sqlite_file(copy, full=False) == head
    assert check_sqlite_file(copy, full=True) == head
    db = open_database(sqlite_url_for(copy), FakeClock(), full_check=False)
    try:
        found = patients.find_patients(db, staff.nurse, "Morgan")
        assert [p.record_number for p in found] == [ALICE.record_number]
    finally:
        db.close()


def test_restore_a_backup_is_advised_only_when_sqlite_finds_damage(tmp_path: Path) -> None:
    copy, _ = a_record_still_in_its_wal(tmp_path)
    data = bytearray(copy.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page overwritten: real damage
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    with pytest.raises(NotADatabase, match="Restore the latest backup"):
        check_sqlite_file(damaged, full=False)
    busy = tmp_path / "busy.db"
    shutil.copyfile(copy, busy)
    shutil.copyfile(f"{copy}-wal", f"{busy}-wal")  # commits waiting: the WAL must be read
    locker = sqlite3.connect(busy, isolation_level=None)
    locker.execute("PRAGMA locking_mode=EXCLUSIVE")
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseRefused) as refused:
            check_sqlite_file(busy, full=False)
        assert not isinstance(refused.value, NotADatabase)
        assert "Restore" not in str(refused.value)
    finally:
        locker.close()
