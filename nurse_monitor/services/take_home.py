"""The patient's take-home sheet: plain words about today and the next days, the centre's phone
numbers (site settings), the drug's own words from its protocol (each with its source), and the
next appointment. Printing it is recorded on the session with the sheet's text.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from nurse_monitor.clock import local_date
from nurse_monitor.domain.after_care import GENERIC_AFTER_CARE, Topic
from nurse_monitor.domain.checklist import ChartType
from nurse_monitor.domain.entry_fields import MAX_TEXT
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import ChairView, chair_view
from nurse_monitor.services.charting import charting
from nurse_monitor.services.conversions import event_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.follow_ups import follow_up_for_session
from nurse_monitor.services.records import EventRecord
from nurse_monitor.services.site_settings import CentreSettings, centre_settings

TAKE_HOME_EVENT = ChartType.TAKE_HOME_SHEET.value

TITLES = {
    Topic.COMMON_NEXT_DAY: "In the next 24 hours",
    Topic.CALL_THE_CENTRE: "Call us about",
    Topic.EMERGENCY: "Get emergency help now (call your local emergency number) for",
    Topic.INFECTION_SIGNS: "Signs of infection: tell us",
    Topic.PML_SIGNS: "Brain-related warning signs (PML)",
}
ORDER = (
    Topic.COMMON_NEXT_DAY,
    Topic.CALL_THE_CENTRE,
    Topic.EMERGENCY,
    Topic.INFECTION_SIGNS,
    Topic.PML_SIGNS,
)


@dataclass(frozen=True)
class SheetSection:
    title: str
    lines: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True)
class TakeHomeSheet:
    """Everything the sheet says, as text (what is printed is what the record keeps)."""

    session_id: int
    centre: str
    title: str
    patient: str
    sections: tuple[SheetSection, ...]
    sources: tuple[str, ...]

    @property
    def text(self) -> str:
        parts = [self.centre, self.title, self.patient]
        for s in self.sections:
            parts.append("")
            parts.append(s.title)
            parts.extend(f"- {line}" for line in s.lines)
        parts.append("")
        parts.append("Where this information comes from")
        parts.extend(f"- {s}" for s in self.sources)
        return "\n".join(parts)


def take_home_sheet(
    db: Database, actor: Actor, session_id: int, working_weekdays: Collection[int]
) -> TakeHomeSheet:
    view = chair_view(db, actor, session_id)
    centre = centre_settings(db)
    follow_up = follow_up_for_session(db, actor, session_id, working_weekdays)
    call_on = follow_up.due_date if follow_up is not None and follow_up.open else None
    return sheet_for(view, centre, call_on)


def sheet_for(view: ChairView, centre: CentreSettings, call_on: date | None) -> TakeHomeSheet:
    patient = view.patient
    care = view.protocol.after_care
    sections = [SheetSection("What you were given today", _given(view))]
    sources: list[str] = []
    for topic in ORDER:
        passage = (care.passage(topic) if care else None) or GENERIC_AFTER_CARE.passage(topic)
        if passage is None:
            continue
        lines = list(passage.lines)
        if topic is Topic.CALL_THE_CENTRE:
            lines.insert(0, _phones(centre))
        sections.append(SheetSection(TITLES[topic], tuple(lines), passage.source))
        if passage.source not in sources:
            sources.append(passage.source)
    sections.append(SheetSection("What happens next", _next(view, call_on, centre)))
    return TakeHomeSheet(
        session_id=view.session.id,
        centre=centre.display_name,
        title="After your infusion: information to take home",
        patient=(
            f"{patient.given_name} {patient.family_name}, born "
            f"{patient.date_of_birth:%d %B %Y}, record {patient.record_number}"
        ),
        sections=tuple(sections),
        sources=tuple(sources),
    )


def record_take_home(
    db: Database,
    actor: Actor,
    session_id: int,
    sheet: TakeHomeSheet,
    *,
    printed: bool = False,
    expected_version: int | None = None,
) -> EventRecord:
    """The sheet was printed (or saved as PDF) and given: its text goes on the record, and the
    discharge checklist's take-home step is done."""
    with charting(db, actor, session_id, expected_version) as c:
        payload: dict[str, Any] = {"text": sheet.text, "printed": printed}
        return event_record(c.add(TAKE_HOME_EVENT, payload))


def record_take_home_not_given(
    db: Database,
    actor: Actor,
    session_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> EventRecord:
    """No sheet today (the patient declined, the printer is down): the reason closes the
    discharge checklist's take-home step, on the record."""
    if not reason.strip():
        raise InvalidInput(
            "Reason", "say why the patient leaves without the take-home sheet (e.g. declined)"
        )
    if len(reason.strip()) > MAX_TEXT:
        raise InvalidInput("Reason", f"at most {MAX_TEXT} characters")
    with charting(db, actor, session_id, expected_version) as c:
        event = c.add(ChartType.TAKE_HOME_NOT_GIVEN, {"reason": reason.strip()})
        return event_record(event)


def _when(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%H:%M") if moment else ""


def _given(view: ChairView) -> tuple[str, ...]:
    lines = []
    prot = view.protocol
    started, ended = view.status.started_at, view.status.ended_at
    dose = f"{view.session.dose_mg:g} mg"
    day = local_date(started or view.session.created_at)
    what = f"{prot.brand} ({prot.drug}) {dose}, {prot.route.value}, on {day:%A %d %B %Y}"
    if started is not None:
        what += f", from {_when(started)}" + (f" to {_when(ended)}" if ended else "")
    lines.append(what + ".")
    for entry in view.readable:
        if entry.event.type != "premedication_given":
            continue
        p: dict[str, Any] = entry.payload
        drug, dose_text = p.get("drug"), p.get("dose")
        if isinstance(drug, str):
            amount = f" {dose_text}" if isinstance(dose_text, str) else ""
            lines.append(
                f"Before it: {drug}{amount} at {_when(entry.event.occurred_at)} "
                "(to lower the chance of a reaction)."
            )
    for r in view.reactions:
        lines.append(
            f"You had a reaction at {_when(r.onset_at)} ({', '.join(r.symptoms) or r.severity}); "
            "the nurses treated it before you went home."
        )
    return tuple(lines)


def _phones(centre: CentreSettings) -> str:
    phone = centre.phone or "the number on your appointment letter"
    line = f"Call {centre.display_name} on {phone}"
    if centre.out_of_hours_phone:
        line += f" (after hours: {centre.out_of_hours_phone})"
    return line + " about:"


def _next(view: ChairView, call_on: date | None, centre: CentreSettings) -> tuple[str, ...]:
    lines = []
    if call_on is not None:
        lines.append(f"A nurse from {centre.display_name} will phone you on {call_on:%A %d %B}.")
    next_dose = _next_dose_on(view)
    if next_dose is not None:
        lines.append(f"Your next dose is due on {next_dose:%A %d %B %Y}.")
    else:
        lines.append("We will tell you the date of your next dose.")
    return tuple(lines)


def _next_dose_on(view: ChairView) -> date | None:
    found = None
    for entry in view.readable:
        if entry.event.type == "teaching_given":
            value = entry.payload.get("next_dose_on")
            if isinstance(value, str):
                try:
                    found = date.fromisoformat(value)
                except ValueError:
                    continue
    return found
