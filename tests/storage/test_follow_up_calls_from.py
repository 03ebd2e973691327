"""A record upgraded from a version without follow-up calls does not list every past
qualifying infusion as an overdue call (issue 18): the upgrade sets the site setting "follow-up
calls from" to its own day; infusions before it make no call; an administrator can move it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from nurse_monitor.clock import FakeClock, local_date
from nurse_monitor.domain.follow_up import Status
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.services import patients
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.services.errors import InvalidInput, PermissionDenied
from nurse_monitor.services.follow_ups import follow_up_worklist
from nurse_monitor.services.site_settings import (
    follow_up_calls_from,
    update_follow_up_calls_from,
)
from nurse_monitor.storage import migration_runner
from nurse_monitor.storage.engine import create_database_engine
from tests.plugins.databases import ALICE, make_staff
from tests.services.follow_up_walk import signed_session

BEFORE_FOLLOW_UPS = "c3a9d7e1f2b4"  # the revision before follow-up calls came (pump link)
UPGRADE = "f0c4a11d7b2e"


def test_an_upgraded_record_shows_no_overdue_calls_from_before_the_upgrade(
    database_url: str, clock: FakeClock
) -> None:
    url = database_url  # SQLite, and PostgreSQL when a test server is given
    db = open_database(url, clock)
    staff = make_staff(db)
    alice = patients.register_patient(db, staff.nurse, ALICE)
    assert follow_up_calls_from(db) is None  # a new record: every infusion makes its call
    old = signed_session(db, staff, alice, clock)  # a first infusion: a call is due for it
    db.close()
    # The record as a version without follow-up calls left it, upgraded ten days later.
    engine = create_database_engine(url, create_file=False)
    try:
        migration_runner.downgrade(engine, BEFORE_FOLLOW_UPS)
    finally:
        engine.dispose()
    clock.advance(timedelta(days=10))
    upgrade_day = local_date(clock.now())
    db = open_database(url, clock)
    try:
        assert db.status.revision == migration_runner.head_revision()
        assert follow_up_calls_from(db) == upgrade_day
        calls = follow_up_worklist(db, staff.nurse, upgrade_day, MONDAY_TO_FRIDAY)
        assert [c.session_id for c in calls] == []  # without the setting: `old`, overdue
        # An infusion from the upgrade day on makes its call as before.
        bob = patients.register_patient(db, staff.nurse, replace(ALICE, record_number="MRN-2"))
        new = signed_session(db, staff, bob, clock)
        later = upgrade_day + timedelta(days=7)
        calls = follow_up_worklist(db, staff.nurse, later, MONDAY_TO_FRIDAY)
        assert [(c.session_id, c.status) for c in calls] == [(new, Status.OVERDUE)]
        # The administrator moves the date back: the old infusion's call is listed again.
        update_follow_up_calls_from(db, staff.admin, None)
        calls = follow_up_worklist(db, staff.nurse, later, MONDAY_TO_FRIDAY)
        assert sorted(c.session_id for c in calls) == sorted([old, new])
    finally:
        db.close()


def test_only_an_administrator_sets_the_date_and_never_in_the_future(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = open_database(sqlite_url_for(tmp_path / "record.db"), clock)
    try:
        staff = make_staff(db)
        today = local_date(clock.now())
        with pytest.raises(PermissionDenied):
            update_follow_up_calls_from(db, staff.charge, today)
        with pytest.raises(InvalidInput, match="Follow-up calls from"):
            update_follow_up_calls_from(db, staff.admin, today + timedelta(days=1))
        assert follow_up_calls_from(db) is None
        update_follow_up_calls_from(db, staff.admin, date(2026, 1, 5))
        assert follow_up_calls_from(db) == date(2026, 1, 5)
    finally:
        db.close()
