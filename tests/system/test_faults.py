"""The database fails under a charting action: read-only, disk full, server gone.

Each time the action raises DatabaseUnavailable at once (the screen never shows it done),
nothing of it is kept (no partial record), what was committed before stays, and when the
database comes back the same Database object works again, without a restart.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import patients
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.errors import DatabaseUnavailable
from nurse_monitor.storage.models import AuditEntry, SessionEvent, VitalSignReading
from tests.services.chair_walk import NORMAL_VITALS, begin_initial
from tests.services.conftest import ALICE
from tests.storage.conftest import Staff, make_staff


@dataclass
class Chair:
    db: Database
    staff: Staff
    session_id: int


def open_chair(url: str) -> Chair:
    db = open_database(url, FakeClock())
    staff = make_staff(db)
    alice = patients.register_patient(db, staff.nurse, ALICE)
    session = begin_initial(db, staff.nurse, alice)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    return Chair(db, staff, session.id)


def counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return (
            s.scalar(select(func.count()).select_from(SessionEvent)) or 0,
            s.scalar(select(func.count()).select_from(VitalSignReading)) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def vitals_ids(c: Chair) -> list[int]:
    return [r.id for r in chair_view(c.db, c.staff.nurse, c.session_id).readings]


class SqliteFault:
    """A PRAGMA put on every new connection while the fault is on (pool emptied on toggle)."""

    def __init__(self, db: Database, pragma: Any) -> None:
        self.db, self.pragma, self.on = db, pragma, False
        event.listen(db.engine, "connect", self._apply)

    def _apply(self, dbapi_connection: sqlite3.Connection, _record: object) -> None:
        if self.on:
            cursor = dbapi_connection.cursor()
            cursor.execute(self.pragma(dbapi_connection) if callable(self.pragma) else self.pragma)
            cursor.close()

    def set(self, on: bool) -> None:
        self.on = on
        self.db.engine.dispose()


def refused_whole(c: Chair) -> None:
    """One vitals action under the fault: raised at once, nothing of it kept."""
    before, kept = counts(c.db), vitals_ids(c)
    with pytest.raises(DatabaseUnavailable, match="Nothing was recorded"):
        chair.record_vitals(c.db, c.staff.nurse, c.session_id, NORMAL_VITALS)
    assert counts(c.db) == before
    assert vitals_ids(c) == kept


def recovers(c: Chair) -> None:
    before = counts(c.db)
    done = chair.record_vitals(c.db, c.staff.nurse, c.session_id, NORMAL_VITALS)
    assert counts(c.db)[:2] == (before[0] + 1, before[1] + 1)
    assert done.id in [t.event.id for t in chair_view(c.db, c.staff.nurse, c.session_id).timeline]
    assert c.db.integrity_ok()


def test_a_read_only_sqlite_database_refuses_then_recovers(tmp_path: Path) -> None:
    c = open_chair(sqlite_url_for(tmp_path / "record.db"))
    try:
        fault = SqliteFault(c.db, "PRAGMA query_only=ON")
        fault.set(True)
        refused_whole(c)
        fault.set(False)
        recovers(c)
    finally:
        c.db.close()


def test_a_full_disk_refuses_then_recovers(tmp_path: Path) -> None:
    c = open_chair(sqlite_url_for(tmp_path / "record.db"))
    try:
        # The file may not grow by a single page: SQLITE_FULL, as on a full disk.
        fault = SqliteFault(
            c.db,
            lambda conn: (
                "PRAGMA max_page_count=" + str(conn.execute("PRAGMA page_count").fetchone()[0])
            ),
        )
        fault.set(True)
        kept = []
        for _ in range(500):  # fill the free space left in the last pages
            before, listed = counts(c.db), vitals_ids(c)
            try:
                kept.append(chair.record_vitals(c.db, c.staff.nurse, c.session_id, NORMAL_VITALS))
            except DatabaseUnavailable as full:
                assert "full" in str(full)
                assert counts(c.db) == before
                assert vitals_ids(c) == listed
                break
        else:
            pytest.fail("the database never filled up")
        timeline = {t.event.id for t in chair_view(c.db, c.staff.nurse, c.session_id).timeline}
        assert {e.id for e in kept} <= timeline
        fault.set(False)
        recovers(c)
    finally:
        c.db.close()


# --- PostgreSQL: a throwaway server really stopped and started under an open Database ----------


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


@dataclass
class Server:
    folder: Path
    port: int
    bin: Path

    def run(self, *args: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*as_postgres, *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def start(self) -> None:
        options = (
            f"-c listen_addresses=127.0.0.1 -c port={self.port} "
            f"-c unix_socket_directories='{self.folder}' -c fsync=off"
        )
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-l",
            str(self.folder / "server.log"), "-w", "-o", options, "start",
        )  # fmt: skip

    def stop(self) -> None:
        self.run(
            str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop"
        )

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


CAN_RUN_POSTGRES = (
    sys.platform != "win32"
    and postgres_bin() is not None
    and (os.geteuid() != 0 or shutil.which("runuser") is not None)
)


@pytest.fixture
def throwaway_postgres() -> Iterator[Server]:
    bin_dir = postgres_bin()
    assert bin_dir is not None
    # Not under pytest's tmp folder: the postgres user must be able to reach it.
    folder = Path(tempfile.mkdtemp(prefix="nurse-monitor-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = Server(folder, port, bin_dir)
    server.run(str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", "postgres",
               "--auth=trust", "-E", "UTF8")  # fmt: skip
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.postgres
@pytest.mark.skipif(
    not CAN_RUN_POSTGRES, reason="PostgreSQL server binaries (and runuser as root) are needed"
)
def test_postgres_stopped_mid_session_refuses_then_recovers(throwaway_postgres: Server) -> None:
    c = open_chair(throwaway_postgres.url)
    try:
        before, kept = counts(c.db), vitals_ids(c)
        throwaway_postgres.stop()
        with pytest.raises(DatabaseUnavailable, match="Nothing was recorded"):
            chair.record_vitals(c.db, c.staff.nurse, c.session_id, NORMAL_VITALS)
        with pytest.raises(DatabaseUnavailable, match="could not be read"):
            chair_view(c.db, c.staff.nurse, c.session_id)
        throwaway_postgres.start()
        assert counts(c.db) == before
        assert vitals_ids(c) == kept
        recovers(c)
    finally:
        c.db.close()
