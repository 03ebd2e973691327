"""A chair view brought up to date by a change, reading again only what the change names.

After a save the change edge says which session changed and what kinds of rows were written
(services/changes.py, noted from every row the unit of work flushed, so nothing written goes
unnamed). `updated_view` then builds the view as `chair_view` does, from the session's row and
its events and readings (the record cache hands over only the rows recorded since), and takes
from the view it had what the change cannot have touched:

- the protocol: the session's copy is pinned when the session is planned and never changes;
- the users' signatures, unless a user changed;
- the patient and their discontinued drugs, unless a patient changed;
- the patient's earlier doses (first dose, first by this route, previous dose), unless another
  session changed;
- the reactions, unless a reaction, an amendment or a user changed;
- the amendments, unless an amendment changed; the pump's lines, unless a pump observation (or
  a user) changed;
- the alarm log, unless the change names an alarm log entry for this session (every entry is
  noted with its session, so a change that names none left the session's log alone).

A change that does not touch the session is not lost: `KeptView` holds what such changes named
(a user added, a patient's record, another session) until the next change that touches it, so
the view never keeps what changed in between.

When what changed is not known (another station on a SQLite file, the safety poll) the view is
read whole. The result equals a fresh `chair_view` (tests/services/test_view_update.py holds
that after a series of mixed actions).
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from nurse_monitor.domain.alarm_log import AlarmLogLine
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.pump_log import PumpLogLine
from nurse_monitor.domain.session_record import SessionFacts
from nurse_monitor.services.actors import Actor, require_role
from nurse_monitor.services.amended_entries import ReactionRecord
from nurse_monitor.services.chair_view import ChairView, build_view, chair_view, facts_for
from nurse_monitor.services.changes import ChangeKind, Changes
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import NotFound
from nurse_monitor.services.record_cache import RecordCache
from nurse_monitor.services.records import AmendmentRecord, PatientRecord
from nurse_monitor.services.session_reads import SessionReads
from nurse_monitor.storage.models import InfusionSession
from nurse_monitor.storage.repositories import sessions


class KeptReads(SessionReads):
    """`SessionReads` that answers from `previous` what `changes` did not name."""

    def __init__(
        self, s: Session, cache: RecordCache | None, previous: ChairView, changes: Changes
    ) -> None:
        super().__init__(s, cache, shared=True)
        self.previous = previous
        names = changes.names
        self.users_same = not names(ChangeKind.USER)
        self.others_same = changes.session_ids <= {previous.session.id}
        self.patient_same = not names(ChangeKind.PATIENT)
        self.amendments_same = not names(ChangeKind.AMENDMENT)
        self.reactions_same = self.amendments_same and self.users_same
        self.reactions_same &= not names(ChangeKind.REACTION)
        self.pump_same = self.users_same and not names(ChangeKind.PUMP_OBSERVATION)
        mine = changes.session(previous.session.id)
        self.alarm_log_same = not changes.everything and (
            mine is None or ChangeKind.ALARM_LOG not in mine.kinds
        )

    def names(self) -> dict[int, str]:
        return self.previous.people if self.users_same else super().names()

    def protocol(self, row: InfusionSession) -> Protocol:
        return self.previous.protocol  # pinned when the session was planned

    def amendments(self, session_id: int) -> dict[int, list[AmendmentRecord]]:
        if not self.amendments_same:
            return super().amendments(session_id)
        return {t.event.id: list(t.amendments) for t in self.previous.timeline if t.amendments}

    def alarm_log(self, session_id: int) -> tuple[AlarmLogLine, ...]:
        return self.previous.alarm_log if self.alarm_log_same else super().alarm_log(session_id)

    def pump_log(self, session_id: int) -> tuple[PumpLogLine, ...]:
        return self.previous.pump_log if self.pump_same else super().pump_log(session_id)

    def kept_facts(self, row: InfusionSession, prot: Protocol) -> SessionFacts | None:
        if not self.others_same:
            return None
        was = self.previous.facts
        return replace(
            facts_for(row, prot, was.first_dose),
            first_of_route=was.first_of_route,
            previous_dose_at=was.previous_dose_at,
        )

    def kept_patient(self) -> PatientRecord | None:
        return self.previous.patient if self.patient_same else None

    def kept_reactions(self) -> tuple[ReactionRecord, ...] | None:
        return self.previous.reactions if self.reactions_same else None


def updated_view(db: Database, actor: Actor, previous: ChairView, changes: Changes) -> ChairView:
    """`previous` after `changes` (which touch its session), as `chair_view` would read it."""
    if changes.everything:
        return chair_view(db, actor, previous.session.id)
    require_role(actor, ("nurse", "charge_nurse"), "read sessions", db)
    session_id = previous.session.id
    with db.read() as s:
        row = sessions.session_by_id(s, session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        reads = KeptReads(s, db.records, previous, changes)
        return build_view(s, row, db.clock.now(), db.records, shared=True, reads=reads)


class KeptView:
    """One session's view, kept up to date from every change the station hears (`hear`)."""

    def __init__(self, view: ChairView) -> None:
        self.view = view
        self._unseen = Changes()  # what changes that did not touch the session named

    def reset(self, view: ChairView) -> None:
        """The view read whole."""
        self.view = view
        self._unseen = Changes()

    def hear(self, db: Database, actor: Actor, changes: Changes) -> bool:
        """Update the view when `changes` touch its session; True when it did."""
        if not changes.touches(self.view.session.id):
            self._unseen = self._unseen.merged(changes)
            return False
        self.view = updated_view(db, actor, self.view, self._unseen.merged(changes))
        self._unseen = Changes()
        return True
