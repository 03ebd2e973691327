"""What a committed unit of work changed, said once (the pattern of Anki's `OpChanges`).

Every write goes through `Database.write()`; while it runs, the rows it flushes are noted here
(`note_flush`, a SQLAlchemy `before_flush` hook), and when it commits the database hands one
frozen `Changes` value to its listeners (the station's change edge in ui/). No service has to
remember to say what it changed, so no screen can be forgotten.

Which kinds bump a session's version is decided here and only here (`VERSIONED_KINDS`): those a
co-signer reviews (entries, readings, reactions, amendments, signatures) do, so a station that
saves over a record it has not seen is told. An alarm snooze, alarm log entries, pump
observations and follow-up calls do not: a station writing them must never make another
station's save or co-signature fail. (Our design decision, not a clinical rule.)
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from nurse_monitor.storage.chained_insert import INSERTED
from nurse_monitor.storage.models import (
    AlarmLogEntry,
    Amendment,
    AuditEntry,
    DrugDiscontinuation,
    FollowUpEntry,
    InfusionSession,
    Patient,
    PumpObservation,
    Reaction,
    SessionEvent,
    SiteSetting,
    User,
    VitalSignReading,
)


class ChangeKind(StrEnum):
    """What kind of record a unit of work wrote."""

    SESSION = "session"  # a session planned, or its row changed (status, chair)
    EVENT = "event"  # an entry on the session's timeline
    READING = "reading"  # a set of vital signs
    REACTION = "reaction"
    SNOOZE = "snooze"
    SIGNATURE = "signature"
    CO_SIGNATURE = "co_signature"
    AMENDMENT = "amendment"
    PATIENT = "patient"
    USER = "user"
    AUDIT = "audit"
    # Kinds the alarms, follow-up and pump issues add; they never bump a session's version.
    ALARM_LOG = "alarm_log"
    FOLLOW_UP = "follow_up"
    PUMP_OBSERVATION = "pump_observation"
    SITE = "site"  # the site settings kept in the record (issue 18)


VERSIONED_KINDS = frozenset(
    {
        ChangeKind.SESSION,
        ChangeKind.EVENT,
        ChangeKind.READING,
        ChangeKind.REACTION,
        ChangeKind.SIGNATURE,
        ChangeKind.CO_SIGNATURE,
        ChangeKind.AMENDMENT,
    }
)
"""The kinds a co-signer reviews: writing one bumps the session's version."""

EVENT_KINDS: dict[str, ChangeKind] = {
    "alarm_snoozed": ChangeKind.SNOOZE,
    "session_signed": ChangeKind.SIGNATURE,
    "reaction": ChangeKind.REACTION,
    "reaction_resolved": ChangeKind.REACTION,
    "reaction_intervention": ChangeKind.REACTION,
    "vitals": ChangeKind.READING,
    "alarm_logged": ChangeKind.ALARM_LOG,
    "follow_up_call": ChangeKind.FOLLOW_UP,
    "pump_observation": ChangeKind.PUMP_OBSERVATION,
}
"""Session events whose kind is more than `EVENT` (every other type is an `EVENT`)."""

MODEL_KINDS: dict[type, ChangeKind] = {
    VitalSignReading: ChangeKind.READING,
    Reaction: ChangeKind.REACTION,
    Amendment: ChangeKind.AMENDMENT,
    Patient: ChangeKind.PATIENT,
    DrugDiscontinuation: ChangeKind.PATIENT,
    User: ChangeKind.USER,
    AuditEntry: ChangeKind.AUDIT,
    FollowUpEntry: ChangeKind.FOLLOW_UP,
    SiteSetting: ChangeKind.SITE,
    AlarmLogEntry: ChangeKind.ALARM_LOG,  # raised, acknowledged, snoozed, ended (no bump)
    # A pump's report: kept by the listener's bulk insert (noted there), then marked charted
    # when the nurse charts its rate or its stop (the pump's line then says by whom).
    PumpObservation: ChangeKind.PUMP_OBSERVATION,
}
"""Rows other than events and sessions; a new table adds its kind here (by its model class)."""


def event_kind(event_type: str) -> ChangeKind:
    return EVENT_KINDS.get(event_type, ChangeKind.EVENT)


def bumps_version(event_type: str) -> bool:
    """Whether appending an event of this type bumps its session's version."""
    return event_kind(event_type) in VERSIONED_KINDS


@dataclass(frozen=True)
class SessionChange:
    """One session a unit of work touched: its version after the commit and what was written."""

    session_id: int
    version: int | None
    kinds: frozenset[ChangeKind]


@dataclass(frozen=True)
class Changes:
    """What one committed action (or another station) changed.

    `everything`: not known what changed (another station on a SQLite file, the safety poll):
    every screen reads again what it shows. `elsewhere`: committed by another station.
    """

    sessions: tuple[SessionChange, ...] = ()
    kinds: frozenset[ChangeKind] = frozenset()
    everything: bool = False
    elsewhere: bool = False

    def __bool__(self) -> bool:
        return self.everything or bool(self.kinds) or bool(self.sessions)

    @property
    def session_ids(self) -> frozenset[int]:
        return frozenset(c.session_id for c in self.sessions)

    def session(self, session_id: int) -> SessionChange | None:
        return next((c for c in self.sessions if c.session_id == session_id), None)

    def touches(self, session_id: int) -> bool:
        """Whether a screen showing this session must read it again."""
        return self.everything or any(c.session_id == session_id for c in self.sessions)

    def names(self, *kinds: ChangeKind) -> bool:
        """Whether any of `kinds` changed (always true when what changed is unknown)."""
        return self.everything or not self.kinds.isdisjoint(kinds)

    @property
    def pump_reports_only(self) -> bool:
        """Only pump observations were written (a pump's message): screens may take these
        together, at most once a second, instead of once a message."""
        return not self.everything and self.kinds == {ChangeKind.PUMP_OBSERVATION}

    @property
    def alarm_log_only(self) -> bool:
        """Only alarm log entries were written (the board's raised, acknowledged, ended): a
        screen that does not show the log has nothing to read again."""
        return not self.everything and self.kinds == {ChangeKind.ALARM_LOG}

    def merged(self, other: Changes) -> Changes:
        by_id: dict[int, SessionChange] = {c.session_id: c for c in self.sessions}
        for c in other.sessions:
            was = by_id.get(c.session_id)
            if was is None:
                by_id[c.session_id] = c
            else:
                version = c.version if c.version is not None else was.version
                by_id[c.session_id] = SessionChange(c.session_id, version, was.kinds | c.kinds)
        return Changes(
            tuple(by_id.values()),
            self.kinds | other.kinds,
            self.everything or other.everything,
            self.elsewhere or other.elsewhere,
        )

    def as_json(self) -> str:
        """A compact form for a PostgreSQL NOTIFY payload (well under its 8,000 bytes)."""
        return json.dumps(
            {
                "s": [[c.session_id, c.version, sorted(c.kinds)] for c in self.sessions[:200]],
                "k": sorted(self.kinds),
                "e": self.everything or len(self.sessions) > 200,
            },
            separators=(",", ":"),
        )

    @staticmethod
    def from_json(text: str) -> Changes:
        """Another station's change; anything unreadable becomes "reread everything"."""
        try:
            data: Any = json.loads(text)
            sessions = tuple(
                SessionChange(
                    int(sid),
                    None if version is None else int(version),
                    frozenset(ChangeKind(k) for k in kinds),
                )
                for sid, version, kinds in data["s"]
            )
            kinds = frozenset(ChangeKind(k) for k in data["k"])
            return Changes(sessions, kinds, bool(data.get("e")), elsewhere=True)
        except (ValueError, KeyError, TypeError):
            return Changes(everything=True, elsewhere=True)


EVERYTHING_ELSEWHERE = Changes(everything=True, elsewhere=True)


@dataclass
class ChangeNotes:
    """What one unit of work has flushed so far (kept in `Session.info`)."""

    by_session: dict[int, set[ChangeKind]] = field(default_factory=dict)
    kinds: set[ChangeKind] = field(default_factory=set)

    def note(self, kind: ChangeKind, session_id: int | None = None) -> None:
        self.kinds.add(kind)
        if session_id is not None:
            self.by_session.setdefault(session_id, set()).add(kind)

    def result(self, s: Session) -> Changes:
        """The value handed to listeners once the unit of work commits."""
        for obj in s.info.pop(INSERTED, ()):  # rows written without a flush (chained_insert)
            _note_new(self, obj)
        sessions = tuple(
            SessionChange(sid, _version(s, sid), frozenset(kinds))
            for sid, kinds in sorted(self.by_session.items())
        )
        return Changes(sessions, frozenset(self.kinds))


NOTES_KEY = "nurse_monitor.changes"


def notes_of(s: Session) -> ChangeNotes:
    notes = s.info.get(NOTES_KEY)
    if notes is None:
        notes = s.info[NOTES_KEY] = ChangeNotes()
    assert isinstance(notes, ChangeNotes)
    return notes


def note_flush(s: Session, _context: object = None, _instances: object = None) -> None:
    """`before_flush` hook: note every row this flush adds or changes."""
    notes = notes_of(s)
    for obj in _rows(s.new):
        _note_new(notes, obj)
    for obj in _rows(s.dirty):
        if isinstance(obj, InfusionSession) and s.is_modified(obj):
            state = sa_inspect(obj)
            cosigned = state.attrs.cosigned_by_id.history.has_changes()
            notes.note(ChangeKind.CO_SIGNATURE if cosigned else ChangeKind.SESSION, obj.id)
        elif type(obj) in MODEL_KINDS and s.is_modified(obj):
            notes.note(MODEL_KINDS[type(obj)], getattr(obj, "session_id", None))


def _rows(objects: Iterable[object]) -> list[object]:
    return list(objects)


def _note_new(notes: ChangeNotes, obj: object) -> None:
    if isinstance(obj, SessionEvent):
        notes.note(event_kind(obj.type), obj.session_id)
    elif isinstance(obj, InfusionSession):
        notes.kinds.add(ChangeKind.SESSION)  # its id is known after the flush: see note_new_ids
        obj_id = obj.id
        if obj_id is not None:
            notes.note(ChangeKind.SESSION, obj_id)
    elif type(obj) in MODEL_KINDS:
        notes.note(MODEL_KINDS[type(obj)], getattr(obj, "session_id", None))


def note_new_sessions(s: Session, _context: object = None) -> None:
    """`after_flush` hook: a session planned in this flush has its id now."""
    notes = notes_of(s)
    for obj in s.new:
        if isinstance(obj, InfusionSession) and obj.id is not None:
            notes.note(ChangeKind.SESSION, obj.id)


def _version(s: Session, session_id: int) -> int | None:
    for obj in s.identity_map.values():
        if isinstance(obj, InfusionSession) and obj.id == session_id:
            return obj.version
    return None
