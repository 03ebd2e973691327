"""Every paragraph of a report reaches its PDF, also after a drawing is placed in the laid-out
text. Placing the chart re-laid the document only in part: the blocks after the last table got
no lines, and the session PDF lost its "Amendments" and "Alarms" headings and "No alarms."."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from nurse_monitor.reports.html_parts import Column, document, section, table
from nurse_monitor.reports.pdf_pages import Drawing, PageFrame, render_pdf

from .conftest import pdf_text_pages

pytestmark = pytest.mark.gui  # QTextDocument lays out for a QPdfWriter
COLUMNS = [Column("Time"), Column("BP"), Column("HR"), Column("By")]


def test_paragraphs_after_tables_are_drawn_after_the_chart_is_placed(qapp: QApplication) -> None:
    rows = [[f"{i:02d}:00", "124/78", "72", "Ana Nurse, RN"] for i in range(40)]
    parts = [section("Vital signs and infusion rate", "<p>[[chart]]</p>")]
    for n in range(1, 9):
        parts.append(section(f"Section {n}", table(COLUMNS, rows[: 4 * n])))
    parts.append(section("Closing section", "<p>Nothing after this.</p>"))
    frame = PageFrame("MORGAN, Alice", "Infusion unit", "Infusion record")
    data = render_pdf(
        document("".join(parts)), frame, drawings={"chart": Drawing(lambda p, r: None, 430.0)}
    )
    text = " ".join(pdf_text_pages(data))
    missing = [
        title
        for title in [*(f"Section {n}" for n in range(1, 9)), "Closing section", "Nothing after"]
        if title not in text
    ]
    assert missing == []
