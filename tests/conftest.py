"""Shared fixtures: offscreen Qt, a fake clock, and databases on SQLite and PostgreSQL.

PostgreSQL tests run when NURSE_MONITOR_TEST_POSTGRES_URL names a server (CI always gives one);
with NURSE_MONITOR_REQUIRE_POSTGRES=1 a missing URL fails instead of skipping.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

# Before anything imports Qt: with no display, Qt would abort the whole pytest process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Nothing a test does may touch the real application-data folder.
os.environ["NURSE_MONITOR_DATA_DIR"] = tempfile.mkdtemp(prefix="nurse-monitor-tests-")

import pytest

from nurse_monitor.clock import FakeClock

POSTGRES_URL = os.environ.get("NURSE_MONITOR_TEST_POSTGRES_URL", "")
REQUIRE_POSTGRES = os.environ.get("NURSE_MONITOR_REQUIRE_POSTGRES") == "1"
# With these set (.ci/run sets both), each test database is owned and migrated by the owner
# login, and the storage tests' `db` runs as the runtime login (storage.postgres_roles).
POSTGRES_OWNER = os.environ.get("NURSE_MONITOR_TEST_POSTGRES_OWNER", "")
POSTGRES_RUNTIME = os.environ.get("NURSE_MONITOR_TEST_POSTGRES_RUNTIME", "")

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests under tests/gui/ are marked `gui`, so `pytest -m "not gui"` is the fast loop."""
    for item in items:
        parts = Path(str(item.fspath)).parts
        if "gui" in parts:
            item.add_marker(pytest.mark.gui)
        if "system" in parts:
            item.add_marker(pytest.mark.system)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


def _fresh_postgres_database() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"nm_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    owner = f' OWNER "{POSTGRES_OWNER}"' if POSTGRES_OWNER else ""
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"{owner}'))
    url = make_url(POSTGRES_URL).set(database=name)
    if POSTGRES_OWNER:
        url = url.set(username=POSTGRES_OWNER)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def runtime_url(owner_url: str) -> str | None:
    """The same PostgreSQL database as the runtime login, when the roles are set up."""
    from sqlalchemy.engine import make_url

    url = make_url(owner_url)
    if not POSTGRES_RUNTIME or url.get_backend_name() != "postgresql":
        return None
    return url.set(username=POSTGRES_RUNTIME).render_as_string(hide_password=False)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database on each backend: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        from nurse_monitor.services.database import sqlite_url_for

        yield sqlite_url_for(tmp_path / "record.db")
    else:
        yield from _fresh_postgres_database()


@pytest.fixture
def sqlite_database_url(tmp_path: Path) -> str:
    from nurse_monitor.services.database import sqlite_url_for

    return sqlite_url_for(tmp_path / "record.db")


@pytest.fixture(params=[p for p in BACKENDS if p.id == "postgres"])
def postgres_database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A new PostgreSQL database, for behaviour only a multi-writer server shows."""
    yield from _fresh_postgres_database()
