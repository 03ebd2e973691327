"""`nurse-monitor pump log | purge-log | allow-gateway`: the raw pump messages carry patient data
(PID), so each signs in as an administrator like the other patient-data commands, is refused
with a non-zero exit otherwise, and is audited as made from the command line."""

from __future__ import annotations

import argparse
import io
from datetime import timedelta
from pathlib import Path

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.pump_command import add_pump_parsers, run_pump
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_admin import allowed_gateways
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.services.sign_in import MAX_FAILURES
from nurse_monitor.services.users import create_user
from tests.storage.conftest import Staff

PASSWORD = "correct horse battery"
PUMP_MESSAGE = Path(__file__).parents[1] / "fixtures" / "pump" / "pcd01_rates.hl7"


@pytest.fixture
def database_url(sqlite_database_url: str) -> str:
    """The command opens the file by URL: the test's database is that SQLite file."""
    return sqlite_database_url


@pytest.fixture
def it_admin(db: Database, staff: Staff) -> str:
    create_user(
        db, staff.admin, username="it", full_name="Ida Tech", role="admin", password=PASSWORD
    )
    create_user(
        db, staff.admin, username="nina", full_name="Nina Nurse", role="nurse", password=PASSWORD
    )
    return "it"


def run(url: str, clock: FakeClock, stdin: str, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="nurse-monitor")
    add_pump_parsers(parser.add_subparsers(dest="command"), float)
    args = parser.parse_args(["pump", *argv])
    out, err = io.StringIO(), io.StringIO()
    code = run_pump(args, url, clock, stdin=io.StringIO(stdin), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_the_log_needs_a_user(sqlite_database_url: str, clock: FakeClock) -> None:
    with pytest.raises(SystemExit) as exit_:
        run(sqlite_database_url, clock, "", "log")
    assert exit_.value.code == 2


def test_an_administrator_reads_the_raw_log_audited_as_command_line(
    db: Database, staff: Staff, it_admin: str, clock: FakeClock, sqlite_database_url: str
) -> None:
    receive_message(db, PUMP_MESSAGE.read_text(), "10.0.0.7:4000")
    sign = ["--user", it_admin, "--password-stdin"]
    code, out, err = run(sqlite_database_url, clock, PASSWORD + "\n", "log", *sign)
    assert (code, err) == (0, "")
    assert "  AE  pump E0002  msg 6358051206735492254  from 10.0.0.7:4000  pump E0002 is not" in out
    assert "PID|" not in out  # without --raw: the answers only
    code, out, err = run(sqlite_database_url, clock, PASSWORD + "\n", "log", "--raw", *sign)
    assert (code, err) == (0, "")
    assert "    PID|" in out and "HO2009002" in out
    reads = [e for e in audit_trail(db, staff.charge) if e.action == "pump_log_read"]
    assert [(e.username, e.channel, e.detail["raw"]) for e in reversed(reads)] == [
        (it_admin, "command line", False),
        (it_admin, "command line", True),
    ]


@pytest.mark.parametrize("command", [["log"], ["purge-log"], ["allow-gateway", "10.0.0.9"]])
def test_wrong_password_locked_account_or_a_nurse_is_refused_and_shown_nothing(
    db: Database,
    staff: Staff,
    it_admin: str,
    clock: FakeClock,
    sqlite_database_url: str,
    command: list[str],
) -> None:
    receive_message(db, PUMP_MESSAGE.read_text(), "10.0.0.7:4000")
    code, out, err = run(
        sqlite_database_url, clock, "guess\n", *command, "--user", it_admin, "--password-stdin"
    )
    assert (code, out) == (2, "") and "Sign-in failed" in err
    code, out, err = run(sqlite_database_url, clock, "", *command, "--user", it_admin)
    assert (code, out) == (2, "") and "--password-stdin" in err  # no terminal to ask on
    code, out, err = run(
        sqlite_database_url, clock, PASSWORD + "\n", *command, "--user", "nina", "--password-stdin"
    )
    assert (code, out) == (2, "") and "only a administrator may" in err
    for _ in range(MAX_FAILURES):
        run(sqlite_database_url, clock, "guess\n", *command, "--user", it_admin, "--password-stdin")
    code, out, err = run(
        sqlite_database_url, clock, PASSWORD + "\n", *command, "--user", it_admin,
        "--password-stdin",
    )  # fmt: skip
    assert (code, out) == (2, "") and "Sign-in failed" in err  # locked, the right password or not
    trail = audit_trail(db, staff.charge)
    assert not [e for e in trail if e.action in ("pump_log_read", "pump_log_purge")]
    assert allowed_gateways(db) == frozenset()
    failed = [e for e in trail if e.action == "login_failed"]
    assert failed and {e.channel for e in failed} == {"command line"}
    refused = [e for e in trail if e.action == "refused"]
    assert [(e.username, e.channel) for e in refused] == [("nina", "command line")]


def test_purge_and_gateway_as_an_administrator_are_audited(
    db: Database, staff: Staff, it_admin: str, clock: FakeClock, sqlite_database_url: str
) -> None:
    receive_message(db, "old", "10.0.0.7:4000")
    clock.advance(timedelta(days=30, seconds=1))
    sign = ["--user", it_admin, "--password-stdin"]
    code, out, _ = run(sqlite_database_url, clock, PASSWORD + "\n", "purge-log", *sign)
    assert (code, out) == (0, "Deleted 1 pump messages older than 30 days (the charted data "
                              "stays).\n")  # fmt: skip
    code, out, _ = run(
        sqlite_database_url, clock, PASSWORD + "\n", "allow-gateway", "10.0.0.9", *sign
    )
    assert (code, out) == (0, "Pump gateway 10.0.0.9 accepted.\n")
    code, _, err = run(
        sqlite_database_url, clock, PASSWORD + "\n", "allow-gateway", "ward-7", *sign
    )
    assert code == 2 and "Gateway: an IP address" in err
    trail = audit_trail(db, staff.charge)
    done = [(e.action, e.username, e.channel) for e in trail if e.action.startswith("pump_")]
    assert sorted(done) == [
        ("pump_gateway", it_admin, "command line"),
        ("pump_log_purge", it_admin, "command line"),
    ]
