"""ORM rows to frozen records, in one place, while the unit of work is still open."""

from __future__ import annotations

from nurse_monitor.services.records import (
    AmendmentRecord,
    AuditRecord,
    DiscontinuationRecord,
    EventRecord,
    PatientRecord,
    SessionRecord,
    UserRecord,
)
from nurse_monitor.storage.models import (
    Amendment,
    AuditEntry,
    DrugDiscontinuation,
    InfusionSession,
    Patient,
    SessionEvent,
    User,
)


def user_record(u: User) -> UserRecord:
    return UserRecord(u.id, u.username, u.full_name, u.credentials, u.role, u.active)


def discontinuation_record(d: DrugDiscontinuation) -> DiscontinuationRecord:
    return DiscontinuationRecord(d.drug, d.reason, d.discontinued_at, d.session_id)


def patient_record(p: Patient, flags: list[DrugDiscontinuation] | None = None) -> PatientRecord:
    return PatientRecord(
        id=p.id,
        record_number=p.record_number,
        family_name=p.family_name,
        given_name=p.given_name,
        date_of_birth=p.date_of_birth,
        sex=p.sex,
        weight_kg=p.weight_kg,
        allergies=p.allergies,
        discontinued=tuple(discontinuation_record(d) for d in (flags or [])),
    )


def session_record(x: InfusionSession) -> SessionRecord:
    return SessionRecord(
        id=x.id,
        patient_id=x.patient_id,
        protocol_id=x.protocol_id,
        infusion_number=x.infusion_number,
        chair=x.chair,
        dose_mg=x.dose_mg,
        lot_number=x.lot_number,
        lot_expiry=x.lot_expiry,
        bag_volume_ml=x.bag_volume_ml,
        weight_kg=x.weight_kg,
        status=x.status,
        nurse_id=x.nurse_id,
        created_at=x.created_at,
        signed_by_id=x.signed_by_id,
        signed_at=x.signed_at,
        cosigned_by_id=x.cosigned_by_id,
        cosigned_at=x.cosigned_at,
        needs_review=x.needs_review,
        version=x.version,
    )


def event_record(e: SessionEvent) -> EventRecord:
    return EventRecord(
        e.id,
        e.session_id,
        e.type,
        e.occurred_at,
        e.recorded_at,
        e.recorded_by_id,
        dict(e.payload) if isinstance(e.payload, dict) else {},
    )


def amendment_record(a: Amendment) -> AmendmentRecord:
    return AmendmentRecord(
        a.id,
        a.session_id,
        a.target_type,
        a.target_id,
        a.field,
        a.original_value,
        a.new_value,
        a.reason,
        a.amended_by_id,
        a.amended_at,
    )


def audit_record(a: AuditEntry) -> AuditRecord:
    return AuditRecord(
        a.id,
        a.at,
        a.user_id,
        a.username,
        a.action,
        a.record_type,
        a.record_id,
        dict(a.detail),
        a.station,
        a.os_user,
        a.channel,
        a.outcome,
    )
