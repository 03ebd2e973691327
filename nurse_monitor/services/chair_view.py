"""Everything the chair workspace shows for one session, read in one unit of work.

The engine's status and the checklist are computed from the recorded events (with amendments
applied), so what the screen shows after a restart is what it showed before. The rows come
through the database's record cache, so a reload parses only what was recorded since the last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from nurse_monitor.domain.checklist import ChartEntry, ChecklistState, checklist_state
from nurse_monitor.domain.engine import InfusionStatus, SessionFacts, infusion_status
from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.news2 import score_news2
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.services.actors import Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.conversions import (
    amendment_record,
    patient_record,
    session_record,
)
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import NotFound
from nurse_monitor.services.protocol_library import protocol
from nurse_monitor.services.record_cache import (
    DETAIL,
    EMPTY,
    ENGINE_TYPES,
    KeptEvent,
    RecordCache,
    SessionRows,
    engine_event,
    extended,
    reading_record,
    reading_vitals,
    signed,
)
from nurse_monitor.services.records import (
    AmendmentRecord,
    EventRecord,
    PatientRecord,
    ReadingRecord,
    SessionRecord,
)
from nurse_monitor.storage.models import InfusionSession, Reaction, SessionEvent
from nurse_monitor.storage.repositories import patients, record, sessions, users

__all__ = [
    "DETAIL",
    "ENGINE_TYPES",
    "ChairView",
    "ReactionRecord",
    "ReadingRecord",
    "TimelineEntry",
    "build_view",
    "chair_view",
    "engine_event",
    "reading_record",
    "reading_vitals",
]


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
    payload: dict[str, Any]  # with amendments applied
    amendments: tuple[AmendmentRecord, ...]


@dataclass(frozen=True)
class ChairView:
    session: SessionRecord
    patient: PatientRecord
    protocol: Protocol
    facts: SessionFacts
    status: InfusionStatus
    checklist: ChecklistState
    timeline: tuple[TimelineEntry, ...]
    readings: tuple[ReadingRecord, ...]
    reactions: tuple[ReactionRecord, ...]
    nurse: str
    now: datetime
    people: dict[int, str]  # every user's signature by id, for "who"


def facts_for(row: InfusionSession, prot: Protocol, first_dose: bool | None = None) -> SessionFacts:
    bag = row.bag_volume_ml or prot.bag_volume_ml or 0.0
    return SessionFacts(
        protocol_id=row.protocol_id,
        infusion_number=row.infusion_number,
        dose_mg=row.dose_mg,
        bag_volume_ml=bag,
        first_dose=first_dose,
    )


def effective_payload(
    event: SessionEvent | EventRecord, amended: list[AmendmentRecord]
) -> dict[str, Any]:
    """The payload with every amendment applied in order (the stored event is never changed)."""
    payload = dict(event.payload)
    for amendment in amended:
        payload[amendment.field] = amendment.new_value
    return payload


def load_events(
    s: Session, session_id: int
) -> tuple[list[SessionEvent], dict[int, list[AmendmentRecord]]]:
    """The session's stored events and their amendments, unparsed (for reading a few fields;
    the engine's reading of them is `recorded_engine_events`)."""
    return sessions.events_for_session(s, session_id), event_amendments(s, session_id)


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


def is_first_dose_of_drug(s: Session, row: InfusionSession, prot: Protocol) -> bool:
    """First dose of this drug for the patient: no earlier session of it that started."""
    for protocol_id in sessions.started_sessions_before(s, row.patient_id, row.created_at, row.id):
        try:
            other_drug = protocol(protocol_id).drug
        except Exception:
            continue
        if other_drug == prot.drug:
            return False
    return True


def session_rows(
    s: Session,
    session_id: int,
    cache: RecordCache | None = None,
    *,
    shared: bool = False,
    names: dict[int, str] | None = None,
) -> SessionRows:
    """The session's events and readings, parsed: through `cache` when given (see record_cache
    for when `shared` may be True), else read whole."""
    if cache is not None:
        return cache.rows(s, session_id, shared=shared, names=names)
    events = sessions.events_for_session(s, session_id)
    return extended(EMPTY, events, sessions.readings_for_session(s, session_id), names)


def event_amendments(s: Session, session_id: int) -> dict[int, list[AmendmentRecord]]:
    by_event: dict[int, list[AmendmentRecord]] = {}
    for amendment in record.amendments_for_session(s, session_id):
        if amendment.target_type == "event":
            by_event.setdefault(amendment.target_id, []).append(amendment_record(amendment))
    return by_event


def recorded_engine_events(
    s: Session, session_id: int, cache: RecordCache | None
) -> list[InfusionEvent]:
    """The session's engine events as `s` sees them (inside a write: its own additions too)."""
    rows = session_rows(s, session_id, cache, shared=False)
    return kept_engine_events(rows.events, event_amendments(s, session_id))


def kept_engine_events(
    events: tuple[KeptEvent, ...], amended: dict[int, list[AmendmentRecord]]
) -> list[InfusionEvent]:
    """The engine's events in time order, amendments applied (amended ones parsed again)."""
    out: list[InfusionEvent] = []
    for kept in events:
        if kept.engine is None:
            continue
        changes = amended.get(kept.record.id)
        if changes:
            payload = effective_payload(kept.record, changes)
            out.append(engine_event(kept.record.type, kept.record.occurred_at, payload))
        else:
            out.append(kept.engine)
    return out


def build_view(
    s: Session,
    row: InfusionSession,
    now: datetime,
    cache: RecordCache | None = None,
    *,
    shared: bool = False,
) -> ChairView:
    prot = protocol(row.protocol_id)
    first = is_first_dose_of_drug(s, row, prot)
    facts = facts_for(row, prot, first)
    names = {u.id: _signature(u.full_name, u.credentials) for u in users.all_users(s)}
    rows = session_rows(s, row.id, cache, shared=shared, names=names)
    amended = event_amendments(s, row.id)
    timeline = tuple(
        TimelineEntry(
            k.record,
            names.get(k.record.recorded_by_id, "?"),
            effective_payload(k.record, amended[k.record.id])
            if k.record.id in amended
            else k.record.payload,
            tuple(amended.get(k.record.id, ())),
        )
        for k in rows.events
    )
    entries = [ChartEntry(t.event.type, t.event.occurred_at, t.payload, t.by) for t in timeline]
    status = infusion_status(prot, facts, kept_engine_events(rows.events, amended), now)
    amended_vitals = {
        t.event.id: t.payload for t in timeline if t.event.type == "vitals" and t.amendments
    }
    readings = []
    for kept in rows.readings:
        by = names.get(kept.recorded_by_id, "?")
        payload = amended_vitals.get(kept.event_id) if kept.event_id is not None else None
        if payload is not None:
            readings.append(amended_reading_record(kept.record, by, payload))
        else:
            readings.append(signed(kept, by))
    checklist = checklist_state(prot, entries, now, first_dose=facts.is_first_dose)
    patient = patients.patient_by_id(s, row.patient_id)
    if patient is None:
        raise NotFound(f"the patient of session {row.id} is missing")
    return ChairView(
        session=session_record(row),
        patient=patient_record(patient, patients.discontinuations(s, patient.id)),
        protocol=prot,
        facts=facts,
        status=status,
        checklist=checklist,
        timeline=timeline,
        readings=tuple(readings),
        reactions=tuple(
            reaction_record(r, names.get(r.recorded_by_id, "?"))
            for r in sessions.reactions_for_session(s, row.id)
        ),
        nurse=names.get(row.nurse_id, "?"),
        now=now,
        people=names,
    )


def _signature(name: str, credentials: str) -> str:
    return f"{name}, {credentials}" if credentials else name


def chair_view(db: Database, actor: Actor, session_id: int) -> ChairView:
    """The whole chair workspace for one session at the clock's now."""
    require_role(actor, ("nurse", "charge_nurse"), "read sessions", db)
    with db.read() as s:
        row = sessions.session_by_id(s, session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        return build_view(s, row, db.clock.now(), db.records, shared=True)


def open_workspace(db: Database, actor: Actor, session_id: int) -> ChairView:
    """The chair workspace as a nurse opens it: `chair_view`, and an audit entry that they
    read it (its reloads afterwards are not audited again)."""
    require_role(actor, ("nurse", "charge_nurse"), "read sessions", db)
    with db.write() as s:
        if sessions.session_by_id(s, session_id) is None:
            raise NotFound(f"no session with id {session_id}")
        write_audit(s, actor, "view", db.clock.now(), "session", session_id, workspace=True)
    return chair_view(db, actor, session_id)


def open_session_ids(db: Database, actor: Actor) -> list[int]:
    """Sessions not yet signed: what reopens after a restart or a crash."""
    require_role(actor, ("nurse", "charge_nurse"), "read sessions", db)
    with db.read() as s:
        return [r.id for r in sessions.sessions_with_status(s, ("planned", "in_progress", "ended"))]
