"""`nurse-monitor follow-up list`: signs the user in, then the day's calls as a table or JSON."""

from __future__ import annotations

import argparse
import io
import json
from datetime import timedelta

import pytest

from nurse_monitor.clock import FakeClock, local_date
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.follow_up_command import add_follow_up_parser, run_follow_up
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import (
    record_attempt,
    record_not_reached,
    record_patient_phone,
)
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.users import create_user
from tests.services.follow_up_walk import signed_session
from tests.storage.conftest import Staff

PASSWORD = "correct horse battery"


@pytest.fixture
def database_url(sqlite_database_url: str) -> str:
    """The command opens the file by URL: the test's database is that SQLite file."""
    return sqlite_database_url


def run(url: str, clock: FakeClock, stdin: str, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="nurse-monitor")
    add_follow_up_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["follow-up", "list", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = run_follow_up(args, url, clock, stdin=io.StringIO(stdin), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_days_calls_for_a_signed_in_nurse(
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    sqlite_database_url: str,
) -> None:
    create_user(
        db, staff.admin, username="caller", full_name="Cal Ler", role="nurse", password=PASSWORD
    )
    record_patient_phone(db, staff.nurse, alice.id, "01632 960123")
    session_id = signed_session(db, staff, alice, clock)
    tuesday = (local_date(clock.now()) + timedelta(days=1)).isoformat()
    wednesday = (local_date(clock.now()) + timedelta(days=2)).isoformat()
    base = ["--user", "caller", "--password-stdin"]
    code, out, err = run(sqlite_database_url, clock, PASSWORD + "\n", "--date", tuesday, *base)
    assert (code, err) == (0, "")
    assert "MORGAN, Alice" in out and "01632 960123" in out and " due " in out
    code, out, err = run(
        sqlite_database_url, clock, PASSWORD + "\n", "--date", wednesday, "--json", *base
    )
    assert (code, err) == (0, "")
    [row] = json.loads(out)
    assert {k: row[k] for k in ("session_id", "record_number", "phone", "status")} == {
        "session_id": session_id,
        "record_number": "MRN-100234",
        "phone": "01632 960123",
        "status": "overdue",
    }
    assert (row["due_date"], row["attempts"], row["patient_name"]) == (tuesday, 0, "MORGAN, Alice")
    # A call made on its day is listed that day as done, with its attempts.
    clock.set(clock.now() + timedelta(days=1))
    record_attempt(db, staff.nurse, session_id, "no answer", MONDAY_TO_FRIDAY)
    record_not_reached(db, staff.nurse, session_id, "letter sent", MONDAY_TO_FRIDAY)
    code, out, err = run(
        sqlite_database_url,
        clock,
        PASSWORD + "\n",
        "--date",
        local_date(clock.now()).isoformat(),
        "--json",
        *base,
    )
    assert (code, err) == (0, "")
    [row] = json.loads(out)
    assert (row["status"], row["attempts"]) == ("not_reached", 1)


def test_a_wrong_or_missing_password_shows_nothing_and_is_audited(
    db: Database, staff: Staff, clock: FakeClock, sqlite_database_url: str
) -> None:
    create_user(
        db, staff.admin, username="caller", full_name="Cal Ler", role="nurse", password=PASSWORD
    )
    args = ["--date", "2026-03-03", "--user", "caller", "--password-stdin"]
    code, out, err = run(sqlite_database_url, clock, "guess\n", *args)
    assert (code, out) == (2, "")
    assert "nurse-monitor:" in err
    code, out, err = run(sqlite_database_url, clock, "", *args)
    assert (code, out) == (2, "")
    assert "no password" in err
    failed = [a for a in audit_trail(db, staff.charge) if a.action == "login_failed"]
    assert len(failed) == 1
    code, out, err = run(sqlite_database_url, clock, PASSWORD, "--date", "3 March", *args[2:])
    assert code == 2 and "YYYY-MM-DD" in err
