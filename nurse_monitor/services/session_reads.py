"""What a chair view reads besides its session's row, for one session or for the whole board.

`SessionReads` asks the database for one session's rows as the view needs them. `BoardReads`
reads every chair in use at once, one query per table (storage/repositories/many_sessions.py),
and hands each view its share: a board of 40 chairs made about 480 small queries per reload,
most of its time, where a dozen now serve. Both go through the database's record cache, so a
reload parses only what was recorded since the last.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from nurse_monitor.domain.alarm_log import AlarmLogLine
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.pump_log import PumpLogLine
from nurse_monitor.domain.session_record import SessionFacts
from nurse_monitor.services import alarm_log, pump_record
from nurse_monitor.services.amended_entries import ReactionRecord
from nurse_monitor.services.amended_values import by_event, event_amendments
from nurse_monitor.services.protocol_library import pinned_copy, protocol, session_protocol
from nurse_monitor.services.record_cache import EMPTY, RecordCache, SessionRows, extended
from nurse_monitor.services.records import AmendmentRecord, PatientRecord
from nurse_monitor.storage.models import DrugDiscontinuation, InfusionSession, Patient, Reaction
from nurse_monitor.storage.repositories import many_sessions, patients, sessions, users


def signature(name: str, credentials: str) -> str:
    """How a user signs an entry: "name, credentials"."""
    return f"{name}, {credentials}" if credentials else name


class SessionReads:
    """One session's rows, each read when asked, inside the open unit of work `s`.

    Args:
        cache: the database's record cache; None reads and parses the rows whole.
        shared: True only inside a read transaction (its rows are committed and may be kept).
    """

    def __init__(self, s: Session, cache: RecordCache | None = None, *, shared: bool = False):
        self.s = s
        self.cache = cache
        self.shared = shared
        self._names: dict[int, str] | None = None

    def names(self) -> dict[int, str]:
        """Every user's signature by id."""
        if self._names is None:
            self._names = {
                u.id: signature(u.full_name, u.credentials) for u in users.all_users(self.s)
            }
        return self._names

    def protocol(self, row: InfusionSession) -> Protocol:
        return session_protocol(self.s, row)

    def earlier_doses(self, row: InfusionSession) -> list[tuple[str, datetime]]:
        """(protocol id, infusion start) of the patient's earlier sessions that started."""
        return sessions.started_doses_before(self.s, row.patient_id, row.created_at, row.id)

    def rows(self, session_id: int) -> SessionRows:
        if self.cache is not None:
            return self.cache.rows(self.s, session_id, shared=self.shared, names=self.names())
        return extended(
            EMPTY,
            sessions.events_for_session(self.s, session_id),
            sessions.readings_for_session(self.s, session_id),
            self.names(),
        )

    def amendments(self, session_id: int) -> dict[int, list[AmendmentRecord]]:
        return event_amendments(self.s, session_id)

    def patient(self, patient_id: int) -> Patient | None:
        return patients.patient_by_id(self.s, patient_id)

    def discontinuations(self, patient_id: int) -> list[DrugDiscontinuation]:
        return patients.discontinuations(self.s, patient_id)

    def reactions(self, session_id: int) -> list[Reaction]:
        return sessions.reactions_for_session(self.s, session_id)

    def alarm_log(self, session_id: int) -> tuple[AlarmLogLine, ...]:
        return alarm_log.log_lines(self.s, session_id)

    def pump_log(self, session_id: int) -> tuple[PumpLogLine, ...]:
        return pump_record.pump_lines(self.s, session_id, self.names())

    # What a view kept from before may answer (services/view_update.py); None: read it.

    def kept_facts(self, row: InfusionSession, prot: Protocol) -> SessionFacts | None:
        return None

    def kept_patient(self) -> PatientRecord | None:
        return None

    def kept_reactions(self) -> tuple[ReactionRecord, ...] | None:
        return None


class BoardReads(SessionReads):
    """The rows of every session in `rows`, read at once (one query per table) inside the read
    transaction `s`; a session not among them is read on its own, as `SessionReads` does."""

    def __init__(self, s: Session, rows: Sequence[InfusionSession], cache: RecordCache) -> None:
        super().__init__(s, cache, shared=True)
        ids = [row.id for row in rows]
        patient_ids = {row.patient_id for row in rows}
        self._ids = set(ids)
        self._rows = cache.rows_of_many(s, ids, names=self.names())
        self._copies = many_sessions.protocol_copies(s, ids)
        self._amendments = many_sessions.amendments(s, ids)
        self._reactions = many_sessions.reactions(s, ids)
        self._alarm_log = many_sessions.alarm_log_entries(s, ids)
        self._pump = many_sessions.observation_lines(s, ids)
        self._patients = many_sessions.patients(s, patient_ids)
        self._discontinuations = many_sessions.discontinuations(s, patient_ids)
        self._doses = many_sessions.started_doses(s, patient_ids)

    def protocol(self, row: InfusionSession) -> Protocol:
        if row.id not in self._ids:
            return super().protocol(row)
        copy = self._copies.get(row.id)
        return protocol(row.protocol_id) if copy is None else pinned_copy(copy)

    def earlier_doses(self, row: InfusionSession) -> list[tuple[str, datetime]]:
        if row.id not in self._ids:
            return super().earlier_doses(row)
        return [
            (protocol_id, started)
            for session_id, created_at, protocol_id, started in self._doses.get(row.patient_id, ())
            if created_at < row.created_at and session_id != row.id
        ]

    def rows(self, session_id: int) -> SessionRows:
        kept = self._rows.get(session_id)
        return kept if kept is not None else super().rows(session_id)

    def amendments(self, session_id: int) -> dict[int, list[AmendmentRecord]]:
        if session_id not in self._ids:
            return super().amendments(session_id)
        return by_event(self._amendments.get(session_id, ()))

    def patient(self, patient_id: int) -> Patient | None:
        found = self._patients.get(patient_id)
        return found if found is not None else super().patient(patient_id)

    def discontinuations(self, patient_id: int) -> list[DrugDiscontinuation]:
        if patient_id not in self._patients:
            return super().discontinuations(patient_id)
        return list(self._discontinuations.get(patient_id, ()))

    def reactions(self, session_id: int) -> list[Reaction]:
        if session_id not in self._ids:
            return super().reactions(session_id)
        return list(self._reactions.get(session_id, ()))

    def alarm_log(self, session_id: int) -> tuple[AlarmLogLine, ...]:
        if session_id not in self._ids:
            return super().alarm_log(session_id)
        return alarm_log.lines_from(self._alarm_log.get(session_id, ()))

    def pump_log(self, session_id: int) -> tuple[PumpLogLine, ...]:
        if session_id not in self._ids:
            return super().pump_log(session_id)
        return pump_record.lines_from(self._pump.get(session_id, ()), self.names())
