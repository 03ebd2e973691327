"""Everything the chair workspace shows for one session, read in one unit of work.

The engine's status and the checklist are computed from the recorded events (with amendments
applied), so what the screen shows after a restart is what it showed before. The rows come
through the database's record cache, so a reload parses only what was recorded since the last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any, TypeVar, cast

from sqlalchemy.orm import Session

from nurse_monitor.clock import STATION_ZONE
from nurse_monitor.domain.alarm_log import AlarmLogLine
from nurse_monitor.domain.chart_markers import ChartMarker
from nurse_monitor.domain.checklist import ChecklistState, checklist_state
from nurse_monitor.domain.eligibility import first_of_route, previous_dose
from nurse_monitor.domain.engine import InfusionStatus, SessionFacts, infusion_status
from nurse_monitor.domain.entry_fields import UNREADABLE
from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.patient_age import age_in_years
from nurse_monitor.domain.phase_actions import InfusionAction, allowed_actions, resume_rate
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.pump_log import PumpLogLine
from nurse_monitor.services.actors import Actor, require_role
from nurse_monitor.services.amended_entries import (
    ReactionRecord,
    TimelineEntry,
    amended_reading_record,
    as_amended,
    original_entry,
    reaction_record,
    timeline_entry,
)
from nurse_monitor.services.amended_values import (
    effective_payload,
    effective_time,
    event_amendments,
    stored_moment,
)
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.conversions import (
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
    RecordCache,
    SessionRows,
    engine_event,
    extended,
    reading_record,
    reading_vitals,
)
from nurse_monitor.services.records import (
    AmendmentRecord,
    PatientRecord,
    ReadingRecord,
    SessionRecord,
)
from nurse_monitor.services.session_reads import SessionReads
from nurse_monitor.services.view_parts import ViewCarry, kept_engine_events, view_parts
from nurse_monitor.storage.models import InfusionSession, SessionEvent
from nurse_monitor.storage.repositories import sessions

T = TypeVar("T")

__all__ = [
    "DETAIL",
    "ENGINE_TYPES",
    "UNREADABLE",
    "ChairView",
    "ReactionRecord",
    "ReadingRecord",
    "TimelineEntry",
    "amended_reading_record",
    "as_amended",
    "build_view",
    "chair_view",
    "effective_payload",
    "effective_time",
    "engine_event",
    "event_amendments",
    "kept_engine_events",
    "original_entry",
    "reaction_record",
    "reading_record",
    "reading_vitals",
    "stored_moment",
    "timeline_entry",
]


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
    now: datetime  # the station's clock, or the newest entry's time when the clock is behind it
    people: dict[int, str]  # every user's signature by id, for "who"
    # How far this station's clock is behind the newest recorded entry (None when it is not):
    # the screen warns, and the record is read at the newest entry's time meanwhile.
    clock_behind: timedelta | None = None
    alarm_log: tuple[AlarmLogLine, ...] = ()  # alarms raised, answered and ended (issue 15)
    pump_log: tuple[PumpLogLine, ...] = ()  # the pump's rate/status changes, events (issue 19)
    markers: tuple[ChartMarker, ...] = ()  # the chart's, from the readable entries (view_parts)

    def once(self, work: Callable[[ChairView], T]) -> T:
        """`work(self)`, worked out once for this view (a view never changes): the board's row,
        the workspace's alarm banner and the alarms each ask the same due times of one view."""
        done: dict[Callable[[ChairView], Any], Any] = self.__dict__.setdefault("_worked_out", {})
        if work not in done:
            done[work] = work(self)
        return cast(T, done[work])

    @cached_property
    def readable(self) -> tuple[TimelineEntry, ...]:
        """The entries whose values can be read: what every reader of values goes through
        (worked out once per view: the board, the alarms and the chart each ask)."""
        return tuple(t for t in self.timeline if not t.unreadable)

    # Facts the screens show and must not work out themselves -------------------------------

    @property
    def closed(self) -> bool:
        """Signed (or co-signed): off the board, read-only at the chair."""
        return self.session.status in ("signed", "cosigned")

    @property
    def patient_age(self) -> int:
        """The patient's age today in whole calendar years (the station's local date)."""
        return age_in_years(self.patient.date_of_birth, self.now.astimezone().date())

    @property
    def chart_markers(self) -> list[ChartMarker]:
        """Premedications, rate changes and reactions as the chart marks them."""
        return list(self.markers)

    @cached_property
    def snoozes(self) -> tuple[TimelineEntry, ...]:
        """The readable alarm snoozes (the board and the alarm banner ask several times)."""
        return tuple(t for t in self.readable if t.event.type == "alarm_snoozed")

    @property
    def allowed_actions(self) -> frozenset[InfusionAction]:
        """The infusion actions the phase allows (the panel shows these buttons)."""
        return allowed_actions(self.status.phase, self.status.started_at is not None)

    @property
    def resume_rate(self) -> float | None:
        """The rate to offer on resuming."""
        return resume_rate(self.status.suggested_rate_ml_h, self.status.rate_history)

    @property
    def next_moment(self) -> datetime | None:
        """The one next time the status changes by itself (a rate step or vital signs due,
        observation's end, the earliest start, a reaction's hold, a premedication window)."""
        status, checklist = self.status, self.checklist
        hold = status.current_reaction.hold_ends_at if status.current_reaction else None
        candidates = [
            status.next_rate_due_at,
            status.vitals_due_at,
            status.observation_ends_at,
            checklist.earliest_start_at,
            hold,
            *(p.window_passed_at for p in checklist.premedications),
        ]
        future = [c for c in candidates if c is not None and c > self.now]
        return min(future, default=None)


def facts_for(row: InfusionSession, prot: Protocol, first_dose: bool | None = None) -> SessionFacts:
    bag = row.bag_volume_ml or prot.bag_volume_ml or 0.0
    return SessionFacts(
        protocol_id=row.protocol_id,
        infusion_number=row.infusion_number,
        dose_mg=row.dose_mg,
        bag_volume_ml=bag,
        first_dose=first_dose,
    )


def recorded_rate(payload: dict[str, Any]) -> float | None:
    """A rate event's rate, or None when the stored (or amended) value cannot be read."""
    value = payload.get("rate_ml_h")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    rate = float(value)
    return rate if 0 < rate < float("inf") else None


def load_events(
    s: Session, session_id: int
) -> tuple[list[SessionEvent], dict[int, list[AmendmentRecord]]]:
    """The session's stored events and their amendments, unparsed (for reading a few fields;
    the engine's reading of them is `recorded_engine_events`)."""
    return sessions.events_for_session(s, session_id), event_amendments(s, session_id)


def history_facts(
    s: Session,
    row: InfusionSession,
    prot: Protocol,
    doses: list[tuple[str, datetime]] | None = None,
) -> SessionFacts:
    """The session's facts with what the patient's history says: first dose of the drug, first
    by this route (Zunovo after IV doses), and when the previous dose of the drug was given.
    `doses`: the patient's earlier started doses when already read (SessionReads)."""
    earlier: list[tuple[Protocol, datetime]] = []
    if doses is None:
        doses = sessions.started_doses_before(s, row.patient_id, row.created_at, row.id)
    for protocol_id, started in doses:
        try:
            earlier.append((protocol(protocol_id), started))
        except Exception:
            continue  # a protocol no longer in the library says nothing about this drug
    first = not any(p.drug == prot.drug for p, _ in earlier)
    return replace(
        facts_for(row, prot, first),
        first_of_route=first_of_route(prot, [p for p, _ in earlier]),
        previous_dose_at=previous_dose(prot, earlier),
    )


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


def recorded_engine_events(
    s: Session, session_id: int, cache: RecordCache | None
) -> list[InfusionEvent]:
    """The session's engine events as `s` sees them (inside a write: its own additions too)."""
    rows = session_rows(s, session_id, cache, shared=False)
    return kept_engine_events(rows.events, event_amendments(s, session_id))


def build_view(
    s: Session,
    row: InfusionSession,
    now: datetime,
    cache: RecordCache | None = None,
    *,
    shared: bool = False,
    reads: SessionReads | None = None,
    carry: ViewCarry | None = None,
) -> ChairView:
    """The view of session `row` at `now`; `reads`: its other rows (the board reads every
    chair's at once), else read here through `cache`; `carry`: what the last view of this
    session was worked out from, so that only the rows recorded since are (view_parts.py)."""
    reads = reads if reads is not None else SessionReads(s, cache, shared=shared)
    prot = reads.protocol(row)
    facts = reads.kept_facts(row, prot)
    if facts is None:
        facts = history_facts(s, row, prot, reads.earlier_doses(row))
    names = reads.names()
    rows = reads.rows(row.id)
    # The rows are in time order: the last event is the newest.
    now, behind = read_at(now, rows.events[-1].record.occurred_at if rows.events else None)
    amended = reads.amendments(row.id)
    if carry is not None:
        parts = carry.parts(rows, names, amended)
        status = carry.status(prot, facts, parts, now)
        checklist = carry.checklist(prot, facts.is_first_dose, parts, now)
    else:
        parts = view_parts(rows, names, amended)
        status = infusion_status(prot, facts, parts.engine, now, STATION_ZONE)
        checklist = checklist_state(
            prot, parts.entries, now, first_dose=facts.is_first_dose, zone=STATION_ZONE
        )
    timeline, readings = parts.timeline, parts.readings
    patient = reads.kept_patient()
    if patient is None:
        stored = reads.patient(row.patient_id)
        if stored is None:
            raise NotFound(f"the patient of session {row.id} is missing")
        patient = patient_record(stored, reads.discontinuations(stored.id))
    reactions = reads.kept_reactions()
    if reactions is None:
        reactions = tuple(
            as_amended(reaction_record(r, names.get(r.recorded_by_id, "?")), r.event_id, timeline)
            for r in reads.reactions(row.id)
        )
    return ChairView(
        session=session_record(row),
        patient=patient,
        protocol=prot,
        facts=facts,
        status=status,
        checklist=checklist,
        timeline=timeline,
        readings=readings,
        reactions=reactions,
        nurse=names.get(row.nurse_id, "?"),
        now=now,
        people=names,
        clock_behind=behind,
        alarm_log=reads.alarm_log(row.id),
        pump_log=reads.pump_log(row.id),
        markers=parts.markers,
    )


CLOCK_BEHIND_WARNING = timedelta(minutes=1)  # ours: entries may be timed up to 1 min ahead


def read_at(now: datetime, newest: datetime | None) -> tuple[datetime, timedelta | None]:
    """When to read the record: the station's clock, or the newest entry's time if the clock is
    behind it (a clock set back must not hide what was recorded: a running infusion would show
    "not started"), with how far behind the clock is when that is worth a warning."""
    if newest is None or newest <= now:
        return now, None
    behind = newest - now
    return newest, behind if behind > CLOCK_BEHIND_WARNING else None


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


OPEN_STATUSES = ("planned", "in_progress", "ended")


def open_session_ids(db: Database, actor: Actor) -> list[int]:
    """Sessions not yet signed: what reopens after a restart or a crash."""
    require_role(actor, ("nurse", "charge_nurse"), "read sessions", db)
    with db.read() as s:
        return [r.id for r in sessions.sessions_with_status(s, OPEN_STATUSES)]
