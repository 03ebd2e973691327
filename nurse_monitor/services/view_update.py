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
the view never keeps what changed in between (other chairs' pump reports and alarm log entries
change nothing this view shows, so they are not held).

The session's row and the new events and readings are read as plain rows on the read
transaction's connection (storage/repositories/chair_rows.py); a vitals save's update runs
three statements, no query for a table the change does not name.

When what changed is not known (another station on a SQLite file, the safety poll) the view is
read whole. The result equals a fresh `chair_view` (tests/services/test_view_update.py holds
that after a series of mixed actions).
"""

from __future__ import annotations

from dataclasses import replace
from typing import cast

from sqlalchemy.orm import Session

from nurse_monitor.domain.alarm_log import AlarmLogLine
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.pump_log import PumpLogLine, pump_changes
from nurse_monitor.domain.session_record import SessionFacts
from nurse_monitor.services import alarm_log, pump_record
from nurse_monitor.services.actors import Actor, require_role
from nurse_monitor.services.amended_entries import ReactionRecord
from nurse_monitor.services.chair_view import ChairView, build_view, chair_view, facts_for
from nurse_monitor.services.changes import ChangeKind, Changes
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import NotFound
from nurse_monitor.services.record_cache import RecordCache
from nurse_monitor.services.records import AmendmentRecord, PatientRecord
from nurse_monitor.services.session_reads import SessionReads
from nurse_monitor.services.view_parts import ViewCarry
from nurse_monitor.storage.models import InfusionSession
from nurse_monitor.storage.repositories import chair_rows
from nurse_monitor.storage.repositories import pump as pump_repo


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


def updated_view(
    db: Database,
    actor: Actor,
    previous: ChairView,
    changes: Changes,
    carry: ViewCarry | None = None,
) -> ChairView:
    """`previous` after `changes` (which touch its session), as `chair_view` would read it.
    `carry`: what the last view's timeline, readings and engine events were worked out from,
    so that only the rows recorded since are worked out (services/view_parts.py)."""
    if changes.everything:
        return chair_view(db, actor, previous.session.id)
    require_role(actor, ("nurse", "charge_nurse"), "read sessions", db)
    session_id = previous.session.id
    with db.read() as s:
        # The session's row as plain columns (chair_rows.py): the ORM's loading of it took
        # about a third of this update. Nothing here writes it or follows its relations.
        found = chair_rows.session_row(s.connection(), session_id)
        if found is None:
            raise NotFound(f"no session with id {session_id}")
        row = cast(InfusionSession, found)  # the same attributes by the same names
        reads = KeptReads(s, db.records, previous, changes)
        return build_view(s, row, db.clock.now(), db.records, shared=True, reads=reads, carry=carry)


class KeptView:
    """One session's view, kept up to date from every change the station hears (`hear`)."""

    def __init__(self, view: ChairView) -> None:
        self.view = view
        self._unseen = Changes()  # what changes that did not touch the session named
        self._pump_after: int | None = None  # the last pump report in view.pump_log, if known
        self._carry = ViewCarry()  # what the last update worked the view's parts out from

    def reset(self, view: ChairView) -> None:
        """The view read whole."""
        self.view = view
        self._unseen = Changes()
        self._pump_after = None
        self._carry = ViewCarry()

    def hear(self, db: Database, actor: Actor, changes: Changes) -> bool:
        """Update the view when `changes` touch its session; True when it did."""
        if not changes.touches(self.view.session.id):
            if not (changes.pump_reports_only or changes.alarm_log_only):  # others' only
                self._unseen = self._unseen.merged(changes)
            return False
        self.view = updated_view(db, actor, self.view, self._unseen.merged(changes), self._carry)
        self._unseen = Changes()
        self._pump_after = None
        return True

    def _unseen_left_alone(self) -> bool:
        """Whether what the changes heard since the last update named leaves the view alone
        (nothing, or only the audit log, which no chair view shows)."""
        unseen = self._unseen
        return not unseen.everything and not unseen.sessions and unseen.kinds <= {ChangeKind.AUDIT}

    def take_pump_reports(self, db: Database, actor: Actor, changes: Changes) -> bool:
        """A change that names only pump reports, this session's among them, with nothing
        unseen since the last update: only the pump's lines are brought up to date (the
        reports kept since the last one read, added to the lines held). True when it was
        taken so; otherwise `hear` takes it. What was unseen stays for the next `hear`."""
        if (
            not changes.pump_reports_only
            or not self._unseen_left_alone()
            or changes.session(self.view.session.id) is None
        ):
            return False
        self.view, self._pump_after = with_pump_reports(db, actor, self.view, self._pump_after)
        return True

    def take_alarm_log(self, db: Database, actor: Actor, changes: Changes) -> bool:
        """A change that names only alarm log entries, this session's among them, with nothing
        unseen: only the session's alarm log is read again. True when it was taken so."""
        if (
            changes.everything
            or changes.kinds != {ChangeKind.ALARM_LOG}
            or not self._unseen_left_alone()
            or changes.session(self.view.session.id) is None
        ):
            return False
        require_role(actor, ("nurse", "charge_nurse"), "read sessions", db)
        with db.read() as s:
            self.view = replace(self.view, alarm_log=alarm_log.log_lines(s, self.view.session.id))
        return True


def with_pump_reports(
    db: Database, actor: Actor, view: ChairView, after_id: int | None
) -> tuple[ChairView, int | None]:
    """`view` with the pump reports kept after the report `after_id` added to its pump lines
    (all read again when None), and the last report's id.

    A session's reports come from the one listener its pump is bound to, committed in order,
    so none is kept later with a smaller id. Folding the new lines onto the held ones gives
    what folding every report gives (domain/pump_log.pump_changes continues a pump's run)."""
    require_role(actor, ("nurse", "charge_nurse"), "read sessions", db)
    with db.read() as s:
        rows = pump_repo.observation_lines_after(s, view.session.id, after_id)
    if not rows:
        return view, after_id
    lines = pump_record.lines_from(rows, view.people)
    held = view.pump_log if after_id is not None else ()
    return replace(view, pump_log=pump_changes((*held, *lines))), max(r.id for r in rows)
