"""The follow-up call as an addendum after the session's signature (PDF summary)."""

from __future__ import annotations

from collections.abc import Sequence

from nurse_monitor.reports.html_parts import Cell, Column, facts_grid, section, table
from nurse_monitor.reports.wording import date_time, day
from nurse_monitor.services.follow_ups import FollowUpItem

STATUS_WORDS = {
    "upcoming": "due later",
    "due": "due today",
    "overdue": "overdue",
    "done": "done",
    "not_reached": "not reached",
    "cancelled": "cancelled",
}


def follow_up_addendum(item: FollowUpItem | None) -> str:
    """Empty when no call was ever due; otherwise the call's state, result and symptoms."""
    if item is None:
        return ""
    pairs: list[tuple[str, Cell]] = [
        ("Why", "; ".join(item.reasons) or "-"),
        ("Due", day(item.due_date) if item.due_date else "-"),
        ("Status", STATUS_WORDS.get(item.status.value, item.status.value)),
        ("Attempts not answered", str(item.attempts)),
    ]
    if item.cancelled_reason:
        pairs.append(("Cancelled because", item.cancelled_reason))
    rows: list[list[Cell]] = []
    o = item.outcome
    if o is not None:
        pairs.append(("Signed", f"{o.by}, {date_time(o.at)}"))
        if o.reached:
            pairs.append(("Triage", f"{o.colour.upper()}: {o.action}"))
            if o.prescriber:
                pairs.append(("Prescriber informed", o.prescriber))
            if o.notes:
                pairs.append(("Notes", o.notes))
            rows = [
                [
                    a.label,
                    a.onset or "-",
                    a.severity,
                    {True: "yes", False: "no", None: "-"}[a.resolved],
                    a.colour,
                ]
                for a in o.answers
                if a.present
            ]
        else:
            pairs.append(("Not reached; what was done", o.what_was_done))
    symptoms = (
        table(
            [
                Column("Delayed symptom", 34),
                Column("Onset", 22),
                Column("Severity", 16),
                Column("Resolved", 12),
                Column("Triage", 16),
            ],
            rows,
            empty="No delayed symptoms.",
        )
        if o is not None and o.reached
        else ""
    )
    return section(
        "Addendum after signature: follow-up call",
        facts_grid(pairs),
        symptoms,
    )


def calls_due_section(calls: Sequence[FollowUpItem]) -> str:
    """The handoff sheet's "calls due": today's and overdue follow-up calls not yet made."""
    rows: list[list[Cell]] = [
        [
            day(c.due_date) if c.due_date else "-",
            STATUS_WORDS.get(c.status.value, c.status.value),
            c.patient_name,
            c.record_number,
            c.phone or "-",
            str(c.attempts),
            "; ".join(c.reasons),
        ]
        for c in calls
        if c.open
    ]
    return section(
        "Calls due",
        table(
            [
                Column("Due", 10),
                Column("Status", 9),
                Column("Patient", 18),
                Column("Record", 11),
                Column("Phone", 13),
                Column("Tries", 5),
                Column("Why", 34),
            ],
            rows,
            empty="No follow-up calls due or overdue.",
        ),
    )
