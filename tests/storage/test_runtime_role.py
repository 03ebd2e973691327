"""PostgreSQL's runtime role (issue 16, defect 7c): it records, and cannot do anything else.

The owner migrates; the program runs as a member of `nurse_monitor_runtime`. Every statement
below succeeded for the program's role before: now each is refused by PostgreSQL itself.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import open_database
from nurse_monitor.services.record_admin import verify_record
from tests.plugins.databases import POSTGRES_URL

from .conftest import make_staff
from .ledger_rows import one_row_in_each

RUNTIME_LOGIN = "nurse_monitor_app"
ROLES = (
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nurse_monitor_runtime') "
    "THEN CREATE ROLE nurse_monitor_runtime NOLOGIN; END IF; "
    "IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'nurse_monitor_app') "
    "THEN CREATE ROLE nurse_monitor_app LOGIN IN ROLE nurse_monitor_runtime; END IF; END $$"
)
REFUSED = (
    "UPDATE audit_log SET username = 'someone else'",
    "DELETE FROM session_events",
    "DELETE FROM record_chain_heads",
    "UPDATE alembic_version SET version_num = 'x'",
    "TRUNCATE vital_sign_readings CASCADE",
    "ALTER TABLE audit_log DISABLE TRIGGER USER",
    "DROP TRIGGER audit_log_no_change ON audit_log",
    "ALTER TABLE amendments ADD COLUMN note text",
    "CREATE TABLE side_door (id integer)",
)


@pytest.fixture
def runtime_url(postgres_database_url: str, clock: FakeClock) -> Iterator[str]:
    """The roles as .ci/postgres makes them (created here when missing), the schema migrated
    by the owner, and the URL of the runtime login."""
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(ROLES))
    finally:
        admin.dispose()
    open_database(postgres_database_url, clock).close()
    yield make_url(postgres_database_url).set(username=RUNTIME_LOGIN).render_as_string(False)


def test_the_runtime_role_records_through_the_services(runtime_url: str, clock: FakeClock) -> None:
    db = open_database(runtime_url, clock)
    try:
        one_row_in_each(db, make_staff(db))
        assert verify_record(db).intact
    finally:
        db.close()


@pytest.mark.parametrize("statement", REFUSED)
def test_the_runtime_role_cannot_alter_truncate_or_rewrite(
    runtime_url: str, clock: FakeClock, statement: str
) -> None:
    db = open_database(runtime_url, clock)
    try:
        one_row_in_each(db, make_staff(db))
        with (
            pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
            db.engine.begin() as conn,
        ):
            conn.execute(text(statement))
        assert verify_record(db).intact
    finally:
        db.close()
