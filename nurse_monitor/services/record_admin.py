"""Looking after the record once it is open: the schema's drift from the models, the runtime
role's grants, the record chain walked (`nurse-monitor db verify`), and what a URL names.

Split from services/database.py, which opens the record and runs its units of work.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import ArgumentError, OperationalError

from nurse_monitor.services.database import Database, plain_reason
from nurse_monitor.services.errors import DatabaseUnavailable
from nurse_monitor.storage.chain_verify import ChainReport
from nurse_monitor.storage.engine import sqlite_path


def schema_drift(db: Database) -> list[str]:
    """Differences between models and migrations, as readable lines (empty when none)."""
    from nurse_monitor.storage import migration_runner

    return [repr(diff) for diff in migration_runner.schema_drift(db.engine)]


def record_file(url: str) -> Path | None:
    """The SQLite file a URL names (None for PostgreSQL or an in-memory database)."""
    return sqlite_path(url)


def is_in_memory(url: str) -> bool:
    """`sqlite://` and `:memory:`: a record that vanishes when the program closes."""
    from nurse_monitor.storage.engine import is_sqlite

    try:
        return is_sqlite(url) and sqlite_path(url) is None
    except (ArgumentError, ValueError):
        return False


def grant_runtime_role(db: Database) -> bool:
    """PostgreSQL: (re)grant the runtime role its privileges; False when there is none."""
    from nurse_monitor.storage import postgres_roles

    if db.engine.dialect.name != "postgresql":
        return False
    with db.engine.begin() as conn:
        return postgres_roles.grant_runtime_privileges(conn)


def verify_record(db: Database) -> ChainReport:
    """Walk the record chain and hold it to its heads (`nurse-monitor db verify`)."""
    from nurse_monitor.storage import chain_verify, record_chain

    head_file = record_chain.head_file_for(db.status.file) if db.status.file else None
    try:
        with db.engine.connect() as conn, conn.begin():
            return chain_verify.verify_chain(conn, head_file)
    except OperationalError as exc:
        raise DatabaseUnavailable(f"The record could not be read: {plain_reason(exc)}.") from exc
