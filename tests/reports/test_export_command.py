"""`nurse-monitor export ...` through run_export: files, audit entries, and clean refusals."""

from __future__ import annotations

import argparse
import csv
import functools
import io
import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fhir.resources.R4B.bundle import Bundle
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from nurse_monitor.clock import FakeClock
from nurse_monitor.export_command import add_export_parser, run_export
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import Database
from nurse_monitor.storage.models import User
from tests.storage.conftest import Staff

from .conftest import Recorded, pdf_text_pages


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="nurse-monitor")
    add_export_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["export", *argv])


PASSWORD = "a long password for the export tests"


@functools.lru_cache(maxsize=1)
def password_hash() -> str:
    return PasswordHasher().hash(PASSWORD)


@pytest.fixture(autouse=True)
def staff_can_sign_in(db: Database, staff: Staff) -> None:
    """The command line signs in (issue 16, defect 8): the staff get a password."""
    with db.write() as s:
        for user in s.scalars(select(User)):
            user.password_hash = password_hash()


def run(url: str, clock: FakeClock, *argv: str, password: str = PASSWORD) -> tuple[int, str, str]:
    """The command as the charge nurse (or `--user` given), the password on standard input."""
    out, err = io.StringIO(), io.StringIO()
    user = () if "--user" in argv else ("--user", "charge.b")
    args = parse(*argv, *user, "--password-stdin")
    code = run_export(args, url, clock, out=out, err=err, stdin=io.StringIO(password + "\n"))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    """Where files are written (the database sits beside it, in tmp_path)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def exports_audited(db: Database, staff: Staff) -> list[tuple[int | None, str]]:
    return [
        (a.record_id, a.detail["format"])
        for a in audit_trail(db, staff.charge)
        if a.action == "export"
    ]


@pytest.mark.gui
def test_one_session_to_pdf(
    qapp: QApplication,
    db: Database,
    staff: Staff,
    recorded: Recorded,
    sqlite_database_url: str,
    clock: FakeClock,
    out_dir: Path,
) -> None:
    target = out_dir / "record.pdf"
    code, out, err = run(
        sqlite_database_url,
        clock,
        "pdf",
        "--session",
        str(recorded.session_id),
        "-o",
        str(target),
        "--facility",
        "Riverside Infusion Suite",
        "--page-size",
        "Letter",
    )
    assert (code, err) == (0, "")
    assert f"Wrote {target}" in out
    text = " ".join(pdf_text_pages(target.read_bytes()))
    assert "Riverside Infusion Suite" in text and "by Ben Charge, RN" in text
    assert exports_audited(db, staff) == [(recorded.session_id, "pdf")]
    assert [p.name for p in out_dir.iterdir()] == ["record.pdf"]


def test_fhir_and_csv(
    db: Database,
    staff: Staff,
    recorded: Recorded,
    sqlite_database_url: str,
    clock: FakeClock,
    out_dir: Path,
) -> None:
    bundle_file = out_dir / "bundle.json"
    code, _, err = run(
        sqlite_database_url,
        clock,
        "fhir",
        "--session",
        str(recorded.session_id),
        "-o",
        str(bundle_file),
        "--user",
        "nurse.a",
    )
    assert (code, err) == (0, "")
    Bundle.model_validate(json.loads(bundle_file.read_text(encoding="utf-8")))

    table = out_dir / "readings.csv"
    code, _, err = run(
        sqlite_database_url,
        clock,
        "csv",
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-02",
        "-o",
        str(table),
    )
    assert (code, err) == (0, "")
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    assert rows[0].keys() >= {"session_id", "kind", "type", "occurred_at", "news2_total"}
    readings = [r for r in rows if r["kind"] == "reading"]
    assert len(readings) == 9 and readings[0]["occurred_at"] == "2026-03-02T09:00:00+00:00"
    rate = next(r for r in rows if r["type"] == "rate_changed")
    assert json.loads(rate["detail"])["detail"]["reason"] == "titration"
    assert any(r["type"] == "premedication_given" and r["amended"] == "yes" for r in rows)
    assert sorted(exports_audited(db, staff)) == [
        (recorded.session_id, "csv"),
        (recorded.session_id, "fhir"),
    ]


def test_a_missing_session_fails_cleanly(
    db: Database, staff: Staff, sqlite_database_url: str, clock: FakeClock, out_dir: Path
) -> None:
    target = out_dir / "none.json"
    code, out, err = run(sqlite_database_url, clock, "fhir", "--session", "999", "-o", str(target))
    assert code == 1 and out == ""
    assert "no session with id 999" in err
    assert list(out_dir.iterdir()) == []
    assert exports_audited(db, staff) == []


def test_an_unwritable_path_leaves_nothing_behind(
    db: Database,
    staff: Staff,
    recorded: Recorded,
    sqlite_database_url: str,
    clock: FakeClock,
    out_dir: Path,
) -> None:
    blocker = out_dir / "a-file"
    blocker.write_text("not a folder")
    for target in (out_dir / "missing" / "x.json", blocker / "x.json", out_dir):
        code, _, err = run(
            sqlite_database_url,
            clock,
            "fhir",
            "--session",
            str(recorded.session_id),
            "-o",
            str(target),
        )
        assert code == 1, target
        assert "cannot write" in err
    assert [p.name for p in out_dir.iterdir()] == ["a-file"]
    assert exports_audited(db, staff) == []


def test_an_empty_date_range_and_bad_options(
    db: Database, staff: Staff, sqlite_database_url: str, clock: FakeClock, out_dir: Path
) -> None:
    code, _, err = run(
        sqlite_database_url,
        clock,
        "pdf",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
        "--out-dir",
        str(out_dir),
    )
    assert code == 1 and "no sessions from 2026-01-01 to 2026-01-31" in err
    code, _, err = run(
        sqlite_database_url,
        clock,
        "csv",
        "--from",
        "2026-02-01",
        "--to",
        "2026-01-01",
        "-o",
        str(out_dir / "x.csv"),
    )
    assert code == 1 and "ends" in err
    code, _, err = run(sqlite_database_url, clock, "pdf", "--session", "1")
    assert code == 2 and "-o FILE" in err
    assert list(out_dir.iterdir()) == []


def test_the_exporting_user(
    db: Database,
    staff: Staff,
    recorded: Recorded,
    sqlite_database_url: str,
    clock: FakeClock,
    out_dir: Path,
) -> None:
    args = ("fhir", "--session", str(recorded.session_id), "-o", str(out_dir / "b.json"))
    code, _, err = run(sqlite_database_url, clock, *args, "--user", "nobody")
    assert code == 2 and "Sign-in failed" in err
    code, _, err = run(sqlite_database_url, clock, *args, "--user", "nurse.a", password="wrong")
    assert code == 2 and "Sign-in failed" in err
    code, _, err = run(sqlite_database_url, clock, *args, "--user", "admin.c")
    assert code == 2 and "may not" in err
    assert list(out_dir.iterdir()) == []


def test_a_locked_account_is_refused_with_the_one_message(
    db: Database, staff: Staff, recorded: Recorded, sqlite_database_url: str, clock: FakeClock
) -> None:
    args = ("csv", "--session", str(recorded.session_id), "--user", "nurse.a")
    for _ in range(5):
        run(sqlite_database_url, clock, *args, "-o", "/nonexistent/x.csv", password="wrong")
    code, _, err = run(sqlite_database_url, clock, *args, "-o", "/nonexistent/x.csv")
    assert code == 2 and "Sign-in failed" in err
    trail = audit_trail(db, staff.charge)
    assert "account_locked" in [e.action for e in trail]
    assert {e.channel for e in trail if e.action.startswith("login")} == {"command line"}


def test_without_a_terminal_or_password_stdin_nothing_is_exported(
    db: Database, staff: Staff, recorded: Recorded, sqlite_database_url: str, clock: FakeClock
) -> None:
    err = io.StringIO()
    args = parse("csv", "--session", str(recorded.session_id), "-o", "x.csv", "--user", "nurse.a")
    code = run_export(args, sqlite_database_url, clock, err=err, stdin=io.StringIO(PASSWORD))
    assert code == 2 and "--password-stdin" in err.getvalue()
    with pytest.raises(SystemExit):
        parse("csv", "--session", str(recorded.session_id), "-o", "x.csv")  # --user required


@pytest.mark.gui
def test_handoff_sheet(
    qapp: QApplication,
    db: Database,
    staff: Staff,
    alice: object,
    sqlite_database_url: str,
    clock: FakeClock,
    out_dir: Path,
) -> None:
    from tests.services.chair_walk import begin_running

    session = begin_running(db, staff.nurse, alice, clock)  # type: ignore[arg-type]
    sheet = out_dir / "handoff.pdf"
    code, _, err = run(sqlite_database_url, clock, "handoff", "-o", str(sheet))
    assert (code, err) == (0, "")
    (page,) = pdf_text_pages(sheet.read_bytes())
    assert "Handoff sheet" in page and "MORGAN, Alice" in page and "Chair 3" in page
    assert "Infusing" in page and "Page 1 of 1" in page
    assert exports_audited(db, staff) == [(session.id, "handoff")]
