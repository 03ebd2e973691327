"""Everything the chair workspace shows for one session, read in one unit of work.

The engine's status and the checklist are computed from the recorded events (with amendments
applied), so what the screen shows after a restart is what it showed before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from nurse_monitor.domain.checklist import ChartEntry, ChecklistState, checklist_state
from nurse_monitor.domain.engine import InfusionStatus, SessionFacts, infusion_status
from nurse_monitor.domain.events import EventType, InfusionEvent, parse_event
from nurse_monitor.domain.news2 import score_news2
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.vital_signs import Consciousness, VitalSigns
from nurse_monitor.services.actors import Actor, require_role
from nurse_monitor.services.conversions import (
    amendment_record,
    event_record,
    patient_record,
    session_record,
)
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import NotFound
from nurse_monitor.services.protocol_library import protocol
from nurse_monitor.services.records import (
    AmendmentRecord,
    EventRecord,
    PatientRecord,
    SessionRecord,
)
from nurse_monitor.storage.models import InfusionSession, Reaction, SessionEvent, VitalSignReading
from nurse_monitor.storage.repositories import patients, record, sessions, users

ENGINE_TYPES = frozenset(t.value for t in EventType)
DETAIL = "detail"  # chart details (why, pump volume...) beside the engine's own fields


@dataclass(frozen=True)
class ReadingRecord:
    """One set of vital signs with NEWS2 and the parameters that scored (abnormal)."""

    id: int
    taken_at: datetime
    systolic: int | None
    diastolic: int | None
    heart_rate: int | None
    respiratory_rate: int | None
    temperature_c: float | None
    spo2: int | None
    on_oxygen: bool
    consciousness: str
    pain: int | None
    news2_total: int | None
    news2_band: str | None
    note: str
    recorded_by: str
    parameter_scores: dict[str, int]


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


def effective_payload(event: SessionEvent, amended: list[AmendmentRecord]) -> dict[str, Any]:
    """The payload with every amendment applied in order (the stored event is never changed)."""
    payload = dict(event.payload)
    for amendment in amended:
        payload[amendment.field] = amendment.new_value
    return payload


def engine_event(event_type: str, at: datetime, payload: dict[str, Any]) -> InfusionEvent:
    return parse_event(event_type, at, {k: v for k, v in payload.items() if k != DETAIL})


def load_events(
    s: Session, session_id: int
) -> tuple[list[SessionEvent], dict[int, list[AmendmentRecord]]]:
    rows = sessions.events_for_session(s, session_id)
    by_event: dict[int, list[AmendmentRecord]] = {}
    for amendment in record.amendments_for_session(s, session_id):
        if amendment.target_type == "event":
            by_event.setdefault(amendment.target_id, []).append(amendment_record(amendment))
    return rows, by_event


def engine_events(
    rows: list[SessionEvent], amended: dict[int, list[AmendmentRecord]]
) -> list[InfusionEvent]:
    return [
        engine_event(r.type, r.occurred_at, effective_payload(r, amended.get(r.id, [])))
        for r in rows
        if r.type in ENGINE_TYPES
    ]


def reading_record(
    r: VitalSignReading, by: str, amended: dict[str, Any] | None = None
) -> ReadingRecord:
    """One reading for display; `amended` is its event's payload with amendments applied."""
    if amended is not None:
        return amended_reading_record(r, by, amended)
    scores: dict[str, int] = {}
    if None not in (r.systolic, r.diastolic, r.heart_rate, r.respiratory_rate, r.spo2):
        vitals = reading_vitals(r)
        if vitals is not None:
            scores = dict(score_news2(vitals).parameter_scores)
    return ReadingRecord(
        r.id,
        r.taken_at,
        r.systolic,
        r.diastolic,
        r.heart_rate,
        r.respiratory_rate,
        r.temperature_c,
        r.spo2,
        r.on_oxygen,
        r.consciousness,
        r.pain,
        r.news2_total,
        r.news2_band,
        r.note,
        by,
        scores,
    )


def amended_reading_record(r: VitalSignReading, by: str, payload: dict[str, Any]) -> ReadingRecord:
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


def reading_vitals(r: VitalSignReading) -> VitalSigns | None:
    """The stored reading as vital signs, for its NEWS2 flags.

    Built directly: the reading was validated when it was recorded (and readings are never
    amended in place), so validating every row again on every reload cost more than the engine.
    """
    if None in (r.systolic, r.diastolic, r.heart_rate, r.respiratory_rate, r.spo2):
        return None
    if r.temperature_c is None:
        return None
    try:
        consciousness = Consciousness(r.consciousness)
    except ValueError:
        return None
    return VitalSigns(
        systolic=int(r.systolic or 0),
        diastolic=int(r.diastolic or 0),
        heart_rate=int(r.heart_rate or 0),
        respiratory_rate=int(r.respiratory_rate or 0),
        temperature_c=float(r.temperature_c),
        spo2=int(r.spo2 or 0),
        on_oxygen=bool(r.on_oxygen),
        consciousness=consciousness,
        pain=r.pain,
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
    for other in sessions.sessions_for_patient(s, row.patient_id):
        if other.id == row.id or other.created_at >= row.created_at:
            continue
        try:
            other_drug = protocol(other.protocol_id).drug
        except Exception:
            continue
        if other_drug == prot.drug and any(
            e.type == "infusion_started" for e in sessions.events_for_session(s, other.id)
        ):
            return False
    return True


def build_view(s: Session, row: InfusionSession, now: datetime) -> ChairView:
    prot = protocol(row.protocol_id)
    first = is_first_dose_of_drug(s, row, prot)
    facts = facts_for(row, prot, first)
    names = {u.id: _signature(u.full_name, u.credentials) for u in users.all_users(s)}
    rows, amended = load_events(s, row.id)
    timeline = tuple(
        TimelineEntry(
            event_record(r),
            names.get(r.recorded_by_id, "?"),
            effective_payload(r, amended.get(r.id, [])),
            tuple(amended.get(r.id, [])),
        )
        for r in rows
    )
    entries = [ChartEntry(t.event.type, t.event.occurred_at, t.payload, t.by) for t in timeline]
    status = infusion_status(prot, facts, engine_events(rows, amended), now)
    amended_vitals = {
        t.event.id: t.payload for t in timeline if t.event.type == "vitals" and t.amendments
    }
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
        readings=tuple(
            reading_record(
                r,
                names.get(r.recorded_by_id, "?"),
                amended_vitals.get(r.event_id) if r.event_id is not None else None,
            )
            for r in sessions.readings_for_session(s, row.id)
        ),
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
    require_role(actor, ("nurse", "charge_nurse"), "read sessions")
    with db.read() as s:
        row = sessions.session_by_id(s, session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        return build_view(s, row, db.clock.now())


def open_session_ids(db: Database, actor: Actor) -> list[int]:
    """Sessions not yet signed: what reopens after a restart or a crash."""
    require_role(actor, ("nurse", "charge_nurse"), "read sessions")
    with db.read() as s:
        return [r.id for r in sessions.sessions_with_status(s, ("planned", "in_progress", "ended"))]
