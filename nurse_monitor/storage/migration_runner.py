"""Runs the Alembic migrations from code, before any window opens.

The rules, each from a real failure on this stack (engineering notes):
- a file that is not a SQLite database, or is corrupt, is refused and left byte-for-byte as it was;
- a database written by a newer program (a revision we do not know) is refused, never touched;
- an existing SQLite database is backed up with VACUUM INTO before it is upgraded;
- the whole upgrade is one transaction: foreign keys are switched off before it begins (batch
  migrations rebuild tables), checked with `foreign_key_check` before commit, switched on after.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from nurse_monitor.paths import migrations_dir
from nurse_monitor.storage import postgres_roles, record_chain
from nurse_monitor.storage.engine import restrict_to_owner, sqlite_path
from nurse_monitor.storage.models import Base
from nurse_monitor.storage.sqlite_file import (
    BackupFailed,
    DatabaseRefused,
    NewerSchema,
    NotADatabase,
    check_sqlite_file,
    refuse_unknown_revision,
)

__all__ = [
    "DatabaseRefused",
    "NewerSchema",
    "NotADatabase",
    "UpgradeResult",
    "check_sqlite_file",
    "current_revision",
    "downgrade",
    "head_revision",
    "refuse_unknown_revision",
    "schema_drift",
    "upgrade",
]


@dataclass(frozen=True)
class UpgradeResult:
    """What an upgrade did: from which revision to which, and where the backup went."""

    from_revision: str | None
    to_revision: str
    backup: Path | None


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    if head is None:
        raise RuntimeError("the migrations folder holds no revision")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def backup_sqlite(engine: Engine, path: Path, now: datetime) -> Path:
    """Copy a live SQLite database with VACUUM INTO, owner-only, beside the original."""
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix or '.db'}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.backup-{stamp}-{counter}{path.suffix or '.db'}")
        counter += 1
    # Owner-only from the first byte: VACUUM INTO fills an empty file created 0600 here.
    fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    restrict_to_owner(target)
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("VACUUM INTO ?", (str(target),))
    except (sqlite3.Error, OperationalError, OSError) as failed:
        with contextlib.suppress(OSError):
            target.unlink()  # never a 0-byte or partial backup left to be mistaken for one
        raise BackupFailed(
            f"The backup before the upgrade could not be written beside {path} ({failed}). "
            "Nothing was changed and no backup was left; free some disk space and start again."
        ) from failed
    return target


@contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction; on SQLite, foreign keys off for its length."""
    with engine.connect() as conn:
        sqlite = engine.dialect.name == "sqlite"
        raw: Any = conn.connection.dbapi_connection
        if sqlite:
            raw.execute("PRAGMA foreign_keys=OFF")  # only works outside a transaction
        try:
            with conn.begin():
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseRefused(
                            f"the migration left {len(broken)} broken references; rolled back"
                        )
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys=ON")


# pg_advisory_lock key ("nmmg"): one station migrates, the others wait and then find it done.
MIGRATION_LOCK_KEY = 0x6E6D6D67


def upgrade(
    engine: Engine, now: datetime, target: str = "head", *, file_checked: bool = False
) -> UpgradeResult:
    """Bring the database to `target`, backing up an existing SQLite file first.

    On PostgreSQL the whole upgrade runs under an advisory lock (issue 16, defect 13): fourteen
    stations starting at once on a new record each look again once they hold it, so one
    migrates and the others find the schema current instead of colliding on the same tables.
    """
    if engine.dialect.name != "postgresql":
        return _upgrade(engine, now, target, file_checked)
    with engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        lock.commit()
        try:
            return _upgrade(engine, now, target, file_checked)
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
            lock.commit()


def _upgrade(engine: Engine, now: datetime, target: str, file_checked: bool) -> UpgradeResult:
    path = sqlite_path(engine.url)
    if path is not None and not file_checked:  # the full check reads the whole file: once
        check_sqlite_file(path)
    before = current_revision(engine)
    refuse_unknown_revision(before)
    wanted = head_revision() if target == "head" else target
    if before == wanted:
        _grant_runtime(engine)
        return UpgradeResult(before, wanted, None)
    backup = None
    if path is not None and before is not None:
        backup = backup_sqlite(engine, path, now)
    with _migration_connection(engine) as conn:
        config = alembic_config(conn)
        config.attributes["now"] = now  # the station's clock, for data a migration dates
        command.upgrade(config, target)
        postgres_roles.grant_runtime_privileges(conn)
    if path is not None and wanted == head_revision():
        _write_chain_head_file(engine, path)
    return UpgradeResult(before, wanted, backup)


def _grant_runtime(engine: Engine) -> None:
    """PostgreSQL: the runtime role's grants, also when there was nothing to migrate."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            postgres_roles.grant_runtime_privileges(conn)


def _write_chain_head_file(engine: Engine, path: Path) -> None:
    """The chain heads the migration built, in the head file beside the record (SQLite)."""
    with engine.connect() as conn:
        heads = record_chain.anchored_heads(conn)
    record_chain.write_head_file(record_chain.head_file_for(path), heads)


def downgrade(engine: Engine, target: str) -> None:
    """Step the schema down (used by the stairway test and by developers)."""
    with _migration_connection(engine) as conn:
        command.downgrade(alembic_config(conn), target)


def schema_drift(engine: Engine) -> list[Any]:
    """Differences between the models and the migrated database; empty when they agree."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))
