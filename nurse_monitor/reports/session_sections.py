"""The sections of an infusion record up to the end of the infusion, from the chair view.

What the record holds follows clinical-reference.md section 8: two patient identifiers, drug,
dose, route, bag, lot and expiry, access device, premedications with times, each rate change
with time and who, vital signs with time (session_outcome_sections.py holds the rest).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from nurse_monitor.domain.protocols import Answer
from nurse_monitor.reports.html_parts import (
    ALARM_BG,
    FLAG_BG,
    Cell,
    Column,
    Markup,
    bold,
    cell_html,
    facts_grid,
    lines,
    muted,
    note,
    section,
    table,
)
from nurse_monitor.reports.wording import (
    DASH,
    clock_time,
    date_time,
    day,
    e,
    number,
)
from nurse_monitor.services.chair_view import DETAIL, ChairView, ReadingRecord, TimelineEntry
from nurse_monitor.services.record_words import ENTRY_TITLES

TITLES = ENTRY_TITLES
RATE_TYPES = ("infusion_started", "rate_changed", "paused", "resumed", "infusion_stopped")
STATUS_WORDS = {
    "planned": "planned (not started)",
    "in_progress": "in progress",
    "ended": "infusion ended, not yet signed",
    "signed": "signed",
    "cosigned": "signed and co-signed",
}


def entries(view: ChairView, *types: str) -> list[TimelineEntry]:
    return [t for t in view.readable if t.event.type in types]


def last(view: ChairView, *types: str) -> TimelineEntry | None:
    found = entries(view, *types)
    return found[-1] if found else None


def with_mark(text: Cell, entry: TimelineEntry, field: str) -> Markup:
    """The value, marked when an amendment changed this field (the Amendments table says how)."""
    amended = any(a.field == field for a in entry.amendments)
    return Markup(cell_html(text) + (cell_html(muted(" (amended)")) if amended else ""))


def reason_cell(text: str) -> Cell:
    """A reason with its protocol citation in brackets: the citation smaller and muted."""
    head, sep, rule = text.partition(" [")
    if not sep:
        return text
    return Markup(f'{e(head)}<br/><span style="font-size: 7pt; color: #555555;">[{e(rule)}</span>')


# ----- patient and medication -----


def patient_section(view: ChairView) -> str:
    p = view.patient
    weight = view.session.weight_kg or p.weight_kg
    allergies: Cell = bold(p.allergies) if p.allergies.strip() else "No known allergies"
    pairs: list[tuple[str, Cell]] = [
        ("Name", bold(p.display_name)),
        ("Record number", bold(p.record_number)),
        ("Date of birth", day(p.date_of_birth)),
        ("Sex", p.sex),
        ("Weight", number(weight, "kg")),
        ("Allergies", allergies),
    ]
    if p.discontinued:
        pairs.append(
            (
                "Discontinued",
                lines([f"{d.drug}: {d.reason} ({day(d.discontinued_at)})" for d in p.discontinued]),
            )
        )
    return section("Patient", facts_grid(pairs))


def medication_section(view: ChairView) -> str:
    s, prot = view.session, view.protocol
    bag = view.facts.bag_volume_ml
    concentration = prot.concentration_mg_ml(s.dose_mg, bag or None)
    verified = last(view, "drug_verified")
    check = (
        f"checked at the chair {clock_time(verified.event.occurred_at)} by {verified.by}"
        if verified
        else "not checked at the chair"
    )
    pairs: list[tuple[str, Cell]] = [
        ("Drug", bold(f"{prot.drug} ({prot.brand})")),
        ("Dose", bold(number(s.dose_mg, "mg"))),
        ("Route", prot.route.value),
        ("Infusion", f"number {s.infusion_number} of the course"),
        ("Lot", s.lot_number or DASH),
        ("Expiry", day(s.lot_expiry)),
        ("Bag volume", number(bag, "mL")),
        ("Concentration", f"{concentration:.2f} mg/mL" if concentration else DASH),
        ("Drug check", check),
        ("Chair", s.chair),
    ]
    source = str(prot.source)
    return section(
        "Medication",
        facts_grid(pairs),
        facts_grid([("Protocol", bold(prot.display_name)), ("Source", source)], columns=1),
    )


# ----- before the start -----


def screening_section(view: ChairView) -> str:
    entry = last(view, "screening_recorded")
    if entry is None:
        return section("Screening", note("Not recorded."))
    answers: dict[str, Any] = entry.payload.get("answers", {})
    overrides: dict[str, str] = entry.payload.get("overrides", {})
    rows: list[list[Cell]] = []
    shading: list[list[str | None]] = []
    for q in view.protocol.checklist:
        value = answers.get(q.id)
        answer = "not asked" if value is None else ("Yes" if value else "No")
        concern = value is not None and (Answer.YES if value else Answer.NO) is q.triggers_on
        rows.append([q.text, bold(answer) if concern else answer, overrides.get(q.id)])
        shading.append([None, FLAG_BG if concern else None, None])
    return section(
        "Screening",
        table(
            [Column("Question", 62), Column("Answer", 10), Column("Override reason", 28)],
            rows,
            shading=shading,
        ),
        _delayed_reaction(entry.payload.get("delayed_reaction")),
        note(f"Recorded {date_time(entry.event.occurred_at)} by {entry.by}."),
    )


def _delayed_reaction(item: object) -> str:
    """The carried-forward question (issue 18): the call's details, the nurse's answer, and each
    suggested premedication accepted or declined with its reason."""
    if not isinstance(item, dict) or not isinstance(item.get("answer"), bool):
        return ""
    listed = item.get("details")
    details = [d for d in listed if isinstance(d, str)] if isinstance(listed, list) else []
    suggestions = item.get("suggestions")
    decided = []
    for d in suggestions if isinstance(suggestions, list) else []:
        if isinstance(d, dict):
            what = "accepted" if d.get("accepted") is True else f"declined: {d.get('reason', '')}"
            decided.append(f"{d.get('premedication', '?')} suggested, {what}")
    pairs: list[tuple[str, Cell]] = [
        ("Delayed reaction after the last infusion", bold("Yes" if item["answer"] else "No")),
        ("What the call found", lines(details) if details else DASH),
    ]
    if decided:
        pairs.append(("Suggested premedication", lines(decided)))
    return facts_grid(pairs, columns=1)


def access_section(view: ChairView) -> str:
    found = entries(view, "iv_access_recorded")
    rows: list[list[Cell]] = [
        [
            clock_time(t.event.occurred_at),
            with_mark(t.payload.get("device"), t, "device"),
            with_mark(f"{t.payload.get('gauge')} G", t, "gauge"),
            with_mark(f"{t.payload.get('site')}, {t.payload.get('side')}", t, "site"),
            with_mark(str(t.payload.get("attempts")), t, "attempts"),
            with_mark(t.payload.get("placed_by"), t, "placed_by"),
            t.by,
        ]
        for t in found
    ]
    return section(
        "IV access",
        table(
            [
                Column("Time", 8),
                Column("Device", 22),
                Column("Gauge", 8),
                Column("Site and side", 19),
                Column("Attempts", 11),
                Column("Placed by", 14),
                Column("Recorded by", 18),
            ],
            rows,
        ),
    )


def off_list(entry: TimelineEntry) -> Markup:
    """A drug outside the protocol's lists: the class it was given as, and the reason."""
    given_as = entry.payload.get("drug_class")
    if not given_as:
        return Markup("")
    reason = entry.payload.get("reason") or "no reason given: does not count"
    return Markup(cell_html(muted(f" (as {given_as}; {reason})")))


def premedication_section(view: ChairView) -> str:
    rows: list[list[Cell]] = [
        [
            clock_time(t.event.occurred_at),
            Markup(with_mark(t.payload.get("drug"), t, "drug").html + off_list(t).html),
            with_mark(t.payload.get("dose"), t, "dose"),
            with_mark(t.payload.get("route"), t, "route"),
            t.by,
        ]
        for t in entries(view, "premedication_given")
    ]
    return section(
        "Premedications",
        table(
            [
                Column("Time", 8),
                Column("Drug", 34),
                Column("Dose", 14),
                Column("Route", 12),
                Column("Given by", 32),
            ],
            rows,
        ),
    )


# ----- the infusion -----


def rate_section(view: ChairView) -> str:
    rows: list[list[Cell]] = []
    for t in entries(view, *RATE_TYPES):
        p = t.payload
        detail = p.get(DETAIL) or {}
        kind = t.event.type
        if kind in ("paused", "infusion_stopped"):
            rate = "0"
            why = p.get("reason") or TITLES[kind]
        else:
            rate = number(p.get("rate_ml_h"))
            why = detail.get("reason") or (
                "start of infusion" if kind == "infusion_started" else ""
            )
            if p.get("reason"):  # recorded above the label's plan, with the nurse's reason
                why = f"above the plan: {p['reason']}"
        rows.append(
            [
                clock_time(t.event.occurred_at),
                TITLES[kind],
                with_mark(rate, t, "rate_ml_h"),
                t.by,
                reason_cell(str(why)),
            ]
        )
    return section(
        "Rate changes",
        table(
            [
                Column("Time", 8),
                Column("Change", 15),
                Column("Rate mL/h", 10, "right"),
                Column("By", 20),
                Column("Why", 47),
            ],
            rows,
        ),
    )


def infusion_facts(view: ChairView) -> str:
    status = view.status
    ended = last(view, "infusion_ended")
    stopped = last(view, "infusion_stopped")
    volume = early = None
    if ended is not None:
        volume = (ended.payload.get(DETAIL) or {}).get("volume_infused_ml")
        early = (ended.payload.get(DETAIL) or {}).get("reason")
    volume_text: Cell = (
        Markup(
            f"<b>{e(number(volume, 'mL'))}</b> (pump)"
            + (f"; ended with volume left: {e(early)}" if early else "")
        )
        if volume is not None
        else f"{status.volume_infused_ml:.0f} mL (calculated; end not recorded)"
    )
    end_text = date_time(status.ended_at)
    if stopped is not None:
        end_text += f" (stopped: {stopped.payload.get('reason')})"
    discharged = last(view, "discharged")
    pairs: list[tuple[str, Cell]] = [
        ("Started", date_time(status.started_at)),
        ("Ended", end_text),
        ("Volume infused", volume_text),
        ("Duration", _duration(status.started_at, status.ended_at)),
        ("Observation until", date_time(status.observation_ends_at)),
        ("Discharged", date_time(discharged.event.occurred_at) if discharged else DASH),
    ]
    return section("Infusion", facts_grid(pairs))


def _duration(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return DASH
    minutes = int((end - start).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


# ----- vital signs -----

_READING_FIELDS = (
    ("BP mmHg", "systolic"),
    ("HR /min", "heart_rate"),
    ("RR /min", "respiratory_rate"),
    ("Temp °C", "temperature"),
    ("SpO₂ %", "spo2"),
    ("O₂", "air_or_oxygen"),
    ("ACVPU", "consciousness"),
)


_READING_WIDTHS = {"systolic": 9, "consciousness": 9}


def reading_cells(r: ReadingRecord) -> tuple[list[Cell], list[str | None]]:
    values: list[str] = [
        f"{r.systolic}/{r.diastolic}" if r.systolic is not None else DASH,
        e(r.heart_rate),
        e(r.respiratory_rate),
        f"{r.temperature_c:.1f}" if r.temperature_c is not None else DASH,
        e(r.spo2),
        "O₂" if r.on_oxygen else "air",
        e(r.consciousness),
    ]
    cells: list[Cell] = [clock_time(r.taken_at)]
    shading: list[str | None] = [None]
    for value, (_, key) in zip(values, _READING_FIELDS, strict=True):
        score = r.parameter_scores.get(key, 0)
        if score > 0:
            cells.append(Markup(f"<b>{value} *</b>"))
            shading.append(ALARM_BG if score >= 3 else FLAG_BG)
        else:
            cells.append(Markup(value))
            shading.append(None)
    cells.append(e(r.pain))
    shading.append(None)
    if r.news2_total is None:
        cells.append(DASH)
        shading.append(None)
    else:
        band = r.news2_band or ""
        cells.append(bold(f"{r.news2_total} {band}".strip()))
        shading.append({"low": None, "low_medium": FLAG_BG}.get(band, ALARM_BG))
    cells.append(r.recorded_by)
    shading.append(None)
    return cells, shading


def readings_section(readings: Sequence[ReadingRecord]) -> str:
    rows, shading = [], []
    for r in readings:
        cells, shade = reading_cells(r)
        rows.append(cells)
        shading.append(shade)
    columns = [
        Column("Time", 7),
        *(Column(title, _READING_WIDTHS.get(key, 7), "right") for title, key in _READING_FIELDS),
        Column("Pain", 6, "right"),
        Column("NEWS2", 12, "right"),
        Column("By", 20),
    ]
    return section(
        "Vital signs",
        note(
            "* outside the normal range (scored in NEWS2, RCP 2017); darker shading: the "
            "parameter scored 3. NEWS2: total and band."
        ),
        table(columns, rows, shading=shading),
    )
