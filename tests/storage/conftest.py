"""Storage fixtures: an open, migrated database with staff in it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.users import actor_for
from nurse_monitor.storage.engine import create_database_engine
from nurse_monitor.storage.models import User
from tests.conftest import runtime_url


@dataclass(frozen=True)
class Staff:
    nurse: Actor
    charge: Actor
    admin: Actor


@pytest.fixture
def db(database_url: str, clock: FakeClock) -> Iterator[Database]:
    """The record as the program opens it: on PostgreSQL with the roles set up (.ci/run), the
    owner migrates and the program runs as the runtime role."""
    runtime = runtime_url(database_url)
    if runtime is not None:
        open_database(database_url, clock).close()
    database = open_database(runtime or database_url, clock)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def owner_engine(database_url: str, db: Database) -> Iterator[Engine]:
    """The database as its owner (or the test server's superuser): for tampering in tests."""
    engine = create_database_engine(database_url)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


def make_staff(db: Database) -> Staff:
    """A nurse, a charge nurse and an administrator."""
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
