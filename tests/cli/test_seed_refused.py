"""Issue 16 defect 4: `nurse-monitor seed` writes backdated sessions signed in staff names, so
it runs only on a new (empty) or demo record, refuses a real one before writing, and is audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from nurse_monitor.cli import main
from nurse_monitor.clock import FakeClock
from nurse_monitor.demo.seed import seed_demo
from nurse_monitor.services import users
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.storage.models import AuditEntry, InfusionSession


def counts(url: str) -> tuple[int, list[str]]:
    db = open_database(url, FakeClock())
    try:
        with db.read() as s:
            sessions = s.scalar(select(func.count()).select_from(InfusionSession)) or 0
            actions = list(s.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
        return sessions, actions
    finally:
        db.close()


def test_seed_refuses_a_real_record_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url_for(tmp_path / "real.db")
    db = open_database(url, FakeClock())
    users.create_first_administrator(db, "admin", "Ada Admin", "a long enough passphrase here")
    db.close()
    before = counts(url)
    assert main(["--database-url", url, "seed", "--sessions", "3"]) == 2
    err = capsys.readouterr().err
    assert "real accounts" in err and "Nothing was written" in err and "--demo" in err
    assert counts(url) == before


def test_seed_runs_on_a_new_record_and_is_audited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url_for(tmp_path / "new.db")
    assert main(["--database-url", url, "seed", "--sessions", "3", "--days", "5"]) == 0
    sessions, actions = counts(url)
    assert sessions == 3 and actions[-1] == "seed"


def test_seed_runs_on_the_demo_record(tmp_path: Path) -> None:
    url = sqlite_url_for(tmp_path / "demo.db")
    db = open_database(url, FakeClock())
    seed_demo(db)
    db.close()
    before, _ = counts(url)
    assert main(["--database-url", url, "seed", "--sessions", "2", "--days", "5"]) == 0
    assert counts(url)[0] == before + 2
