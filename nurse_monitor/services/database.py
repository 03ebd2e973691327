"""The database as services see it: open (and migrate), then one unit of work per user action.

`Database.write()` is the unit of work: a SQLAlchemy Session in one transaction that begins
IMMEDIATE on SQLite and commits when the block ends, before the caller returns to the UI.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from nurse_monitor.clock import Clock
from nurse_monitor.services.errors import DatabaseUnavailable, SessionChanged
from nurse_monitor.services.record_cache import RecordCache
from nurse_monitor.storage import migration_runner
from nurse_monitor.storage.append_only import install_append_only_guard
from nurse_monitor.storage.engine import create_database_engine, sqlite_path, writing
from nurse_monitor.storage.migration_runner import DatabaseRefused

__all__ = ["CANNOT_OPEN", "Database", "DatabaseRefused", "DatabaseStatus", "open_database"]


CANNOT_OPEN = (DatabaseRefused, DatabaseUnavailable)
"""What open_database raises for a database that cannot be used; each says why."""


@dataclass(frozen=True)
class DatabaseStatus:
    """Where the record is and what schema it holds."""

    url: str
    backend: str
    file: Path | None
    revision: str | None
    head: str
    backup: Path | None = None


class Database:
    """An open, migrated database and its two kinds of unit of work."""

    def __init__(self, engine: Engine, clock: Clock, status: DatabaseStatus) -> None:
        install_append_only_guard()
        self.engine = engine
        self.clock = clock
        self.status = status
        self._write = sessionmaker(bind=writing(engine), expire_on_commit=False)
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self.records = RecordCache()  # sessions' parsed rows; see record_cache

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action: committed when the block ends, rolled back whole if it raises."""
        try:
            with self._write() as s, s.begin():
                yield s
        except StaleDataError as exc:
            raise SessionChanged(
                "Another station changed this session a moment ago. Your change was not saved; "
                "the screen now shows the latest record."
            ) from exc
        except OperationalError as exc:
            raise DatabaseUnavailable(
                f"The record could not be saved: {_plain_reason(exc)}. Nothing was recorded; "
                "try again when the database is back."
            ) from exc

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look at the record."""
        try:
            with self._read() as s, s.begin():
                yield s
        except OperationalError as exc:
            raise DatabaseUnavailable(
                f"The record could not be read: {_plain_reason(exc)}."
            ) from exc

    def integrity_ok(self) -> bool:
        """SQLite's integrity_check (PostgreSQL keeps its own)."""
        if self.engine.dialect.name != "sqlite":
            return True
        with self.engine.connect() as conn:
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    def close(self) -> None:
        self.engine.dispose()


def _plain_reason(exc: OperationalError) -> str:
    return str(exc.orig).splitlines()[0] if exc.orig is not None else "database error"


def open_database(url: str, clock: Clock, *, migrate: bool = True) -> Database:
    """Check, back up, migrate and open the database at `url`.

    Raises DatabaseRefused (with a message for the user) for a corrupt file, a file that is not
    a database, or a database from a newer version; such a file is left untouched.
    """
    try:
        return _open(url, clock, migrate)
    except (ArgumentError, NoSuchModuleError, ValueError) as bad_url:
        raise DatabaseRefused(
            f"The database address is not usable ({bad_url}). Give a SQLite file path or a "
            "postgresql+psycopg://user@host/dbname URL."
        ) from bad_url
    except OperationalError as unreachable:
        raise DatabaseUnavailable(
            f"The database could not be reached: {_plain_reason(unreachable)}. Check the "
            "address and that the server is running."
        ) from unreachable


def _open(url: str, clock: Clock, migrate: bool) -> Database:
    path = sqlite_path(url)
    if path is not None:
        # Before the engine can write anything: a damaged file or a newer schema stays untouched.
        migration_runner.refuse_unknown_revision(migration_runner.check_sqlite_file(path))
    engine = create_database_engine(url)
    try:
        backup = None
        if migrate:
            backup = migration_runner.upgrade(
                engine, clock.now(), file_checked=path is not None
            ).backup
        else:
            migration_runner.refuse_unknown_revision(migration_runner.current_revision(engine))
        status = DatabaseStatus(
            url=engine.url.render_as_string(hide_password=True),
            backend=engine.dialect.name,
            file=path,
            revision=migration_runner.current_revision(engine),
            head=migration_runner.head_revision(),
            backup=backup,
        )
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, clock, status)


def schema_drift(db: Database) -> list[str]:
    """Differences between models and migrations, as readable lines (empty when none)."""
    return [repr(diff) for diff in migration_runner.schema_drift(db.engine)]


def sqlite_url_for(path: Path) -> str:
    """The URL of a SQLite file, for callers that may not import storage."""
    from nurse_monitor.storage.engine import sqlite_url

    return sqlite_url(path)
