"""`nurse-monitor export` through the real command line: a file and its audit, or a clear no."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from pypdf import PdfReader

from nurse_monitor.cli import main
from nurse_monitor.clock import FakeClock
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.services.patients import register_patient
from nurse_monitor.storage.models import User
from tests.services.chair_walk import begin_initial
from tests.services.conftest import ALICE
from tests.storage.conftest import make_staff

PASSWORD = "a long password for the command line"


def test_export_pdf_writes_the_file_and_audits_it(
    tmp_path: Path,
    clock: FakeClock,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = sqlite_url_for(tmp_path / "cli.db")
    db = open_database(url, clock)
    staff = make_staff(db)
    with db.write() as s:
        user = s.get(User, staff.nurse.user_id)
        assert user is not None
        user.password_hash = PasswordHasher().hash(PASSWORD)
    sign_in_as = ["--user", "nurse.a", "--password-stdin"]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n{PASSWORD}\n"))
    session = begin_initial(db, staff.nurse, register_patient(db, staff.nurse, ALICE))
    target = tmp_path / "summary.pdf"
    assert (
        main(
            [
                "--database-url",
                url,
                "export",
                "pdf",
                "--session",
                str(session.id),
                "-o",
                str(target),
                *sign_in_as,
            ]
        )
        == 0
    )
    raw = " ".join(p.extract_text() for p in PdfReader(target).pages)
    text = " ".join(unicodedata.normalize("NFKC", raw).split())  # Qt PDFs put tabs between words
    assert "MORGAN, Alice" in text and "MRN-100234" in text
    exported = [e for e in audit_trail(db, staff.charge) if e.action == "export"]
    assert [(e.username, e.channel) for e in exported] == [("nurse.a", "command line")]

    missing = tmp_path / "missing.pdf"
    missing_session = ["--database-url", url, "export", "pdf", "--session", "999"]
    assert main([*missing_session, "-o", str(missing), *sign_in_as]) == 1
    assert "no session with id 999" in capsys.readouterr().err
    assert not missing.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["summary.pdf"]
    db.close()
