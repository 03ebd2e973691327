"""Every append-only table refuses change and deletion in the database itself (issue 16, 7a).

The ORM guard is one half; these statements go around it, as a hand-run query would.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.storage.models import AuditEntry, VitalSignReading

from .conftest import Staff, make_staff
from .ledger_rows import APPEND_ONLY_TABLES, one_row_in_each


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
@pytest.mark.parametrize("verb", ["UPDATE {table} SET id = id", "DELETE FROM {table}"])
def test_the_database_refuses_to_rewrite_or_delete(
    db: Database, staff: Staff, owner_engine: Engine, table: str, verb: str
) -> None:
    one_row_in_each(db, staff)
    with db.engine.connect() as conn:
        before = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
    assert before
    with pytest.raises(DatabaseError, match="append-only"), owner_engine.begin() as conn:
        conn.execute(text(verb.format(table=table)))
    with db.engine.connect() as conn:
        assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() == before


@pytest.mark.parametrize("model", [VitalSignReading, AuditEntry])
def test_the_orm_refuses_to_change_readings_and_audit_entries(
    db: Database, staff: Staff, model: type
) -> None:
    from nurse_monitor.storage.append_only import AppendOnlyViolation

    one_row_in_each(db, staff)
    with pytest.raises(AppendOnlyViolation), db.write() as s:
        row = s.query(model).first()
        s.delete(row)


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_postgresql_refuses_truncate(
    postgres_database_url: str, clock: FakeClock, table: str
) -> None:
    db = open_database(postgres_database_url, clock)
    try:
        one_row_in_each(db, make_staff(db))
        with pytest.raises(DatabaseError, match="append-only"), db.engine.begin() as conn:
            conn.execute(text(f"TRUNCATE {table} CASCADE"))
    finally:
        db.close()
