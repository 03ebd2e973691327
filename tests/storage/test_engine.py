"""The engine factory: PRAGMAs on every pooled connection, owner-only files, explicit BEGIN."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.storage.engine import create_database_engine, writing


def test_pragmas_hold_on_every_pooled_connection(tmp_path: Path) -> None:
    engine = create_database_engine(sqlite_url_for(tmp_path / "p.db"), pool_size=4)
    try:
        connections = [engine.connect() for _ in range(4)]
        try:
            for conn in connections:
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        finally:
            for conn in connections:
                conn.close()
        # And again on connections handed back out of the pool.
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        engine.dispose()


def test_write_units_begin_immediate_and_ddl_is_transactional(tmp_path: Path) -> None:
    engine = create_database_engine(sqlite_url_for(tmp_path / "t.db"))
    statements: list[str] = []
    from sqlalchemy import event

    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]), named=False)
    try:
        with writing(engine).begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
        assert "BEGIN IMMEDIATE" in statements
        with pytest.raises(RuntimeError), engine.begin() as conn:
            conn.execute(text("CREATE TABLE u (x INTEGER)"))
            raise RuntimeError("roll back the DDL")
        with engine.connect() as conn:
            names = conn.execute(text("SELECT name FROM sqlite_master")).scalars().all()
        assert "t" in names and "u" not in names
    finally:
        engine.dispose()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_database_file_is_owner_only(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "folder" / "record.db"
    db = open_database(sqlite_url_for(path), clock)
    try:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) & 0o077 == 0
    finally:
        db.close()


def test_integrity_check_reports_ok(tmp_path: Path, clock: FakeClock) -> None:
    db = open_database(sqlite_url_for(tmp_path / "i.db"), clock)
    try:
        assert db.integrity_ok()
    finally:
        db.close()


def test_the_partial_index_is_partial_on_postgresql_too() -> None:
    """The model names PostgreSQL's index predicate only once a PostgreSQL engine is made (the
    dialect costs every SQLite start 20 ms); from then on its DDL is the migration's."""
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex

    from nurse_monitor.storage.models import InfusionSession

    index = next(
        i for i in InfusionSession.__table__.indexes if i.name.endswith("reaction_created")
    )
    assert "WHERE worst_grade IS NOT NULL" in str(
        CreateIndex(index).compile(dialect=sqlite.dialect())
    )
    create_database_engine("postgresql+psycopg://nobody@127.0.0.1:1/none").dispose()
    ddl = str(CreateIndex(index).compile(dialect=postgresql.dialect()))
    assert ddl.rstrip().endswith("WHERE worst_grade IS NOT NULL"), ddl
