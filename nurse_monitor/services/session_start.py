"""Starting a session: the protocol suggested from the patient's history, and binding the session
to the patient only after two identifiers are confirmed (a chair is never an identifier)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from nurse_monitor.clock import STATION_ZONE, local_date
from nurse_monitor.domain.checklist import ChartType
from nurse_monitor.domain.eligibility import (
    dose_too_early_alert,
    eligibility_refusal,
    previous_dose,
)
from nurse_monitor.domain.event_checks import BAG_VOLUME_LIMIT_ML
from nurse_monitor.domain.local_words import wall_time
from nurse_monitor.domain.protocol_choice import (
    PastDose,
    ProtocolSuggestion,
    TreatmentHistory,
    suggest_protocol,
)
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.chair_occupancy import refuse_occupied_chair
from nurse_monitor.services.chair_view import build_view, recorded_rate
from nurse_monitor.services.conversions import session_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound
from nurse_monitor.services.patients import WEIGHT_KG
from nurse_monitor.services.protocol_library import pin_protocol, protocol, protocol_library
from nurse_monitor.services.records import SessionRecord
from nurse_monitor.services.sessions import append
from nurse_monitor.storage.models import InfusionSession
from nurse_monitor.storage.repositories import patients, sessions

SERIOUS = ("severe", "life_threatening")


@dataclass(frozen=True)
class LastSessionSummary:
    """What carries forward from the patient's last session of this drug."""

    session_id: int
    protocol_id: str
    on: date
    worst_grade: int | None
    worst_severity: str | None
    highest_rate_ml_h: float | None
    premedications: tuple[str, ...]


@dataclass(frozen=True)
class ProtocolOptions:
    suggestion: ProtocolSuggestion
    last_session: LastSessionSummary | None


def treatment_history(s: Session, patient_id: int) -> TreatmentHistory:
    """Past doses (sessions that started) and standing discontinuations."""
    doses = []
    for row in sessions.sessions_for_patient(s, patient_id):
        events = sessions.events_for_session(s, row.id)
        started = next((e for e in events if e.type == "infusion_started"), None)
        if started is None or row.protocol_id not in protocol_library():
            continue
        prot = protocol(row.protocol_id)
        serious = any(r.severity in SERIOUS for r in sessions.reactions_for_session(s, row.id))
        doses.append(
            PastDose(
                row.protocol_id,
                prot.drug,
                row.infusion_number,
                local_date(started.occurred_at),
                serious,
                prot.route,
            )
        )
    flags = {d.drug: d.reason for d in patients.discontinuations(s, patient_id)}
    return TreatmentHistory(tuple(doses), flags)


def last_session_summary(s: Session, patient_id: int, drug: str) -> LastSessionSummary | None:
    past = [
        r
        for r in sessions.sessions_for_patient(s, patient_id)
        if r.protocol_id in protocol_library() and protocol(r.protocol_id).drug == drug
    ]
    for row in reversed(past):
        events = sessions.events_for_session(s, row.id)
        if not any(e.type == "infusion_started" for e in events):
            continue
        reactions = sessions.reactions_for_session(s, row.id)
        worst = max(reactions, key=lambda r: r.ctcae_grade or 0, default=None)
        read = [
            recorded_rate(e.payload)
            for e in events
            if e.type in ("infusion_started", "rate_changed", "resumed")
        ]
        rates = [r for r in read if r is not None]
        premeds = tuple(
            f"{e.payload.get('drug')} {e.payload.get('dose')} {e.payload.get('route')}"
            for e in events
            if e.type == "premedication_given"
        )
        return LastSessionSummary(
            row.id,
            row.protocol_id,
            local_date(row.created_at),
            worst.ctcae_grade if worst else None,
            worst.severity if worst else None,
            max(rates) if rates else None,
            premeds,
        )
    return None


def protocol_options(
    db: Database, actor: Actor, patient_id: int, drug: str = "ocrelizumab"
) -> ProtocolOptions:
    """Today's suggested protocol for the patient, with the last session's summary."""
    require_role(actor, CHARTING, "start a session", db)
    today = local_date(db.clock.now())
    with db.read() as s:
        if patients.patient_by_id(s, patient_id) is None:
            raise NotFound(f"no patient with id {patient_id}")
        history = treatment_history(s, patient_id)
        suggestion = suggest_protocol(history, today, protocol_library(), drug)
        return ProtocolOptions(suggestion, last_session_summary(s, patient_id, drug))


@dataclass(frozen=True)
class BeginSession:
    """What the start dialog sends: the identifiers as the patient stated them, and the drug."""

    patient_id: int
    stated_family_name: str
    stated_date_of_birth: date
    protocol_id: str
    infusion_number: int
    chair: str
    dose_mg: float
    bag_volume_ml: float
    lot_number: str
    lot_expiry: date
    weight_kg: float | None
    # A dose before the label's minimum interval: the reason and the prescriber who agreed.
    early_dose_reason: str = ""
    early_dose_prescriber: str = ""


def begin_session(db: Database, actor: Actor, begin: BeginSession) -> SessionRecord:
    """Bind a new session to the patient after two identifiers match the record."""
    require_role(actor, CHARTING, "start a session", db)
    now = db.clock.now()
    prot = protocol(begin.protocol_id)
    if not begin.chair.strip():
        raise InvalidInput("Chair", "must not be empty")
    if not begin.lot_number.strip():
        raise InvalidInput("Lot", "enter the lot number from the vial")
    if begin.lot_expiry < local_date(now):
        raise InvalidInput(
            "Expiry", f"the vial expired on {begin.lot_expiry:%Y-%m-%d}; do not use it"
        )
    if begin.weight_kg is not None and not WEIGHT_KG[0] <= begin.weight_kg <= WEIGHT_KG[1]:
        raise InvalidInput("Weight", f"{WEIGHT_KG[0]:g} to {WEIGHT_KG[1]:g} kg")
    if not 0 < begin.bag_volume_ml <= BAG_VOLUME_LIMIT_ML:  # also refuses NaN
        raise InvalidInput("Bag volume", f"more than 0 and at most {BAG_VOLUME_LIMIT_ML:g} mL")
    if not 0 < begin.dose_mg < math.inf:
        raise InvalidInput("Dose", "a number of mg above 0")
    if prot.dose_mg is not None and abs(begin.dose_mg - prot.dose_mg) > 1e-6:
        raise InvalidInput(
            "Dose", f"{prot.display_name} is {prot.dose_mg:g} mg; choose another protocol"
        )
    if not prot.eligibility.covers(begin.infusion_number):
        first, last = prot.eligibility.first_infusion_number, prot.eligibility.last_infusion_number
        covered = f"{first} and later" if last is None else f"{first} to {last}"
        raise InvalidInput("Infusion number", f"{prot.display_name} covers infusions {covered}")
    with db.write() as s:
        patient = patients.patient_for_change(s, begin.patient_id)
        if patient is None:
            raise NotFound(f"no patient with id {begin.patient_id}")
        if begin.stated_family_name.strip().casefold() != patient.family_name.casefold():
            raise InvalidInput(
                "Identity",
                f"the stated name does not match record {patient.record_number}. "
                "Do not proceed: check the wristband and the patient again.",
            )
        if begin.stated_date_of_birth != patient.date_of_birth:
            raise InvalidInput(
                "Identity",
                f"the stated date of birth does not match record {patient.record_number}. "
                "Do not proceed: check the wristband and the patient again.",
            )
        open_elsewhere = [
            r
            for r in sessions.sessions_for_patient(s, patient.id)
            if r.status in ("planned", "in_progress")
        ]
        if open_elsewhere:
            other = open_elsewhere[-1]
            raise InvalidInput(
                "Patient",
                f"{patient.record_number} already has an open session at {other.chair} "
                f"(started {wall_time(other.created_at, STATION_ZONE)}); finish or end it first",
            )
        refuse_occupied_chair(s, begin.chair)
        history = treatment_history(s, patient.id)
        if prot.drug in history.discontinued:
            raise InvalidInput(
                "Protocol",
                f"{prot.drug} is permanently discontinued for this patient: "
                f"{history.discontinued[prot.drug]}",
            )
        serious = any(d.serious_reaction and d.drug == prot.drug for d in history.doses)
        refusal = eligibility_refusal(prot, begin.infusion_number, serious)
        if refusal is not None:
            raise InvalidInput("Protocol", refusal[1])
        early = _early_dose(s, prot, begin, patient.id, now)
        row = sessions.add_session(
            s,
            InfusionSession(
                patient_id=patient.id,
                protocol_id=prot.id,
                infusion_number=begin.infusion_number,
                chair=begin.chair.strip(),
                dose_mg=begin.dose_mg,
                bag_volume_ml=begin.bag_volume_ml,
                lot_number=begin.lot_number.strip().upper(),
                lot_expiry=begin.lot_expiry,
                weight_kg=begin.weight_kg,
                status="planned",
                nurse_id=actor.user_id,
                created_at=now,
                needs_review=False,
            ),
        )
        pin_protocol(s, row, now)  # the session keeps the exact protocol it began with
        append(
            s,
            row,
            actor,
            ChartType.IDENTITY_CONFIRMED,
            now,
            now,
            {
                "identifiers": ["name", "date_of_birth"],
                "record_number": patient.record_number,
            },
        )
        if early is not None:
            append(s, row, actor, ChartType.NOTE, now, now, early)
        write_audit(s, actor, "create", now, "session", row.id, chair=row.chair)
        build_view(s, row, now)  # the new session must be readable before it is committed
        return session_record(row)


def _early_dose(
    s: Session, prot: Protocol, begin: BeginSession, patient_id: int, now: datetime
) -> dict[str, str] | None:
    """A dose before the label's minimum interval is refused without a reason and the
    prescriber's name; with them, the note to record (clinical reference section 9)."""
    earlier = [
        (protocol(protocol_id), started)
        for protocol_id, started in sessions.started_doses_before(s, patient_id, now, 0)
        if protocol_id in protocol_library()
    ]
    previous_at = previous_dose(prot, earlier)
    alert = dose_too_early_alert(prot, begin.infusion_number, previous_at, now, STATION_ZONE)
    if alert is None:
        return None
    reason, prescriber = begin.early_dose_reason.strip(), begin.early_dose_prescriber.strip()
    if not reason or not prescriber:
        raise InvalidInput("Early dose", f"{alert.message} ({alert.rule})")
    return {
        "text": f"Dose before the minimum interval: {alert.message.split(':')[0]}",
        "reason": reason,
        "prescriber": prescriber,
        "rule": alert.rule,
    }
