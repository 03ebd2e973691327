"""The patient's take-home sheet: what it says, large type on at most two pages, read back with
pypdf, written from the command line and kept on the record when given."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.reports.take_home_pdf import SMALLEST_PT, take_home_pdf
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.site_settings import update_centre_settings
from nurse_monitor.services.take_home import (
    TAKE_HOME_EVENT,
    record_take_home,
    take_home_sheet,
)
from tests.services.chair_walk import running_session, titrate_to_the_end
from tests.storage.conftest import Staff

from .conftest import Recorded, pdf_text_pages
from .test_export_command import (  # staff_can_sign_in is autouse: staff passwords
    exports_audited,
    run,
    staff_can_sign_in,  # noqa: F401
)


@pytest.fixture
def centre(db: Database, staff: Staff) -> None:
    update_centre_settings(
        db,
        staff.admin,
        name="Riverside Infusion Centre",
        phone="01234 567890",
        out_of_hours_phone="0800 765 432",
        closed_days=[],
    )


def font_sizes(data: bytes) -> set[float]:
    """The effective point size of every piece of text on every page, which must also start
    inside its page (the sheet fits its paper)."""
    sizes: set[float] = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            _font: object,
            size: float,
            width: float = width,
            height: float = height,
        ) -> None:
            if not text.strip():
                return
            scale = abs(tm[3] * cm[3]) or 1.0
            sizes.add(round(size * scale, 1))
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            assert 0 <= x <= width and 0 <= y <= height, (text, x, y)

        page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.gui
def test_the_sheet_says_what_was_given_what_to_expect_and_whom_to_call(
    qapp: QApplication, db: Database, staff: Staff, recorded: Recorded, centre: None
) -> None:
    sheet = take_home_sheet(db, staff.nurse, recorded.session_id, MONDAY_TO_FRIDAY)
    data = take_home_pdf(sheet)
    pages = pdf_text_pages(data)
    assert 1 <= len(pages) <= 2
    text = " ".join(pages)
    for expected in (
        "Riverside Infusion Centre",
        "Alice Morgan, born 12 May 1984, record MRN-100234",
        "Ocrevus (ocrelizumab) 300 mg, intravenous, on Monday 02 March 2026, from",
        "Before it: methylprednisolone 100 mg at",
        "You had a reaction at",
        "up to 24 hours after the infusion",
        "Call Riverside Infusion Centre on 01234 567890 (after hours: 0800 765 432) about:",
        "Trouble breathing or swallowing.",
        "Swelling of your throat",
        "A headache with fever and a stiff neck.",
        "shingles",
        "weakness on one side",
        "A nurse from Riverside Infusion Centre will phone you on Tuesday 03 March.",
        "Your next dose is due on Monday 16 March 2026.",
        "seed 000",
        f"Page {len(pages)} of {len(pages)}",
    ):
        assert expected in text, expected
    sizes = font_sizes(data)
    assert sizes and min(sizes) >= SMALLEST_PT, sizes
    letter = take_home_pdf(sheet, "Letter")
    assert 1 <= len(pdf_text_pages(letter)) <= 2
    assert min(font_sizes(letter)) >= SMALLEST_PT


@pytest.mark.gui
def test_export_take_home_from_the_command_line(
    qapp: QApplication,
    db: Database,
    staff: Staff,
    recorded: Recorded,
    centre: None,
    sqlite_database_url: str,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    target = tmp_path / "sheet.pdf"
    code, out, err = run(
        sqlite_database_url,
        clock,
        "take-home",
        "--session",
        str(recorded.session_id),
        "-o",
        str(target),
        "--user",
        staff.nurse.username,
    )
    assert (code, err) == (0, "")
    assert f"Wrote {target}" in out
    assert "Riverside Infusion Centre" in " ".join(pdf_text_pages(target.read_bytes()))
    assert exports_audited(db, staff) == [(recorded.session_id, "take_home")]
    code, _, err = run(
        sqlite_database_url, clock, "take-home", "--session", "999", "-o", str(target)
    )
    assert code != 0
    assert "999" in err


def test_giving_the_sheet_keeps_its_text_on_the_record(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, centre: None
) -> None:
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    titrate_to_the_end(db, nurse, clock, session_id)
    chair.end_infusion(db, nurse, session_id, 260)
    topics = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]
    chair.record_teaching(db, nurse, session_id, topics, date(2026, 3, 16))
    sheet = take_home_sheet(db, nurse, session_id, MONDAY_TO_FRIDAY)
    record_take_home(db, nurse, session_id, sheet)
    kept = [
        t.payload["text"]
        for t in chair_view(db, nurse, session_id).timeline
        if t.event.type == TAKE_HOME_EVENT
    ]
    assert kept == [sheet.text]
    assert "Get emergency help now" in kept[0]
    assert "Your next dose is due on Monday 16 March 2026." in kept[0]
