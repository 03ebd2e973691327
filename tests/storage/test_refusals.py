"""A corrupt file, a non-database and a newer-schema database are refused and left unchanged."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from nurse_monitor.cli import main
from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import DatabaseRefused, open_database, sqlite_url_for
from nurse_monitor.storage.migration_runner import NewerSchema, NotADatabase


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def make_database(path: Path, clock: FakeClock) -> None:
    open_database(sqlite_url_for(path), clock).close()


def test_a_file_that_is_not_a_database_is_refused_untouched(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"Shopping list: saline, gauze, tape\n" * 40)
    before, files = digest(path), siblings(path)
    with pytest.raises(NotADatabase, match="not a SQLite file"):
        open_database(sqlite_url_for(path), clock)
    assert digest(path) == before
    assert siblings(path) == files


def test_a_damaged_database_is_refused_untouched(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "damaged.db"
    make_database(path, clock)
    raw = bytearray(path.read_bytes())
    # Keep the header, scribble over the schema page and the pages after it.
    raw[100:4096] = os.urandom(3996)
    raw[4096 * 2 : 4096 * 4] = b"\xff" * (4096 * 2)
    path.write_bytes(bytes(raw))
    before, files = digest(path), siblings(path)
    with pytest.raises(NotADatabase):
        open_database(sqlite_url_for(path), clock)
    assert digest(path) == before
    assert siblings(path) == files


def test_a_newer_schema_is_refused_untouched(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "newer.db"
    make_database(path, clock)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'f00dfeed2099'")
    conn.commit()
    conn.close()
    before, files = digest(path), siblings(path)
    with pytest.raises(NewerSchema, match="newer version of Nurse Monitor") as refused:
        open_database(sqlite_url_for(path), clock)
    assert "f00dfeed2099" in str(refused.value)
    assert digest(path) == before
    assert siblings(path) == files


def test_the_command_line_says_why_and_exits_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "random.db"
    path.write_bytes(os.urandom(8192))
    before = digest(path)
    code = main(["--database-url", sqlite_url_for(path), "db", "upgrade"])
    assert code == 2
    assert "not a Nurse Monitor database" in capsys.readouterr().err
    assert digest(path) == before


def test_refusals_are_database_refused(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"\x00" * 100)
    with pytest.raises(DatabaseRefused):
        open_database(sqlite_url_for(path), clock)
