"""`nurse-monitor export` through the real command line: a file and its audit, or a clear no."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from nurse_monitor.cli import main
from nurse_monitor.clock import FakeClock
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.services.patients import register_patient
from tests.services.chair_walk import begin_initial
from tests.services.conftest import ALICE
from tests.storage.conftest import make_staff


def test_export_pdf_writes_the_file_and_audits_it(
    tmp_path: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url_for(tmp_path / "cli.db")
    db = open_database(url, clock)
    staff = make_staff(db)
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
            ]
        )
        == 0
    )
    raw = " ".join(p.extract_text() for p in PdfReader(target).pages)
    text = " ".join(unicodedata.normalize("NFKC", raw).split())  # Qt PDFs put tabs between words
    assert "MORGAN, Alice" in text and "MRN-100234" in text
    assert any(e.action == "export" for e in audit_trail(db, staff.charge))

    missing = tmp_path / "missing.pdf"
    assert (
        main(["--database-url", url, "export", "pdf", "--session", "999", "-o", str(missing)]) == 1
    )
    assert "no session with id 999" in capsys.readouterr().err
    assert not missing.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == ["summary.pdf"]
    db.close()
