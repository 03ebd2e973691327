"""Migrations: stairway up/down/up, no drift, atomic failure, rows kept, backups, refusals."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from nurse_monitor.clock import FakeClock
from nurse_monitor.paths import migrations_dir
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.storage import migration_runner, sqlite_file
from nurse_monitor.storage.engine import create_database_engine

EXPECTED_TABLES = {
    "users",
    "patients",
    "drug_discontinuations",
    "infusion_sessions",
    "session_events",
    "vital_sign_readings",
    "reactions",
    "amendments",
    "audit_log",
    "session_protocols",
    "alarm_log",
}


def revisions_base_to_head() -> list[str]:
    script = migration_runner.script_directory()
    return [r.revision for r in reversed(list(script.walk_revisions("base", "heads")))]


def test_stairway_each_revision_up_down_up(database_url: str, clock: FakeClock) -> None:
    engine = create_database_engine(database_url)
    try:
        previous = "base"
        for revision in revisions_base_to_head():
            migration_runner.upgrade(engine, clock.now(), revision)
            assert migration_runner.current_revision(engine) == revision
            migration_runner.downgrade(engine, previous)
            expected = None if previous == "base" else previous
            assert migration_runner.current_revision(engine) == expected
            migration_runner.upgrade(engine, clock.now(), revision)
            previous = revision
        assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
        migration_runner.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()


def test_models_and_migrations_do_not_drift(database_url: str, clock: FakeClock) -> None:
    db = open_database(database_url, clock)
    try:
        assert migration_runner.schema_drift(db.engine) == []
        assert db.status.revision == db.status.head
    finally:
        db.close()


@pytest.fixture
def extra_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], str]:
    """Copy the migrations and add one revision after head with the given upgrade body."""

    def add(body: str) -> str:
        target = tmp_path / "migrations"
        if not target.exists():
            shutil.copytree(migrations_dir(), target, ignore=shutil.ignore_patterns("__pycache__"))
        head = migration_runner.head_revision()
        upgrade_body = textwrap.indent(textwrap.dedent(body).strip(), "    ")
        source = "\n".join(
            [
                "from alembic import op",
                "import sqlalchemy as sa",
                'revision = "test0extra01"',
                f"down_revision = {head!r}",
                "branch_labels = None",
                "depends_on = None",
                "",
                "def upgrade():",
                upgrade_body,
                "",
                "def downgrade():",
                "    pass",
                "",
            ]
        )
        (target / "versions" / "test0extra01.py").write_text(source)
        monkeypatch.setattr(migration_runner, "migrations_dir", lambda: target)
        monkeypatch.setattr(sqlite_file, "migrations_dir", lambda: target)
        return "test0extra01"

    return add


def table_names(url: str) -> set[str]:
    engine = create_database_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_migration_that_fails_halfway_leaves_the_database_as_it_was(
    database_url: str, clock: FakeClock, extra_revision: Callable[[str], str]
) -> None:
    open_database(database_url, clock).close()
    head = migration_runner.head_revision()
    before = table_names(database_url)
    extra_revision(
        """
        op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
        op.add_column("patients", sa.Column("half_done_flag", sa.Integer))
        raise RuntimeError("failure halfway through the migration")
        """
    )
    with pytest.raises(RuntimeError, match="halfway"):
        open_database(database_url, clock)
    assert table_names(database_url) == before
    engine = create_database_engine(database_url)
    try:
        assert migration_runner.current_revision(engine) == head
        columns = {c["name"] for c in inspect(engine).get_columns("patients")}
        assert "half_done_flag" not in columns
    finally:
        engine.dispose()


def seed_rows(url: str, clock: FakeClock) -> None:
    """A patient with a session, an event and a reading: parent rows with children."""
    db = open_database(url, clock)
    try:
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO users (id, username, full_name, credentials, role, active, "
                    "failed_logins, created_at) VALUES (1, 'n', 'N', 'RN', 'nurse', true, 0, :t)"
                ),
                {"t": clock.now().replace(tzinfo=None)},
            )
            conn.execute(
                text(
                    "INSERT INTO patients (id, record_number, family_name, given_name, "
                    "date_of_birth, sex, allergies, created_at) "
                    "VALUES (7, 'MRN-7', 'Kept', 'Rows', :dob, 'female', '', :t)"
                ),
                {"dob": date(1980, 1, 1), "t": clock.now().replace(tzinfo=None)},
            )
            conn.execute(
                text(
                    "INSERT INTO infusion_sessions (id, patient_id, protocol_id, infusion_number, "
                    "chair, dose_mg, status, nurse_id, created_at, needs_review, version) "
                    "VALUES (3, 7, 'ocrevus-iv-initial', 1, 'Chair 2', 300, 'planned', 1, :t, "
                    "false, 1)"
                ),
                {"t": clock.now().replace(tzinfo=None)},
            )
    finally:
        db.close()


def test_upgrading_a_database_with_rows_keeps_them_and_their_references(
    sqlite_database_url: str, clock: FakeClock, extra_revision: Callable[[str], str]
) -> None:
    seed_rows(sqlite_database_url, clock)
    released_head = migration_runner.head_revision()
    # A batch migration rebuilds the parent table (patients) under its child rows: the case
    # that fails with foreign keys ON (engineering notes).
    extra_revision(
        """
        with op.batch_alter_table("patients", recreate="always") as batch:
            batch.add_column(sa.Column("preferred_language", sa.String(40)))
        """
    )
    clock.advance(days=1)
    db = open_database(sqlite_database_url, clock)
    try:
        assert db.status.revision == "test0extra01"
        with db.engine.connect() as conn:
            patient = conn.execute(text("SELECT family_name FROM patients WHERE id = 7")).one()
            session = conn.execute(
                text("SELECT patient_id FROM infusion_sessions WHERE id = 3")
            ).one()
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert patient.family_name == "Kept"
        assert session.patient_id == 7
        # The backup was taken before the upgrade, owner-only, and holds the rows.
        backup = db.status.backup
        assert backup is not None and backup.exists()
        assert backup.name.startswith("record.backup-20260303T")
        assert backup.stat().st_mode & 0o077 == 0
        old = create_database_engine(sqlite_url_for(backup), create_file=False)
        try:
            with old.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM patients")).scalar() == 1
                assert migration_runner.current_revision(old) == released_head
        finally:
            old.dispose()
    finally:
        db.close()


def test_upgrading_on_postgres_keeps_rows(
    database_url: str, clock: FakeClock, extra_revision: Callable[[str], str]
) -> None:
    seed_rows(database_url, clock)
    extra_revision(
        """
        op.add_column("patients", sa.Column("preferred_language", sa.String(40)))
        """
    )
    db = open_database(database_url, clock)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM infusion_sessions")).scalar() == 1
        assert db.status.revision == "test0extra01"
    finally:
        db.close()


def test_the_quick_reading_of_revisions_agrees_with_alembic(
    extra_revision: Callable[[str], str],
) -> None:
    """The start reads revisions without Alembic; it must see what Alembic sees."""
    script = migration_runner.script_directory()
    ours = sqlite_file.schema_revisions()
    assert ours.head == script.get_current_head()
    assert ours.known == {r.revision for r in script.walk_revisions()}
    added = extra_revision("pass")
    script = migration_runner.script_directory()
    assert sqlite_file.schema_revisions().head == added == script.get_current_head()
