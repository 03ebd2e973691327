"""Recorded entries as their amendments make them read (values and times, issue 17): the
timeline's entries, the readings and the reactions. Rows are never rewritten; the originals
stay beside the amendments."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from nurse_monitor.domain.entry_fields import TIME, check_entry
from nurse_monitor.domain.events import EventPayloadError
from nurse_monitor.domain.news2 import score_news2
from nurse_monitor.services.amended_values import effective_payload, effective_time, stored_moment
from nurse_monitor.services.record_cache import KeptEvent, engine_event
from nurse_monitor.services.records import AmendmentRecord, EventRecord, ReadingRecord
from nurse_monitor.storage.models import Reaction


@dataclass(frozen=True)
class ReactionRecord:
    id: int
    onset_at: datetime
    severity: str
    ctcae_grade: int | None
    symptoms: tuple[str, ...]
    actions: str
    interventions: tuple[dict[str, Any], ...]
    resolved_at: datetime | None
    outcome: str | None
    restart_rate_ml_h: float | None
    recorded_by: str


@dataclass(frozen=True)
class TimelineEntry:
    """An event as the timeline shows it, with its amendments (originals kept)."""

    event: EventRecord
    by: str
    payload: dict[str, Any]  # with amendments applied; empty when unreadable
    amendments: tuple[AmendmentRecord, ...]
    unreadable: bool = False  # its stored value cannot be read: shown as "entry cannot be read"


def original_entry(entry: TimelineEntry) -> TimelineEntry:
    """The entry as first recorded, before its amendments (unreadable if its stored value is)."""
    first = next((a for a in entry.amendments if a.field == TIME), None)
    recorded = stored_moment(first.original_value) if first is not None else None
    event = replace(entry.event, occurred_at=recorded) if recorded is not None else entry.event
    try:
        check_entry(event.type, event.occurred_at, event.payload)
    except (EventPayloadError, TypeError, ValueError, OverflowError):
        return TimelineEntry(event, entry.by, {}, (), unreadable=True)
    return TimelineEntry(event, entry.by, dict(event.payload), ())


def amended_reading_record(r: ReadingRecord, by: str, payload: dict[str, Any]) -> ReadingRecord:
    """A reading as amended: the values and NEWS2 from the corrected entry (checked when the
    amendment was made); the stored reading keeps the original."""
    vitals = engine_event("vitals", r.taken_at, payload).vitals
    assert vitals is not None
    news2 = score_news2(vitals)
    return ReadingRecord(
        r.id,
        r.taken_at,
        vitals.systolic,
        vitals.diastolic,
        vitals.heart_rate,
        vitals.respiratory_rate,
        vitals.temperature_c,
        vitals.spo2,
        vitals.on_oxygen,
        vitals.consciousness.value,
        vitals.pain,
        news2.total,
        news2.band.value,
        r.note,
        by,
        dict(news2.parameter_scores),
    )


def reaction_record(r: Reaction, by: str) -> ReactionRecord:
    return ReactionRecord(
        r.id,
        r.onset_at,
        r.severity,
        r.ctcae_grade,
        tuple(r.symptoms),
        r.actions,
        tuple(r.interventions),
        r.resolved_at,
        r.outcome,
        r.restart_rate_ml_h,
        by,
    )


def as_amended(
    reaction: ReactionRecord, event_id: int | None, timeline: tuple[TimelineEntry, ...]
) -> ReactionRecord:
    """The reaction as its event now reads: an amended onset, severity or symptoms reach every
    report (PDF, FHIR) and screen, not only the engine. The reaction row is never rewritten."""
    resolution = next(
        (
            t
            for t in timeline
            if t.event.type == "reaction_resolved"
            and any(a.field == TIME for a in t.amendments)
            and original_entry(t).event.occurred_at == reaction.resolved_at
        ),
        None,
    )
    if resolution is not None:  # its resolution's time was amended (issue 17)
        reaction = replace(reaction, resolved_at=resolution.event.occurred_at)
    reaction = replace(reaction, interventions=_given_as_amended(reaction, timeline))
    entry = next((t for t in timeline if t.event.id == event_id), None)
    if entry is None or entry.unreadable or not entry.amendments:
        return reaction
    moved = any(a.field == TIME for a in entry.amendments)
    return replace(
        reaction,
        onset_at=entry.event.occurred_at if moved else reaction.onset_at,
        severity=str(entry.payload.get("severity", reaction.severity)),
        symptoms=tuple(entry.payload.get("symptoms", reaction.symptoms)),
    )


def _given_as_amended(
    reaction: ReactionRecord, timeline: tuple[TimelineEntry, ...]
) -> tuple[dict[str, Any], ...]:
    """The medicines given for the reaction at their amended times (issue 17): each is matched
    to its chart entry by the time it was recorded with."""
    moved = {
        original_entry(t).event.occurred_at: t.event.occurred_at.isoformat()
        for t in timeline
        if t.event.type == "reaction_intervention"
        and t.payload.get("reaction_id") == reaction.id
        and any(a.field == TIME for a in t.amendments)
    }
    if not moved:
        return reaction.interventions
    out = []
    for given in reaction.interventions:
        at = stored_moment(given.get("at"))
        out.append({**given, "at": moved[at]} if at in moved else given)
    return tuple(out)


def timeline_entry(
    kept: KeptEvent, by: str, amended: list[AmendmentRecord] | None
) -> TimelineEntry:
    """The entry as the timeline shows it; a stored or amended value that cannot be read marks
    the entry unreadable (every reader skips it) instead of raising on every screen."""
    if not kept.readable:
        return TimelineEntry(kept.record, by, {}, tuple(amended or ()), unreadable=True)
    if not amended:
        return TimelineEntry(kept.record, by, kept.record.payload, ())
    payload = effective_payload(kept.record, amended)
    at = effective_time(kept.record, amended)
    event = kept.record if at == kept.record.occurred_at else replace(kept.record, occurred_at=at)
    try:
        check_entry(event.type, event.occurred_at, payload)
    except (EventPayloadError, TypeError, ValueError, OverflowError):
        return TimelineEntry(event, by, {}, tuple(amended), unreadable=True)
    return TimelineEntry(event, by, payload, tuple(amended))
