"""Storage fixtures: an open, migrated database with staff in it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.users import actor_for
from nurse_monitor.storage.models import User


@dataclass(frozen=True)
class Staff:
    nurse: Actor
    charge: Actor
    admin: Actor


@pytest.fixture
def db(database_url: str, clock: FakeClock) -> Iterator[Database]:
    database = open_database(database_url, clock)
    try:
        yield database
    finally:
        database.close()


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
