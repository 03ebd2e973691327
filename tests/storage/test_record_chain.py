"""The record chain and `nurse-monitor db verify` (issue 16, defect 7b), on both databases.

Each tampering goes around every guard the way a person with the database's owner rights would
(triggers dropped or disabled, raw SQL), then `db verify` must name the table and the first row.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text

from nurse_monitor import cli
from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.record_admin import verify_record
from nurse_monitor.storage import migration_runner, record_chain
from nurse_monitor.storage.engine import create_database_engine

from .conftest import Staff
from .ledger_rows import APPEND_ONLY_TABLES, one_row_in_each

Verify = Callable[[], tuple[int, str]]


@pytest.fixture
def verify(database_url: str, capsys: pytest.CaptureFixture[str]) -> Verify:
    def run() -> tuple[int, str]:
        capsys.readouterr()
        code = cli.main(["--database-url", database_url, "db", "verify"])
        out = capsys.readouterr().out.strip()
        assert "\n" not in out
        return code, out

    return run


def lift_guards(conn: Connection, table: str) -> None:
    """What an owner can do: drop SQLite's triggers, disable PostgreSQL's."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_update")
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_delete")
    else:
        conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")


def newest_id(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT max(id) FROM {table}")).scalar_one())


def test_an_intact_record_verifies_with_one_line(
    db: Database, staff: Staff, verify: Verify
) -> None:
    one_row_in_each(db, staff)
    one_row_in_each(db, staff, record_number="MRN-7A0002")
    code, out = verify()
    assert code == 0
    assert out.startswith("Record chain intact:")
    report = verify_record(db)
    assert all(report.rows[t] > 0 for t in APPEND_ONLY_TABLES)


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_a_changed_row_is_named(
    db: Database, staff: Staff, verify: Verify, owner_engine: Engine, table: str
) -> None:
    one_row_in_each(db, staff)
    one_row_in_each(db, staff, record_number="MRN-7A0002")
    with owner_engine.begin() as conn:
        first = int(conn.execute(text(f"SELECT min(id) FROM {table}")).scalar_one())
        lift_guards(conn, table)
        column = {"audit_log": "username", "amendments": "reason"}.get(table, "recorded_by_id")
        value = "'x'" if table in ("audit_log", "amendments") else "recorded_by_id"
        if table not in ("audit_log", "amendments"):
            # Another member of staff as the one who recorded it: a forged signature.
            value = "(SELECT max(id) FROM users)"
        conn.execute(text(f"UPDATE {table} SET {column} = {value} WHERE id = {first}"))
    code, out = verify()
    assert code == 1
    assert f"{table} row {first}" in out


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_deleting_the_newest_rows_is_caught(
    db: Database, staff: Staff, verify: Verify, owner_engine: Engine, table: str
) -> None:
    one_row_in_each(db, staff)
    newest = newest_id(db, table)
    with owner_engine.begin() as conn:
        lift_guards(conn, table)
        if table == "session_events":  # the reading that points at it goes too
            lift_guards(conn, "vital_sign_readings")
            conn.execute(text(f"DELETE FROM vital_sign_readings WHERE event_id = {newest}"))
        conn.execute(text(f"DELETE FROM {table} WHERE id = {newest}"))
    code, out = verify()
    assert code == 1
    assert f"{table} row {newest}" in out


@pytest.mark.parametrize("table", APPEND_ONLY_TABLES)
def test_emptying_a_table_is_caught(
    db: Database, staff: Staff, verify: Verify, owner_engine: Engine, table: str
) -> None:
    one_row_in_each(db, staff)
    newest = newest_id(db, table)
    with owner_engine.connect() as conn:
        if conn.dialect.name == "sqlite":  # outside a transaction, or it does nothing
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
        conn.commit()
        for guarded in APPEND_ONLY_TABLES:  # TRUNCATE ... CASCADE reaches the readings too
            lift_guards(conn, guarded)
        if conn.dialect.name == "sqlite":
            conn.execute(text(f"DELETE FROM {table}"))
        else:
            conn.execute(text(f"TRUNCATE {table} CASCADE"))
        conn.commit()
    code, out = verify()
    assert code == 1
    assert f"{table} row {newest}" in out


def test_a_row_slipped_in_without_its_hash_is_caught(
    db: Database, staff: Staff, verify: Verify, owner_engine: Engine
) -> None:
    one_row_in_each(db, staff)
    with owner_engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_log (id, at, username, action, detail) "
                "VALUES (9999, CURRENT_TIMESTAMP, 'x', 'view', '{}')"
            )
        )
    code, out = verify()
    assert code == 1
    assert "audit_log row 9999" in out


def test_sqlite_heads_removed_with_the_rows_are_still_caught_by_the_head_file(
    sqlite_database_url: str, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    from .conftest import make_staff

    db = open_database(sqlite_database_url, clock)
    try:
        one_row_in_each(db, make_staff(db))
        newest = newest_id(db, "audit_log")
        with db.engine.begin() as conn:
            for table in ("audit_log", "record_chain_heads"):
                lift_guards(conn, table)
            conn.execute(text(f"DELETE FROM audit_log WHERE id = {newest}"))
            conn.execute(text("DELETE FROM record_chain_heads WHERE table_name = 'audit_log'"))
            conn.execute(
                text(
                    "INSERT INTO record_chain_heads (table_name, last_id, chain_hash) "
                    "SELECT 'audit_log', id, chain_hash FROM audit_log "
                    "WHERE id = (SELECT max(id) FROM audit_log)"
                )
            )
        report = verify_record(db)
        assert not report.intact
        assert report.broken is not None
        assert (report.broken.table, report.broken.row_id) == ("audit_log", newest)
        # And without the head file at all.
        assert db.status.file is not None
        record_chain.head_file_for(db.status.file).unlink()
        assert "head file" in verify_record(db).summary()
    finally:
        db.close()


def test_a_migrated_record_gets_its_chain(database_url: str, clock: FakeClock) -> None:
    engine = create_database_engine(database_url)
    try:
        migration_runner.upgrade(engine, clock.now(), "3c8e1f7a2b64")
        t = "'2026-03-02 09:00:00'"
        with engine.begin() as conn:
            for statement in (
                "INSERT INTO users (id, username, full_name, credentials, role, active, "
                f"failed_logins, created_at) VALUES (1, 'n', 'N', 'RN', 'nurse', true, 0, {t})",
                "INSERT INTO patients (id, record_number, family_name, given_name, date_of_birth,"
                f" sex, allergies, created_at) VALUES (1, 'MRN-1', 'K', 'A', '1980-01-01', "
                f"'female', '', {t})",
                "INSERT INTO infusion_sessions (id, patient_id, protocol_id, infusion_number, "
                "chair, dose_mg, status, nurse_id, created_at, needs_review, version) VALUES "
                f"(1, 1, 'ocrevus-iv-initial', 1, 'Chair 1', 300, 'planned', 1, {t}, false, 1)",
                "INSERT INTO session_events (id, session_id, type, occurred_at, recorded_at, "
                f"recorded_by_id, payload) VALUES (1, 1, 'vitals', {t}, {t}, 1, "
                '\'{"systolic": 120, "temperature_c": 36.0}\')',
                "INSERT INTO vital_sign_readings (id, session_id, event_id, taken_at, systolic, "
                "on_oxygen, consciousness, note, recorded_by_id, recorded_at) VALUES "
                f"(1, 1, 1, {t}, 120, false, 'alert', '', 1, {t})",
                "INSERT INTO amendments (id, session_id, target_type, target_id, field, "
                "original_value, new_value, reason, amended_by_id, amended_at) VALUES "
                f"(1, 1, 'event', 1, 'systolic', '120', '122', 'misread', 1, {t})",
                "INSERT INTO audit_log (id, at, username, action, detail) VALUES "
                f"(1, {t}, 'n', 'view', '{{}}'), (2, {t}, 'n', 'view', '{{\"a\": 1.5}}')",
            ):
                conn.execute(text(statement))
    finally:
        engine.dispose()
    db = open_database(database_url, clock)
    try:
        report = verify_record(db)
        assert report.intact, report.summary()
        assert report.rows == {
            "session_events": 1,
            "vital_sign_readings": 1,
            "amendments": 1,
            "audit_log": 2,
        }
    finally:
        db.close()


def test_the_head_file_lives_beside_the_record(
    sqlite_database_url: str, clock: FakeClock, tmp_path: Path
) -> None:
    from .conftest import make_staff

    db = open_database(sqlite_database_url, clock)
    try:
        one_row_in_each(db, make_staff(db))
        head_file = tmp_path / "record.db-chain"
        heads = record_chain.read_head_file(head_file)
        assert heads is not None
        assert heads["audit_log"][0] == newest_id(db, "audit_log")
        assert head_file.stat().st_mode & 0o077 == 0
    finally:
        db.close()
