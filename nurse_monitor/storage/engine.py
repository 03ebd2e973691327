"""The engine factory: SQLite by default, PostgreSQL for a shared record; the same code for both.

SQLite connections get their PRAGMAs on every pooled connection, and the transactional-DDL recipe
for Python 3.11's sqlite3 (engineering notes): the driver's own BEGIN handling is switched off and
we emit BEGIN ourselves, so a migration that fails halfway rolls back whole. Write units of work
ask for `BEGIN IMMEDIATE`, which takes the write lock up front and avoids SQLITE_BUSY on
read-then-write.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.pool import ConnectionPoolEntry

BUSY_TIMEOUT_MS = 5000
SQLITE_PRAGMAS = (
    "PRAGMA foreign_keys=ON",
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)
BEGIN_MODE_OPTION = "nurse_monitor_begin"
# A read of one statement needs no BEGIN on SQLite: the statement reads one snapshot by itself
# (the driver is in autocommit, `_on_sqlite_connect`), and the connection's COMMIT is a no-op.
ONE_STATEMENT = "one statement"
SQL_LOGGER = "sqlalchemy.engine"  # logs statements at INFO, and result rows at DEBUG


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of a SQLite file."""
    return URL.create("sqlite+pysqlite", database=str(path)).render_as_string()


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str | URL) -> Path | None:
    """The file behind a SQLite URL, or None for an in-memory database or another backend."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file::memory:"):
        return None
    return Path(parsed.database)


def create_owner_only_file(path: Path) -> bool:
    """Create the database file (and its folder) readable and writable by its owner only.

    Only a file this call creates gets its permissions set: an existing file, and anything that
    is not a regular file (`/dev/null`, a pipe), is left exactly as it is. True when created.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    restrict_to_owner(path)  # the umask may have taken bits the mode asked for: owner-only
    return True


def restrict_to_owner(path: Path) -> None:
    """Owner-only permissions (POSIX); on Windows the profile folder's ACL does this job."""
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    # Python 3.11 sqlite3 does not put DDL in a transaction; take BEGIN out of its hands.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(BEGIN_MODE_OPTION, "DEFERRED")
    if mode != ONE_STATEMENT:
        conn.exec_driver_sql(f"BEGIN {mode}")


def create_database_engine(url: str, *, create_file: bool = True, **kwargs: Any) -> Engine:
    """An Engine for `url`: PRAGMAs and explicit BEGIN on SQLite, pre-ping on PostgreSQL.

    Bound parameters (patients' names, record numbers, birth dates) are kept out of every
    exception's text and every SQL log line (`hide_parameters`): no traceback or log prints
    patient data (issue 16, defect 11). SQLAlchemy's own logger stays at WARNING unless someone
    sets it on purpose: at DEBUG it prints result rows.
    """
    kwargs.setdefault("hide_parameters", True)
    sql_log = logging.getLogger(SQL_LOGGER)
    if sql_log.level == logging.NOTSET:  # a DEBUG root logger would print result rows
        sql_log.setLevel(logging.WARNING)
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None and create_file:
            create_owner_only_file(path)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    from nurse_monitor.storage.models.sessions import add_postgresql_options

    add_postgresql_options()
    return create_engine(url, pool_pre_ping=True, **kwargs)


def writing(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions begin IMMEDIATE on SQLite."""
    if engine.dialect.name != "sqlite":
        return engine
    return engine.execution_options(**{BEGIN_MODE_OPTION: "IMMEDIATE"})
