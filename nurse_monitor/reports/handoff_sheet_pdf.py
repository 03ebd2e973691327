"""The handoff sheet: every active chair on one page for a change of shift.

Built from the chair summaries (services/chair_board.py), in the board's order:
by alarm priority, then by due time (overdue after the default grace).
"""

from __future__ import annotations

from collections.abc import Sequence

from nurse_monitor.reports.follow_up_sections import calls_due_section
from nurse_monitor.reports.html_parts import (
    ALARM_BG,
    FLAG_BG,
    INK,
    MUTED,
    Cell,
    Column,
    Markup,
    bold,
    document,
    lines,
    muted,
    note,
    table,
)
from nurse_monitor.reports.pdf_pages import PageFrame, render_pdf
from nurse_monitor.reports.session_summary_pdf import ReportContext
from nurse_monitor.reports.wording import DASH, clock_time, date_time, e, words, zone_note
from nurse_monitor.services.chair_board import ChairSummary
from nurse_monitor.services.follow_ups import FollowUpItem
from nurse_monitor.services.record_words import phase_label

ALERT_INK = "#8a1c12"


def handoff_sheet_html(
    chairs: Sequence[ChairSummary],
    context: ReportContext,
    calls: Sequence[FollowUpItem] = (),
) -> str:
    now = context.generated_at
    rows: list[list[Cell]] = []
    shading: list[list[str | None]] = []
    notes: list[Cell] = []
    for c in chairs:
        due = c.next_due
        due_text: Cell = DASH
        due_bg = None
        if due is not None:
            late = due.overdue(now)
            due_text = Markup(
                f"<b>{e(due.label)}</b><br/>{'OVERDUE, due at' if late else 'at'} "
                f"{e(clock_time(due.due_at))}"
            )
            due_bg = ALARM_BG if late else None
        reaction: Cell = bold(words(c.reaction)) if c.reaction else "none"
        news2: Cell = DASH
        news2_bg = None
        if c.news2_total is not None:
            news2 = bold(f"{c.news2_total} {words(c.news2_band or '')}")
            news2_bg = {"low": None, "low_medium": FLAG_BG}.get(c.news2_band or "", ALARM_BG)
        vitals = lines([c.last_vitals, muted(f"at {clock_time(c.last_vitals_at)}")])
        rows.append(
            [
                bold(c.chair),
                lines([bold(c.patient_name), c.record_number]),
                lines([c.drug, muted(c.protocol_name)]),
                lines(
                    [
                        phase_label(c.phase),
                        f"{c.rate_ml_h:g} mL/h, {c.volume_infused_ml:.0f}/{c.bag_volume_ml:g} mL",
                    ]
                ),
                due_text,
                reaction,
                vitals,
                news2,
                clock_time(c.observation_ends_at),
            ]
        )
        notes.append(
            Markup(
                f'<span style="color: {ALERT_INK};"><b>Alerts:</b> '
                + e("; ".join(a.rstrip(".") for a in c.alerts))
                + ".</span>"
            )
            if c.alerts
            else None
        )
        shading.append(
            [
                None,
                None,
                None,
                None,
                due_bg,
                ALARM_BG if c.reaction else None,
                None,
                news2_bg,
                None,
            ]
        )
    title = (
        '<table width="100%" cellspacing="0" cellpadding="0"><tr>'
        f'<td><span style="font-size: 14pt; font-weight: bold; color: {INK};">Handoff sheet</span>'
        f"<br/>{e(len(chairs))} active chair{'s' if len(chairs) != 1 else ''}</td>"
        f'<td align="right" style="color: {MUTED};">{e(date_time(now))}</td></tr></table>'
    )
    grid = table(
        [
            Column("Chair", 7),
            Column("Patient", 15),
            Column("Drug", 14),
            Column("Phase", 13),
            Column("Next due", 14),
            Column("Reaction", 8),
            Column("Last vitals", 17),
            Column("NEWS2", 6),
            Column("Obs. ends", 6),
        ],
        rows,
        shading=shading,
        row_notes=notes,
        empty="No chair is in use.",
    )
    return document(
        title
        + '<p style="margin-top: 6px;"></p>'
        + grid
        + note("Ordered as on the chair board: by alarm priority, then by due time.")
        + calls_due_section(calls),
        base_pt=7.5,
    )


def handoff_sheet_pdf(
    chairs: Sequence[ChairSummary],
    context: ReportContext,
    calls: Sequence[FollowUpItem] = (),
) -> bytes:
    """The sheet as PDF bytes."""
    frame = PageFrame(
        header_left="Handoff sheet: active chairs",
        header_right=context.facility,
        footer_left=(
            f"Generated {date_time(context.generated_at)} by {context.generated_by}. "
            f"{zone_note(context.generated_at)}. Confidential: patient information."
        ),
    )
    return render_pdf(
        handoff_sheet_html(chairs, context, calls),
        frame,
        page_size=context.page_size,
        title="Handoff sheet",
        base_point_size=7.5,
    )
