"""The follow-up calls in a patient's history, in full (issue 18): when and who called, each
attempt, reached or not, every delayed symptom with its onset, severity and whether it resolved,
the triage and its action, the prescriber informed, and the free text."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from nurse_monitor.services.follow_up_history import FollowUpRecord
from nurse_monitor.services.review import PatientSession
from nurse_monitor.ui.time_format import calendar_date, date_time

RESOLVED = {True: "resolved", False: "not resolved", None: "resolution not recorded"}


def call_lines(record: FollowUpRecord) -> list[str]:
    """The call as lines of plain words, oldest first."""
    lines = []
    tries = 0
    for step in record.steps:
        if step.kind == "attempt":
            tries += 1
            note = f" ({step.reason})" if step.reason else ""
            lines.append(f"Attempt {tries}: {date_time(step.at)} by {step.by}, not answered{note}")
        elif step.kind == "added":
            due = f" for {calendar_date(step.due_date)}" if step.due_date else ""
            lines.append(f"Call added{due} by {step.by}, {date_time(step.at)}: {step.reason}")
        elif step.kind == "cancelled":
            lines.append(f"Call cancelled by {step.by}, {date_time(step.at)}: {step.reason}")
    o = record.outcome
    if o is None:
        if not any(s.kind == "cancelled" for s in record.steps):
            lines.append("No call recorded yet.")
        return lines
    if not o.reached:
        lines.append(
            f"Not reached after {tries} attempt{'s' if tries != 1 else ''}; signed by {o.by}, "
            f"{date_time(o.at)}. What was done: {o.what_was_done or '—'}"
        )
        return lines
    lines.append(f"Reached: attempt {tries + 1}, {date_time(o.at)}, called by {o.by}")
    lines.append(f"Triage {o.colour.upper() or '—'}: {o.action or '—'}")
    if o.prescriber:
        lines.append(f"Prescriber informed: {o.prescriber}")
    present = [a for a in o.answers if a.present]
    for a in present:
        lines.append(
            f"{a.label}: onset {a.onset or '—'}, {a.severity or 'severity not recorded'}, "
            f"{RESOLVED[a.resolved]} ({a.colour or '—'})"
        )
    absent = [a.label for a in o.answers if not a.present]
    if not present:
        lines.append("No delayed symptoms.")
    if absent:
        lines.append("Asked, not present: " + ", ".join(absent))
    if o.notes:
        lines.append(f"Notes: {o.notes}")
    return lines


def calls_html(sessions: Sequence[PatientSession]) -> str:
    """Every session's follow-up, newest first; a line when there is none."""
    blocks = []
    for s in reversed(sessions):
        if s.follow_up_record is None:
            continue
        title = f"{s.protocol_name}, infusion {s.infusion_number}, {date_time(s.created_at)}"
        items = "".join(f"<li>{escape(line)}</li>" for line in call_lines(s.follow_up_record))
        blocks.append(f"<p><b>{escape(title)}</b></p><ul>{items}</ul>")
    return "".join(blocks) or "<p>No follow-up calls recorded.</p>"
