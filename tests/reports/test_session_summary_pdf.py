"""The PDF summary holds the record, page by page, with a vector chart and extractable text."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from nurse_monitor.clock import FakeClock
from nurse_monitor.reports.session_summary_pdf import ReportContext, session_summary_pdf
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.ui.export.session_pdf import SessionPdfRenderer
from tests.storage.conftest import Staff

from .conftest import Recorded, pdf_text_pages

pytestmark = pytest.mark.gui  # the chart is a widget: a QApplication is needed


@pytest.fixture
def pdf(qapp: QApplication, db: Database, staff: Staff, recorded: Recorded) -> bytes:
    render = SessionPdfRenderer(
        "St Mary's Infusion Centre", "A4", staff.charge.signature, db.clock.now
    )
    try:
        return render(chair_view(db, staff.charge, recorded.session_id))
    finally:
        render.close()


def test_every_required_field_is_in_the_text(pdf: bytes, recorded: Recorded) -> None:
    text = " ".join(pdf_text_pages(pdf))
    required = [
        "St Mary's Infusion Centre",
        # patient, two identifiers and more
        "MORGAN, Alice",
        "12 May 1984",
        "MRN-100234",
        "68 kg",
        "Penicillin",
        # medication
        "ocrelizumab (Ocrevus)",
        "300 mg",
        "intravenous",
        "H0123B",
        "31 Jan 2027",
        "260 mL",
        "1.15 mg/mL",
        "Ocrevus IV initial dose",
        "Source",
        "checked 21 Nov 2026",
        # before the start
        "Does the patient have an active infection? No",
        "peripheral IV cannula",
        "22 G",
        "forearm, left",
        "D. W.",
        "methylprednisolone",
        "100 mg",
        # rates: time, rate, who, why
        "09:30 Infusion started 30 Ana Nurse, RN start of infusion",
        "10:00 Rate changed 60 Ana Nurse, RN titration",
        "resume titration after reaction",
        # readings, flags and NEWS2
        "98/78 *",
        "114 *",
        "38.3 *",
        "5 medium",
        # reaction
        "Reaction 1",
        "pruritus, flushing",
        "CTCAE grade 1",
        "Rate reduced to 30 mL/h",
        "cetirizine 10 mg PO",
        "itching settled",
        "Restart rate 30 mL/h",
        # end, volume, observation, teaching, next dose
        "258 mL (pump)",
        "Observation until 02 Mar 2026 13:44",
        "PML warning signs",
        "Next dose 16 Mar 2026",
        # signatures
        "Nurse of record Ana Nurse, RN",
        "Signed Ana Nurse, RN, 02 Mar 2026 13:44",
        "Co-signed not co-signed",
        # amendment: original, new, reason, who, when
        "Premedication 09:00 dose 50 mg 25 mg charted the wrong syringe Ana Nurse, RN",
        # frame: how the chart files it, never the database's session number
        "Infusion record MRN-100234, ocrelizumab (Ocrevus) infusion 1, 02 Mar 2026.",
        "by Ben Charge, RN",
    ]
    missing = [item for item in required if item not in text]
    assert not missing, f"missing from the PDF text: {missing}"


def test_the_chart_is_vector_not_an_image(pdf: bytes) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        for ref in xobjects.values():
            assert ref.get_object().get("/Subtype") != "/Image"
    texts = pdf_text_pages(pdf)
    chart_page = next(i for i, t in enumerate(texts) if "Vital signs and infusion rate" in t)
    # The curves, symbols and bands are paths: thousands of line segments.
    assert reader.pages[chart_page].get_contents().get_data().count(b" l\n") > 1000


def test_every_page_is_framed_and_numbered(pdf: bytes, recorded: Recorded) -> None:
    pages = pdf_text_pages(pdf)
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text
        assert "MORGAN, Alice" in text and "MRN-100234" in text
        assert "MRN-100234, ocrelizumab (Ocrevus) infusion 1, 02 Mar 2026. Generated 02 Mar" in text
        assert f"session {recorded.session_id}" not in text.lower()
        assert f"Session record {recorded.session_id}" not in text
        assert "by Ben Charge, RN" in text


def test_letter_paper_and_a_record_without_chart(
    qapp: QApplication, db: Database, staff: Staff, recorded: Recorded, clock: FakeClock
) -> None:
    view = chair_view(db, staff.nurse, recorded.session_id)
    context = ReportContext("Clinic", clock.now(), staff.nurse.signature, "Letter")
    data = session_summary_pdf(view, context)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    text = " ".join(pdf_text_pages(data))
    assert "Vital signs and infusion rate" not in text and "Page 1 of" in text


def test_a_long_session_breaks_pages_and_repeats_the_table_header(
    qapp: QApplication, db: Database, staff: Staff, recorded: Recorded, clock: FakeClock
) -> None:
    from dataclasses import replace

    view = chair_view(db, staff.nurse, recorded.session_id)
    many = tuple(replace(view.readings[0], id=i) for i in range(150))
    context = ReportContext("Clinic", clock.now(), staff.nurse.signature)
    pages = pdf_text_pages(session_summary_pdf(replace(view, readings=many), context))
    assert len(pages) >= 6
    assert all(f"Page {n} of {len(pages)}" in t for n, t in enumerate(pages, 1))
    with_readings = [t for t in pages if "124/78" in t]
    assert len(with_readings) >= 3
    assert all("BP mmHg" in t and "NEWS2" in t for t in with_readings)


def test_page_size_must_be_a4_or_letter(
    qapp: QApplication, db: Database, staff: Staff, recorded: Recorded, clock: FakeClock
) -> None:
    view = chair_view(db, staff.nurse, recorded.session_id)
    with pytest.raises(ValueError, match="A4 or Letter"):
        session_summary_pdf(view, ReportContext("Clinic", clock.now(), "x", "A5"))


def test_the_chart_cites_the_label_and_never_an_internal_file(pdf: bytes) -> None:
    text = " ".join(pdf_text_pages(pdf))
    assert "Ocrevus (ocrelizumab) US prescribing information" in text
    assert "checked 21 Nov 2026" in text
    assert "clinical-reference" not in text and ".md" not in text


def test_the_pdf_is_titled_as_the_chart_files_it(pdf: bytes) -> None:
    title = PdfReader(io.BytesIO(pdf)).metadata.title
    assert title == "Infusion record MRN-100234, ocrelizumab (Ocrevus) infusion 1, 02 Mar 2026"
