"""A session keeps the exact protocol it began with: editing the protocol file afterwards changes
nothing it shows or computes (status, FHIR, CSV, the PDF's text)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from nurse_monitor.clock import FakeClock
from nurse_monitor.reports.csv_export import sessions_csv
from nurse_monitor.reports.fhir_bundle import session_bundle
from nurse_monitor.services import protocol_library as library
from nurse_monitor.services.chair_view import ChairView, chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.ui.export.session_pdf import SessionPdfRenderer
from tests.storage.conftest import Staff
from tests.unit.nurse import PROTOCOLS_DIR

from .conftest import Recorded, pdf_text_pages

pytestmark = pytest.mark.gui  # the PDF's chart is a widget: a QApplication is needed


@pytest.fixture
def editable_protocols(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The bundled protocols copied to a folder the test may edit, used as the library."""
    folder = tmp_path / "protocols"
    shutil.copytree(PROTOCOLS_DIR, folder)
    monkeypatch.setattr(library, "protocols_dir", lambda: folder)
    library.reload_protocol_library()
    yield folder
    monkeypatch.undo()
    library.reload_protocol_library()


def _pdf_text(db: Database, staff: Staff, view: ChairView) -> list[str]:
    render = SessionPdfRenderer("Infusion Centre", "A4", staff.charge.signature, db.clock.now)
    try:
        return pdf_text_pages(render(view))
    finally:
        render.close()


def _edit(folder: Path) -> None:
    """A later version of the file: other observation, rates, name and premedication note."""
    path = folder / "ocrevus-iv-initial.toml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("first_dose_minutes = 60", "first_dose_minutes = 120"),
        ("start = 30", "start = 20"),
        ('display_name = "Ocrevus IV initial dose', 'display_name = "Ocrevus IV first dose'),
        ("checked_on = 2026-11-21", "checked_on = 2027-01-15"),
    ):
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    library.reload_protocol_library()


def test_editing_the_protocol_file_changes_nothing_an_old_session_shows(
    qapp: QApplication,
    db: Database,
    staff: Staff,
    editable_protocols: Path,
    recorded: Recorded,
    clock: FakeClock,
) -> None:
    before = chair_view(db, staff.charge, recorded.session_id)
    fhir_before = session_bundle(before, clock.now())
    csv_before = sessions_csv([before])
    pdf_before = _pdf_text(db, staff, before)

    _edit(editable_protocols)
    assert library.protocol_library()["ocrevus-iv-initial"].observation.first_dose_minutes == 120

    after = chair_view(db, staff.charge, recorded.session_id)
    assert after.protocol == before.protocol
    assert after.status == before.status
    assert after.checklist == before.checklist
    assert session_bundle(after, clock.now()) == fhir_before
    assert sessions_csv([after]) == csv_before
    assert _pdf_text(db, staff, after) == pdf_before
    assert any("checked 21 Nov 2026" in page for page in pdf_before)
