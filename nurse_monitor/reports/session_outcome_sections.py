"""The outcome sections of an infusion record: reactions, discharge, signatures, amendments,
alarms, the pump.

Reactions: onset, symptoms, grade, actions, medicines given, outcome, whether the infusion
resumed and at what rate; then teaching, next dose, signatures with times, and amendments with
the original struck through (clinical-reference.md section 8).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from nurse_monitor.domain.alarm_log import episodes
from nurse_monitor.domain.alarm_priority import reason_words
from nurse_monitor.domain.checklist import TEACHING_TOPICS
from nurse_monitor.domain.entry_fields import TIME
from nurse_monitor.reports.html_parts import (
    Cell,
    Column,
    bold,
    facts_grid,
    lines,
    note,
    section,
    struck,
    table,
)
from nurse_monitor.reports.session_sections import STATUS_WORDS, TITLES, entries, last
from nurse_monitor.reports.wording import DASH, clock_time, date_time, day, e, number, words
from nurse_monitor.services.chair_view import ChairView, stored_moment

# ----- reactions -----


def reactions_section(view: ChairView) -> str:
    if not view.reactions:
        return section("Reactions", note("No infusion reaction."))
    blocks = []
    for number_, r in enumerate(view.reactions, 1):
        given = [
            f"{clock_time(_parse(i.get('at')))} {i.get('drug')} {i.get('dose')} {i.get('route')}"
            for i in r.interventions
        ]
        restart = _restart_after(view, r.resolved_at)
        pairs: list[tuple[str, Cell]] = [
            ("Onset", date_time(r.onset_at)),
            ("Severity", bold(words(r.severity))),
            ("CTCAE grade", bold(e(r.ctcae_grade))),
            ("Recorded by", r.recorded_by),
            ("Symptoms", ", ".join(r.symptoms)),
            ("Resolved", date_time(r.resolved_at) if r.resolved_at else "not resolved"),
            ("Actions", lines([line for line in r.actions.splitlines() if line.strip()])),
            ("Outcome", r.outcome or DASH),
            ("Medicines given", lines(given) if given else "none"),
            ("Restart rate", number(r.restart_rate_ml_h, "mL/h")),
            ("Infusion resumed", restart),
        ]
        blocks.append(
            f'<p style="margin-top: 6px; margin-bottom: 2px;"><b>Reaction {number_}</b></p>'
            + facts_grid(pairs)
        )
    spacer = '<p style="font-size: 4pt; margin: 0;">&nbsp;</p>'  # Qt drops the table margin here
    return section("Reactions", *blocks, spacer)


def _parse(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


def _restart_after(view: ChairView, resolved_at: datetime | None) -> str:
    if resolved_at is None:
        return DASH
    for at, rate in view.status.rate_history:
        if at >= resolved_at and rate > 0:
            return f"yes, at {rate:g} mL/h from {clock_time(at)}"
    if view.status.drug_discontinued:
        return "no (drug discontinued)"
    return "no"


# ----- discharge, signatures, amendments -----


def discharge_section(view: ChairView) -> str:
    teaching = last(view, "teaching_given")
    if teaching is None:
        body = note("Discharge teaching not recorded.")
    else:
        topics = teaching.payload.get("topics", [])
        given = [f"✓ {TEACHING_TOPICS.get(t, t)}" for t in topics]
        next_dose = teaching.payload.get("next_dose_on")
        pairs: list[tuple[str, Cell]] = [
            ("Teaching given", lines(given)),
            ("Next dose", bold(day(_date(next_dose))) if next_dose else "set by the prescriber"),
            ("Taught by", f"{teaching.by}, {date_time(teaching.event.occurred_at)}"),
        ]
        if teaching.payload.get("note"):
            pairs.append(("Note", teaching.payload["note"]))
        body = facts_grid(pairs, columns=1)
    body += _take_home(view)
    notes = [
        [clock_time(t.event.occurred_at), t.payload.get("text"), t.payload.get("reason"), t.by]
        for t in entries(view, "note")
    ]
    extra = ""
    if notes:
        extra = table(
            [Column("Time", 8), Column("Note", 42), Column("Reason", 30), Column("By", 20)], notes
        )
    return section("Discharge", body, extra)


def _take_home(view: ChairView) -> str:
    """The discharge checklist's take-home sheet: given (printed or saved), or why not."""
    entry = last(view, "take_home_sheet", "take_home_not_given")
    if entry is None:
        return note("Take-home sheet: not recorded.")
    when = f"{entry.by}, {date_time(entry.event.occurred_at)}"
    if entry.event.type == "take_home_not_given":
        value: Cell = f"not given: {entry.payload.get('reason', '')} ({when})"
    else:
        how = "printed" if entry.payload.get("printed") else "saved as PDF"
        value = f"given ({how}), {when}; its text is kept on the record"
    return facts_grid([("Take-home sheet", value)], columns=1)


def _date(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        return None


def signatures_section(view: ChairView) -> str:
    s = view.session
    signed = (
        f"{view.people.get(s.signed_by_id, '?')}, {date_time(s.signed_at)}"
        if s.signed_by_id is not None
        else "not signed"
    )
    cosigned = (
        f"{view.people.get(s.cosigned_by_id, '?')}, {date_time(s.cosigned_at)}"
        if s.cosigned_by_id is not None
        else "not co-signed"
    )
    pairs: list[tuple[str, Cell]] = [
        ("Nurse of record", bold(view.nurse)),
        ("Signed", bold(signed) if s.signed_by_id is not None else signed),
        ("Co-signed", bold(cosigned) if s.cosigned_by_id is not None else cosigned),
        ("Record status", STATUS_WORDS.get(s.status, s.status)),
    ]
    if s.needs_review:
        pairs.append(("Review", bold("amended after co-signature: awaiting re-review")))
    return section("Signatures", facts_grid(pairs, columns=1))


def amendments_section(view: ChairView) -> str:
    rows: list[list[Cell]] = []
    for t in view.timeline:
        for a in t.amendments:
            rows.append(
                [
                    f"{TITLES.get(t.event.type, t.event.type)} {clock_time(t.event.occurred_at)}",
                    "Time" if a.field == TIME else words(a.field),
                    struck(_value(a.original_value, a.field)),
                    bold(_value(a.new_value, a.field)),
                    a.reason,
                    view.people.get(a.amended_by_id, "?"),
                    date_time(a.amended_at),
                ]
            )
    return section(
        "Amendments",
        table(
            [
                Column("Entry", 17),
                Column("Field", 10),
                Column("Was", 12),
                Column("Now", 12),
                Column("Reason", 20),
                Column("By", 15),
                Column("When", 14),
            ],
            rows,
            empty="No amendments.",
        ),
    )


def alarms_section(view: ChairView) -> str:
    """Each alarm episode: raised, acknowledged or snoozed (by whom), ended (issue 15)."""
    rows: list[list[Cell]] = [
        [
            f"{reason_words(ep.reasons)} ({ep.priority})",
            clock_time(ep.raised_at),
            lines([f"{a.what} {clock_time(a.at)} by {a.by}" for a in ep.answers]),
            clock_time(ep.ended_at) if ep.ended_at else "open",
        ]
        for ep in episodes(view.alarm_log)
    ]
    return section(
        "Alarms",
        table(
            [
                Column("Alarm", 40),
                Column("Raised", 12),
                Column("Answered", 34),
                Column("Ended", 14),
            ],
            rows,
            empty="No alarms.",
        ),
    )


def pump_section(view: ChairView) -> str:
    """What the bound pump reported, one line per change of its rate or status and per event
    or alarm, and whether the nurse charted it (issue 19); nothing when no pump was bound."""
    if not view.pump_log:
        return ""
    rows: list[list[Cell]] = [
        [
            clock_time(line.received_at),
            clock_time(line.observed_at),
            line.pump_id + (f" ({line.channel})" if line.channel else ""),
            line.what,
            line.done,
        ]
        for line in view.pump_log
    ]
    return section(
        "Pump",
        table(
            [
                Column("Received", 10),
                Column("Pump time", 10),
                Column("Pump", 20),
                Column("Reported", 34),
                Column("Nurse", 26),
            ],
            rows,
        ),
        note("Charted only on the nurse's word: a pump reading not charted is not in the record."),
    )


def _value(value: Any, field: str = "") -> str:
    moment = stored_moment(value) if field == TIME else None
    if moment is not None:
        return date_time(moment)  # an amended time, in the station's local time
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return DASH if value is None else str(value)
