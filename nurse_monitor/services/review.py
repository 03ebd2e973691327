"""The charge nurse's review: co-signature, the read-only session detail (which is audited), the
patient's history over time, and the staff list for the audit log's filter.

Rules: a charge nurse co-signs a signed session, never their own signature; a signed session is
only amended (services.sessions.load_for_change refuses edits), and an amendment to a co-signed
session marks it for re-review until a charge nurse co-signs again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from nurse_monitor.clock import local_date
from nurse_monitor.domain.next_dose import earliest_next_dose, next_dose_date, within_series
from nurse_monitor.services.actors import CHARTING, REVIEWING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.chair_view import (
    ChairView,
    build_view,
    effective_payload,
    effective_time,
    load_events,
    recorded_rate,
)
from nurse_monitor.services.conversions import (
    amendment_record,
    audit_record,
    patient_record,
    session_record,
)
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound, PermissionDenied, SessionChanged
from nurse_monitor.services.follow_up_history import FollowUpRecord, follow_up_record
from nurse_monitor.services.follow_ups import follow_up_words
from nurse_monitor.services.history import Choice
from nurse_monitor.services.protocol_library import pinned_copy, protocol_library
from nurse_monitor.services.records import (
    AmendmentRecord,
    AuditRecord,
    DiscontinuationRecord,
    PatientRecord,
    SessionRecord,
)
from nurse_monitor.storage.repositories import (
    history,
    patients,
    protocol_copies,
    record,
    sessions,
    users,
)

MAX_COMMENT = 2000
RATE_EVENTS = ("infusion_started", "rate_changed", "resumed")
AUDIT_READERS = (*REVIEWING, "admin")


def cosign_session(
    db: Database,
    actor: Actor,
    session_id: int,
    comment: str = "",
    *,
    expected_version: int | None = None,
) -> SessionRecord:
    """Co-sign a signed session (or re-review an amended co-signed one), with a comment."""
    require_role(actor, REVIEWING, "co-sign a session", db)
    if len(comment) > MAX_COMMENT:
        raise InvalidInput("Comment", f"at most {MAX_COMMENT} characters")
    now = db.clock.now()
    with db.write() as s:
        row = sessions.session_for_change(s, session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        if expected_version is None:
            raise InvalidInput(
                "Co-sign", "a co-signature names the version of the session it saw: open it first"
            )
        if row.version != expected_version:
            raise SessionChanged(
                f"Session {session_id} changed since you opened it (version {row.version}, you "
                f"had {expected_version}). Nothing was co-signed; look at the latest record."
            )
        if row.status == "cosigned" and not row.needs_review:
            raise InvalidInput("Co-sign", "this session is already co-signed")
        if row.status not in ("signed", "cosigned"):
            raise InvalidInput("Co-sign", "only a session its nurse has signed can be co-signed")
        if row.signed_by_id == actor.user_id:
            raise PermissionDenied(
                f"{actor.full_name} signed this session and may not co-sign it: "
                "another charge nurse co-signs."
            )
        if row.nurse_id == actor.user_id or took_part(s, session_id, actor):
            raise PermissionDenied(
                f"{actor.full_name} charted or amended this session and may not co-sign it: "
                "another charge nurse co-signs."
            )
        again = row.status == "cosigned"
        row.status = "cosigned"
        row.cosigned_by_id = actor.user_id
        row.cosigned_at = now
        row.cosign_comment = comment.strip() or None
        row.needs_review = False
        s.flush()
        write_audit(
            s,
            actor,
            "cosign",
            now,
            "session",
            session_id,
            comment=comment.strip(),
            again=again,
            version=expected_version,
        )
        return session_record(row)


def took_part(s: Session, session_id: int, actor: Actor) -> bool:
    """Whether `actor` recorded any entry of the session or amended it."""
    return any(
        e.recorded_by_id == actor.user_id for e in sessions.events_for_session(s, session_id)
    ) or any(a.amended_by_id == actor.user_id for a in record.amendments_for_session(s, session_id))


@dataclass(frozen=True)
class SessionDetail:
    """Everything the read-only session view shows. `audit` is None for a user who may not
    read the audit log (nurses)."""

    view: ChairView
    amendments: tuple[AmendmentRecord, ...]
    audit: tuple[AuditRecord, ...] | None
    signed_by: str | None
    cosigned_by: str | None
    cosign_comment: str | None


def session_detail(db: Database, actor: Actor, session_id: int) -> SessionDetail:
    """The whole session, read-only; looking at it is recorded in the audit log ("view")."""
    require_role(actor, CHARTING, "read sessions", db)
    now = db.clock.now()
    with db.write() as s:
        row = sessions.session_by_id(s, session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        view = build_view(s, row, now)
        write_audit(s, actor, "view", now, "session", session_id)
        audit = None
        if actor.role in AUDIT_READERS:
            event_ids = [t.event.id for t in view.timeline]
            audit = tuple(
                audit_record(a) for a in history.session_audit_entries(s, session_id, event_ids)
            )
        return SessionDetail(
            view=view,
            amendments=tuple(
                amendment_record(a) for a in record.amendments_for_session(s, session_id)
            ),
            audit=audit,
            signed_by=view.people.get(row.signed_by_id) if row.signed_by_id else None,
            cosigned_by=view.people.get(row.cosigned_by_id) if row.cosigned_by_id else None,
            cosign_comment=row.cosign_comment,
        )


@dataclass(frozen=True)
class PatientSession:
    """One session in the patient's history."""

    session_id: int
    created_at: datetime
    protocol_id: str
    protocol_name: str
    drug: str
    infusion_number: int
    dose_mg: float
    started_at: datetime | None
    duration_min: int | None
    volume_infused_ml: float | None
    highest_rate_ml_h: float | None
    tolerated_rate_ml_h: float | None  # the highest rate reached before any reaction
    reaction_grades: tuple[int, ...]
    highest_news2: int | None
    status: str
    follow_up: str = ""  # the call after it, in a few words (issue 18)
    follow_up_record: FollowUpRecord | None = None  # the call after it in full


@dataclass(frozen=True)
class NextDose:
    """When the next dose is due, from the last dose given and its protocol's interval."""

    due_on: date | None
    earliest_on: date | None
    after_session_id: int
    protocol_name: str
    note: str


@dataclass(frozen=True)
class PatientHistory:
    patient: PatientRecord
    sessions: tuple[PatientSession, ...]  # oldest first
    reactions_by_grade: dict[int, int]
    next_doses: tuple[NextDose, ...]  # one per drug still given
    discontinued: tuple[DiscontinuationRecord, ...]


def patient_history(db: Database, actor: Actor, patient_id: int) -> PatientHistory:
    """Every session of the patient over time, their reactions, rates and the next dose due."""
    require_role(actor, CHARTING, "read patient records", db)
    now = db.clock.now()
    library = protocol_library()
    with db.write() as s:
        patient = patients.patient_by_id(s, patient_id)
        if patient is None:
            raise NotFound(f"no patient with id {patient_id}")
        flags = patients.discontinuations(s, patient_id)
        rows = sessions.sessions_for_patient(s, patient_id)
        copies = protocol_copies.copies_for_sessions(s, [row.id for row in rows])
        items = []
        for row in rows:
            events, amended = load_events(s, row.id)
            reactions = sessions.reactions_for_session(s, row.id)
            by_id = {e.id: e for e in events}
            onsets = (  # an amended onset (issue 17) is when the reaction began
                effective_time(by_id[r.event_id], amended.get(r.event_id, []))
                if r.event_id in by_id
                else r.onset_at
                for r in reactions
            )
            first_onset = min(onsets, default=None)
            read = [
                (
                    effective_time(e, amended.get(e.id, [])),
                    recorded_rate(effective_payload(e, amended.get(e.id, []))),
                )
                for e in events
                if e.type in RATE_EVENTS
            ]
            rates = [(at, r) for at, r in read if r is not None]
            tolerated = [r for at, r in rates if first_onset is None or at < first_onset]
            copy = copies.get(row.id)  # the version the session ran under, where kept
            prot = pinned_copy(copy) if copy is not None else library.get(row.protocol_id)
            items.append(
                PatientSession(
                    session_id=row.id,
                    created_at=row.created_at,
                    protocol_id=row.protocol_id,
                    protocol_name=prot.display_name if prot else row.protocol_id,
                    drug=prot.drug if prot else "",
                    infusion_number=row.infusion_number,
                    dose_mg=row.dose_mg,
                    started_at=row.started_at,
                    duration_min=row.duration_min,
                    volume_infused_ml=row.volume_infused_ml,
                    highest_rate_ml_h=max((r for _, r in rates), default=None),
                    tolerated_rate_ml_h=max(tolerated, default=None),
                    reaction_grades=tuple(
                        r.ctcae_grade for r in reactions if r.ctcae_grade is not None
                    ),
                    highest_news2=row.highest_news2,
                    status=row.status,
                    follow_up=follow_up_words(s, row.id),
                    follow_up_record=follow_up_record(s, row.id),
                )
            )
        write_audit(s, actor, "view", now, "patient", patient_id)
        by_grade: dict[int, int] = {}
        for item in items:
            for grade in item.reaction_grades:
                by_grade[grade] = by_grade.get(grade, 0) + 1
        stopped = {f.drug for f in flags}
        return PatientHistory(
            patient=patient_record(patient, flags),
            sessions=tuple(items),
            reactions_by_grade=dict(sorted(by_grade.items())),
            next_doses=next_doses(items, stopped),
            discontinued=patient_record(patient, flags).discontinued,
        )


def next_doses(items: list[PatientSession], discontinued: set[str]) -> tuple[NextDose, ...]:
    """For each drug still given, the next dose after its last dose given (started)."""
    library = protocol_library()
    given = [i for i in items if i.started_at is not None and i.protocol_id in library]
    result = []
    for drug in sorted({i.drug for i in given} - discontinued):
        of_drug = sorted((i for i in given if i.drug == drug), key=lambda i: i.started_at or 0)
        last = of_drug[-1]
        prot = library[last.protocol_id]
        given_on = _day(last.started_at)
        series_start = None
        first_number = prot.eligibility.first_infusion_number
        for earlier in reversed(of_drug):
            if earlier.protocol_id == prot.id and earlier.infusion_number == first_number:
                series_start = _day(earlier.started_at)
                break
        due = next_dose_date(prot, last.infusion_number, given_on, series_start)
        result.append(
            NextDose(
                due_on=due,
                # The course's minimum gap is not the second half's: after infusion 1 the
                # history read "18 Dec 2026 (not before 23 Apr 2027)".
                earliest_on=earliest_next_dose(prot, given_on)
                if due and not within_series(prot, last.infusion_number)
                else None,
                after_session_id=last.session_id,
                protocol_name=prot.display_name,
                note=prot.next_dose.note,
            )
        )
    return tuple(result)


def _day(moment: datetime | None) -> date:
    assert moment is not None
    return local_date(moment)


def staff_choices(db: Database, actor: Actor) -> list[Choice]:
    """Every member of staff, for the audit log's user filter."""
    require_role(actor, AUDIT_READERS, "read the audit log", db)
    with db.read() as s:
        return [Choice(str(u.id), f"{u.full_name} ({u.username})") for u in users.all_users(s)]
