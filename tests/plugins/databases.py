"""The database fixtures, in one plugin (registered by the root conftest): no conftest imports
another.

- `database_url`: an empty database on each backend (a new SQLite file; a new PostgreSQL
  database when NURSE_MONITOR_TEST_POSTGRES_URL names a server).
- `db`: that database, migrated: a copy of a template migrated once per run (Anki's
  `pylib/tests/shared.py` habit), not a migration per test. A conftest narrows the backends by
  overriding `database_url` (the GUI and report tests use SQLite only).
- `staff`, `alice`: a nurse, a charge nurse and an administrator; a registered patient.

PostgreSQL tests run when NURSE_MONITOR_TEST_POSTGRES_URL names a server (CI always gives one);
with NURSE_MONITOR_REQUIRE_POSTGRES=1 a missing URL fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import patients
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.records import PatientRecord

POSTGRES_URL = os.environ.get("NURSE_MONITOR_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("NURSE_MONITOR_REQUIRE_POSTGRES") == "1"
# With these set (.ci/run sets both), each test database is owned and migrated by the owner
# login, and `db` runs as the runtime login (storage.postgres_roles), as a site would run it.
POSTGRES_OWNER = os.environ.get("NURSE_MONITOR_TEST_POSTGRES_OWNER", "")
POSTGRES_RUNTIME = os.environ.get("NURSE_MONITOR_TEST_POSTGRES_RUNTIME", "")
# Under pytest-xdist (`make test`) each worker is a process of its own: its template and test
# databases carry its name (gw0, gw1...), so that workers never share one and a database left
# behind says which worker made it. SQLite files live under each worker's own tmp_path.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")

if REQUIRE_POSTGRES and not POSTGRES_URL:
    raise pytest.UsageError(
        "NURSE_MONITOR_REQUIRE_POSTGRES=1 but NURSE_MONITOR_TEST_POSTGRES_URL is not set"
    )

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param(
        "postgres",
        id="postgres",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                not POSTGRES_URL, reason="set NURSE_MONITOR_TEST_POSTGRES_URL to run"
            ),
        ],
    ),
]

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

ALICE = patients.NewPatient(
    record_number="MRN-100234",
    family_name="Morgan",
    given_name="Alice",
    date_of_birth=date(1984, 5, 12),
    sex="female",
    weight_kg=68.0,
    allergies="Penicillin",
)


@dataclass(frozen=True)
class Staff:
    nurse: Actor
    charge: Actor
    admin: Actor


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


# Empty databases ---------------------------------------------------------------------------


def _postgres_admin():  # type: ignore[no-untyped-def]
    from sqlalchemy import create_engine

    return create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


def _postgres_url(name: str) -> str:
    """The database `name` as its owner (the owner login when the roles are set up)."""
    from sqlalchemy.engine import make_url

    url = make_url(POSTGRES_URL).set(database=name)
    if POSTGRES_OWNER:
        url = url.set(username=POSTGRES_OWNER)
    return url.render_as_string(hide_password=False)


def _owned(sql: str) -> str:
    return f'{sql} OWNER "{POSTGRES_OWNER}"' if POSTGRES_OWNER else sql


def runtime_url(owner_url: str) -> str | None:
    """The same PostgreSQL database as the runtime login, when the roles are set up."""
    from sqlalchemy.engine import make_url

    url = make_url(owner_url)
    if not POSTGRES_RUNTIME or url.get_backend_name() != "postgresql":
        return None
    return url.set(username=POSTGRES_RUNTIME).render_as_string(hide_password=False)


def _fresh_postgres_database(template: str | None = None) -> Iterator[str]:
    from sqlalchemy import text

    name = f"nm_test_{WORKER}_{uuid.uuid4().hex[:12]}"
    admin = _postgres_admin()
    with admin.connect() as conn:
        like = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(_owned(f'CREATE DATABASE "{name}"{like}')))
    try:
        yield _postgres_url(name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield sqlite_url_for(tmp_path / "record.db")
    else:
        yield from _fresh_postgres_database()


@pytest.fixture
def sqlite_database_url(tmp_path: Path) -> str:
    return sqlite_url_for(tmp_path / "record.db")


@pytest.fixture(params=[p for p in BACKENDS if p.id == "postgres"])
def postgres_database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A new PostgreSQL database, for behaviour only a multi-writer server shows."""
    yield from _fresh_postgres_database()


# Migrated databases, copied from a template ---------------------------------------------------


class Templates:
    """One migrated database per backend, made on first use and kept for the whole run (per
    xdist worker: the session fixture runs once in each)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self.sqlite: Path | None = None
        self.postgres: str | None = None

    def sqlite_file(self) -> Path:
        if self.sqlite is None:
            path = self._folder / "template.db"
            open_database(sqlite_url_for(path), FakeClock(START)).close()
            with closing(sqlite3.connect(path)) as con:  # everything in the one file to copy
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.sqlite = path
        return self.sqlite

    def postgres_name(self) -> str:
        if self.postgres is None:
            from sqlalchemy import text

            name = f"nm_template_{WORKER}_{uuid.uuid4().hex[:12]}"
            admin = _postgres_admin()
            with admin.connect() as conn:
                conn.execute(text(_owned(f'CREATE DATABASE "{name}"')))
            admin.dispose()
            open_database(_postgres_url(name), FakeClock(START)).close()
            self.postgres = name
        return self.postgres

    def drop(self) -> None:
        if self.postgres is not None:
            from sqlalchemy import text

            admin = _postgres_admin()
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.postgres}" WITH (FORCE)'))
            admin.dispose()


@pytest.fixture(scope="session")
def database_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    templates = Templates(tmp_path_factory.mktemp("template"))
    yield templates
    templates.drop()


def _migrated(database_url: str, templates: Templates) -> str:
    """`database_url` (empty) filled from the template: the same schema, no migration run."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        assert url.database, "a SQLite test database is a file"
        shutil.copyfile(templates.sqlite_file(), url.database)
        return database_url
    template = templates.postgres_name()
    admin = _postgres_admin()
    with admin.connect() as conn:  # the empty database made again, as a copy of the template
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        conn.execute(text(_owned(f'CREATE DATABASE "{url.database}" TEMPLATE "{template}"')))
    admin.dispose()
    return database_url


@pytest.fixture
def db(database_url: str, clock: FakeClock, database_templates: Templates) -> Iterator[Database]:
    """The test's database, migrated (copied from the run's template). On PostgreSQL with the
    roles set up (.ci/run), the owner migrates and the program runs as the runtime role."""
    owner_url = _migrated(database_url, database_templates)
    runtime = runtime_url(owner_url)
    if runtime is not None:
        open_database(owner_url, clock).close()  # as the owner: the runtime role's grants
    database = open_database(runtime or owner_url, clock)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def owner_engine(database_url: str, db: Database) -> Iterator[Engine]:
    """The database as its owner (or the test server's superuser): for tampering in tests."""
    from nurse_monitor.storage.engine import create_database_engine

    engine = create_database_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


def make_staff(db: Database) -> Staff:
    """A nurse, a charge nurse and an administrator."""
    from nurse_monitor.services.users import actor_for
    from nurse_monitor.storage.models import User

    now = db.clock.now()
    made = {}
    with db.write() as s:
        for username, name, role in (
            ("nurse.a", "Ana Nurse", "nurse"),
            ("charge.b", "Ben Charge", "charge_nurse"),
            ("admin.c", "Cy Admin", "admin"),
        ):
            user = User(
                username=username,
                full_name=name,
                credentials="RN",
                role=role,
                password_hash=None,
                active=True,
                failed_logins=0,
                created_at=now,
            )
            s.add(user)
            s.flush()
            made[role] = actor_for(user)
    return Staff(made["nurse"], made["charge_nurse"], made["admin"])


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


@pytest.fixture
def alice(db: Database, staff: Staff) -> PatientRecord:
    return patients.register_patient(db, staff.nurse, ALICE)
