"""The unit of work behind every charting action at the chair.

`charting()` opens one write transaction, refuses a stale or closed session, and offers `add()`:
an event is validated by the engine's own rules against everything already recorded (times in
order, rates within the protocol, pump states that make sense) before it is appended. The
transaction commits when the block ends, before the screen shows the action as done.

An entry timed after the record's last one that moves nothing the summary shows (vital signs, a
premedication) is checked and summed up from where this station's last save left the record, when
the session's locked row is still at that save's version (services/record_tally.py): the same
refusals and the same summary as reading and replaying the whole record, which every other
action still does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from nurse_monitor.clock import STATION_ZONE
from nurse_monitor.domain.event_checks import EventSequenceError, SequenceCheck, check_events
from nurse_monitor.domain.events import EventPayloadError, InfusionEvent
from nurse_monitor.domain.local_words import wall_day, wall_time
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.record_tally import Delivery
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.chair_view import (
    ENGINE_TYPES,
    ChairView,
    build_view,
    engine_event,
    event_amendments,
    history_facts,
    kept_engine_events,
    read_at,
    session_rows,
)
from nurse_monitor.services.changes import ChangeKind, notes_of
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.record_cache import RecordCache, SessionRows
from nurse_monitor.services.record_tally import SummaryCounts, Tally, tally_for
from nurse_monitor.services.session_summary import SessionSummary, refresh_summary
from nurse_monitor.services.sessions import append, load_for_change
from nurse_monitor.storage.chained_insert import INSERTED
from nurse_monitor.storage.models import (
    InfusionSession,
    RecordedAction,
    SessionEvent,
    VitalSignReading,
)
from nurse_monitor.storage.repositories import sessions as session_repo

FUTURE_TOLERANCE = timedelta(minutes=1)
# Ours: an entry may be timed before the session was begun (baseline signs taken at triage), but
# not by more than this; a reading dated a year back is a typing slip, refused.
EARLIEST_BEFORE_SESSION = timedelta(hours=12)
# Rows whose writing moves the summary's highest NEWS2, worst grade or "amended".
MOVES_COUNTS = frozenset({ChangeKind.READING, ChangeKind.REACTION, ChangeKind.AMENDMENT})
STATUS_AFTER = {
    "infusion_started": "in_progress",
    "infusion_ended": "ended",
    "infusion_stopped": "ended",
    "session_signed": "signed",
}


@dataclass
class Charting:
    """One open charting action on one session."""

    s: Session
    row: InfusionSession
    actor: Actor
    now: datetime
    protocol: Protocol
    cache: RecordCache | None = None
    # The session's engine events after this unit of work's additions, once one was checked:
    # the history summary reuses it rather than reading and parsing the session again.
    engine_sequence: list[InfusionEvent] | None = None
    # The session's rows as this unit of work read them (for the record cache, after commit).
    rows_seen: SessionRows | None = None
    # The session's tally as the last save left it, when it holds for the row locked here
    # (services/record_tally.py): an entry timed after the record's last is stepped on from it.
    tally: Tally | None = None
    # Where the checks (and, once stepped, the summary's pass) stand after this unit of work's
    # engine events: for the tally kept after the commit.
    checked: SequenceCheck | None = None
    stepped: Delivery | None = None

    def view(self) -> ChairView:
        """The session as it stands inside this transaction (before the new event is added)."""
        return build_view(self.s, self.row, self.now, self.cache)

    def add(
        self, event_type: str, payload: dict[str, Any], at: datetime | None = None
    ) -> SessionEvent:
        """Validate and append one event; engine events are checked against the whole record."""
        when = at or self.now
        if when.tzinfo is None:
            raise InvalidInput("Time", "needs a time zone")
        if when > self.now + FUTURE_TOLERANCE:
            said = wall_time(when, STATION_ZONE)
            raise InvalidInput("Time", f"{said} is in the future; use the time it happened")
        earliest = self.row.created_at - EARLIEST_BEFORE_SESSION
        if when < earliest:
            raise InvalidInput(
                "Time",
                f"{wall_day(when, STATION_ZONE)} {wall_time(when, STATION_ZONE)} is more than "
                f"{EARLIEST_BEFORE_SESSION.seconds // 3600} "
                "hours before this session began; use the time it happened",
            )
        if event_type in ENGINE_TYPES:
            self._check_engine_event(event_type, when, payload)
        event = append(self.s, self.row, self.actor, event_type, when, self.now, payload)
        if event_type in STATUS_AFTER:
            self.row.status = STATUS_AFTER[event_type]
            self.s.flush()
        return event

    def _check_engine_event(self, event_type: str, when: datetime, payload: dict[str, Any]) -> None:
        try:
            new = engine_event(event_type, when, payload)
        except EventPayloadError as error:
            raise InvalidInput(field_label(error.field), error.problem) from None
        tally = self.tally
        if self.checked is None and tally is not None and tally.delivery.follows(new):
            # The first entry of this action, after the record's last: the pass over the record
            # so far is the last save's (record_tally); only the new entry is checked.
            check = tally.check.copy()
            try:
                check.step(new)
            except EventSequenceError as error:
                raise InvalidInput(field_label(error.field), error.problem) from None
            self.checked, self.stepped = check, tally.delivery.after(new)
            return
        # Parsed once per unit of work: the record as stored (through the cache, which in a
        # write keeps nothing) and then each event this action adds. (After a stepped entry the
        # record read includes it: this action's rows are flushed.)
        self.stepped = None
        recorded = self.engine_sequence
        if recorded is None:
            self.rows_seen = session_rows(self.s, self.row.id, self.cache)
            amended = event_amendments(self.s, self.row.id)
            recorded = kept_engine_events(self.rows_seen.events, amended)
        sequence: list[InfusionEvent] = sorted([*recorded, new], key=lambda e: e.at)
        try:
            facts = history_facts(self.s, self.row, self.protocol)
            self.checked = check_events(self.protocol, facts, sequence)
        except EventSequenceError as error:
            raise InvalidInput(field_label(error.field), error.problem) from None
        self.engine_sequence = sequence

    def counts_after(self) -> SummaryCounts | None:
        """The summary's highest NEWS2, worst grade and amended after a stepped entry: the kept
        ones and this unit of work's readings, when it wrote nothing else that moves them (None:
        ask the record)."""
        tally = self.tally
        if self.stepped is None or tally is None:
            return None
        self.s.flush()  # anything else added is flushed now and named in the notes
        if not MOVES_COUNTS.isdisjoint(notes_of(self.s).by_session.get(self.row.id, ())):
            return None
        highest, worst, amended = tally.counts
        for obj in self.s.info.get(INSERTED, ()):  # rows written at once: named only at commit
            if isinstance(obj, VitalSignReading):
                if obj.session_id == self.row.id and obj.news2_total is not None:
                    highest = obj.news2_total if highest is None else max(highest, obj.news2_total)
            elif not isinstance(obj, SessionEvent | RecordedAction):
                return None
        return highest, worst, amended

    def tally_after(self, summary: SessionSummary) -> Tally | None:
        """The session's tally once this unit of work commits (None: not known, read afresh)."""
        row = self.row
        counts = (summary.highest_news2, summary.worst_grade, summary.amended)
        if self.tally is not None and (
            row.dose_mg != self.tally.dose_mg or row.bag_volume_ml != self.tally.bag_volume_ml
        ):
            return None
        if self.checked is None:  # no engine entry: the record the engine reads is unchanged
            if self.tally is None:
                return None
            return tally_for(row, self.protocol, self.tally.check, self.tally.delivery, counts)
        delivery = self.stepped if self.stepped is not None else summary.delivery
        if delivery is None:
            return None
        return tally_for(row, self.protocol, self.checked, delivery, counts)


FIELD_LABELS = {
    "rate_ml_h": "Rate (mL/h)",
    "systolic": "Systolic",
    "diastolic": "Diastolic",
    "heart_rate": "Heart rate",
    "respiratory_rate": "Respiratory rate",
    "temperature_c": "Temperature",
    "temperature_f": "Temperature",
    "spo2": "SpO2",
    "consciousness": "Consciousness",
    "pain": "Pain",
    "at": "Time",
    "type": "Action",
}


def field_label(field: str) -> str:
    """The field's name as the nurse reads it on the screen."""
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


@contextmanager
def charting(
    db: Database, actor: Actor, session_id: int, expected_version: int | None
) -> Iterator[Charting]:
    """A write transaction for one charting action (committed when the block ends)."""
    require_role(actor, CHARTING, "chart an infusion", db)
    now = db.clock.now()
    with db.write() as s:
        row = load_for_change(s, session_id, expected_version)
        # A station clock behind the newest entry: the action is timed no earlier than it, so
        # pausing or stopping still works (the screen warns about the clock meanwhile).
        now, _ = read_at(now, session_repo.newest_event_time(s, session_id))
        prot = db.pinned.of(s, row)  # session_protocol, read once per session
        tally = db.tallies.valid(row, prot)
        action = Charting(s, row, actor, now, prot, db.records, tally=tally)
        yield action
        # The one hook that keeps the history's summary columns current: after the action's
        # events, readings and reactions are in, before the commit. An action that added no
        # engine event cannot change the infusion's times or volume.
        summary = refresh_summary(
            s,
            row,
            engine_sequence=action.engine_sequence,
            events_changed=False,
            prot=prot,
            delivery=action.stepped,
            counts=action.counts_after(),
        )
    # Committed: what the action read of the session is committed now, whatever it added. The
    # cache keeps it, so the next action reads only what came after (rolled back: kept nothing).
    if action.rows_seen is not None:
        db.records.keep(session_id, action.rows_seen)
    after = action.tally_after(summary)  # the version is the committed one now
    if after is not None:
        db.tallies.keep(session_id, after)
    else:
        db.tallies.forget(session_id)
