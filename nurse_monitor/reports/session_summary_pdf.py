"""The PDF summary of one infusion session, for the patient's chart.

Built from the chair view (services), laid out by QTextDocument on QPdfWriter pages. The vitals
chart is drawn by a callable the caller passes in (`draw_chart(painter, rect)`): the chart
widget lives in the UI layer, which reports may not import, and the caller builds and reuses
it (nurse_monitor/ui/export/session_pdf.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nurse_monitor.reports import session_outcome_sections as outcome
from nurse_monitor.reports import session_sections as parts
from nurse_monitor.reports.follow_up_sections import follow_up_addendum
from nurse_monitor.reports.html_parts import INK, MUTED, document, section
from nurse_monitor.reports.pdf_pages import DrawFunction, Drawing, PageFrame, render_pdf
from nurse_monitor.reports.wording import date_time, day, e, number, zone_note
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.services.follow_ups import FollowUpItem

CHART_HEIGHT_PX = 430.0


@dataclass(frozen=True)
class ReportContext:
    """Who asked for the report, when, for which facility, on what paper."""

    facility: str
    generated_at: datetime
    generated_by: str
    page_size: str = "A4"


def session_summary_html(
    view: ChairView,
    context: ReportContext,
    *,
    with_chart: bool,
    follow_up: FollowUpItem | None = None,
) -> str:
    """The whole record as HTML; `[[chart]]` marks where the chart goes."""
    chart = (
        section("Vital signs and infusion rate", '<p align="center">[[chart]]</p>')
        if with_chart
        else ""
    )
    body = "".join(
        [
            _title(view, context),
            parts.patient_section(view),
            parts.medication_section(view),
            parts.screening_section(view),
            parts.access_section(view),
            parts.premedication_section(view),
            parts.infusion_facts(view),
            parts.rate_section(view),
            chart,
            parts.readings_section(view.readings),
            outcome.reactions_section(view),
            outcome.discharge_section(view),
            outcome.signatures_section(view),
            follow_up_addendum(follow_up),
            outcome.amendments_section(view),
            outcome.alarms_section(view),
            outcome.pump_section(view),
        ]
    )
    return document(body)


def chart_reference(view: ChairView) -> str:
    """'MRN-100234, ocrelizumab (Ocrevus) infusion 1, 02 Mar 2026': how the chart files this
    infusion (the record number, the drug, the station-local date), never a database number."""
    s, prot = view.session, view.protocol
    started = view.status.started_at or s.created_at
    return (
        f"{view.patient.record_number}, {prot.drug} ({prot.brand}) infusion {s.infusion_number}, "
        f"{day(started)}"
    )


def page_frame(view: ChairView, context: ReportContext) -> PageFrame:
    p = view.patient
    return PageFrame(
        header_left=f"{p.display_name}   ·   {p.record_number}   ·   born {day(p.date_of_birth)}",
        header_right=context.facility,
        footer_left=(
            f"Infusion record {chart_reference(view)}. "
            f"Generated {date_time(context.generated_at)} by {context.generated_by}. "
            f"{zone_note(context.generated_at)}."
        ),
    )


def session_summary_pdf(
    view: ChairView,
    context: ReportContext,
    draw_chart: DrawFunction | None = None,
    follow_up: FollowUpItem | None = None,
) -> bytes:
    """The session's record as the bytes of a PDF (the chart left out when no drawer is given)."""
    drawings = {"chart": Drawing(draw_chart, CHART_HEIGHT_PX)} if draw_chart else {}
    return render_pdf(
        session_summary_html(view, context, with_chart=draw_chart is not None, follow_up=follow_up),
        page_frame(view, context),
        page_size=context.page_size,
        title=f"Infusion record {chart_reference(view)}",
        drawings=drawings,
    )


def _title(view: ChairView, context: ReportContext) -> str:
    s, prot = view.session, view.protocol
    started = view.status.started_at or s.created_at
    line = (
        f"{prot.drug} ({prot.brand}) {number(s.dose_mg, 'mg')} {prot.route.value}"
        f"   ·   {day(started)}   ·   {s.chair}"
    )
    return (
        '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td><span style="font-size: 15pt; font-weight: bold; color: {INK};">'
        "Infusion record</span>"
        f'<br/><span style="font-size: 10pt;">{e(line)}</span></td>'
        f'<td align="right" style="color: {MUTED};">'
        f"{e(prot.display_name)}<br/>Infusion {s.infusion_number} · "
        f"Status: {e(parts.STATUS_WORDS.get(s.status, s.status))}"
        "</td></tr></table>"
    )
