"""What the nurse records at the chair, one function per action.

Each action is one unit of work through `charting()`: validated, appended to the session's
append-only record and committed before it returns. Clinical refusals say why and cite the rule.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from nurse_monitor.clock import local_date
from nurse_monitor.domain.checklist import TEACHING_TOPICS, ChartType
from nurse_monitor.domain.engine import InfusionStatus
from nurse_monitor.domain.news2 import score_news2
from nurse_monitor.domain.vial_barcode import VialBarcode, vial_refusal
from nurse_monitor.domain.vital_signs import VitalSignsError, validate_vital_signs
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.chair_view import DETAIL
from nurse_monitor.services.charting import Charting, charting
from nurse_monitor.services.conversions import event_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, PermissionDenied
from nurse_monitor.services.follow_up_carry import carry_forward_in
from nurse_monitor.services.records import EventRecord
from nurse_monitor.services.site_settings import triage_questions
from nurse_monitor.storage.models import SessionEvent, VitalSignReading
from nurse_monitor.storage.repositories import sessions as session_repo

SIDES = ("left", "right")
VOLUME_LEFT_ML = 0.1  # ours: a pump shows 0.1 mL; anything left from there on is an early end
GAUGES = (14, 16, 18, 20, 22, 24)
MAX_ATTEMPTS = 10


def record_screening(
    db: Database,
    actor: Actor,
    session_id: int,
    answers: dict[str, bool | None],
    overrides: dict[str, str],
    *,
    us_checklists: bool = True,
    expected_version: int | None = None,
) -> EventRecord:
    """The screening answers (yes/no per question) and any override reasons.

    `us_checklists` False: this site has switched US program checklists (TOUCH) off; the
    record says so, and names the programs that were not asked.
    """
    questions = triage_questions(db)
    with charting(db, actor, session_id, expected_version) as c:
        known = {q.id for q in c.protocol.checklist}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise InvalidInput("Screening", f"no question {', '.join(unknown)} in this protocol")
        if all(value is None for value in answers.values()):
            raise InvalidInput("Screening", "answer the questions (yes or no) before recording")
        clean = {k: v.strip() for k, v in overrides.items() if v and v.strip()}
        payload: dict[str, Any] = {"answers": dict(answers), "overrides": clean}
        programs = sorted({q.us_program for q in c.protocol.checklist if q.us_program})
        if programs and not us_checklists:
            payload["us_checklists_off"] = programs
        # What the call after the last infusion found goes on the screening (issue 18).
        carry = carry_forward_in(c.s, c.row.patient_id, c.protocol, session_id, questions)
        if carry is not None:
            payload["delayed_reaction"] = {
                "text": carry.screening_line,
                "suggestions": list(carry.suggestions),
            }
        event = c.add(ChartType.SCREENING_RECORDED, payload)
        return event_record(event)


def record_vitals(
    db: Database,
    actor: Actor,
    session_id: int,
    values: dict[str, Any],
    *,
    temperature_unit: str = "C",
    taken_at: datetime | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> EventRecord:
    """A set of vital signs: validated with hard limits, stored in Celsius with its NEWS2."""
    raw = dict(values)
    try:
        vitals = validate_vital_signs(raw, temperature_unit)
    except VitalSignsError as error:
        first = error.problems[0]
        raise InvalidInput(_label(first.field), str(error)) from None
    with charting(db, actor, session_id, expected_version) as c:
        payload: dict[str, Any] = dict(vitals.as_payload())
        if note.strip():
            payload[DETAIL] = {"note": note.strip()}
        event = c.add("vitals", payload, taken_at)
        news2 = score_news2(vitals)
        session_repo.add_reading(
            c.s,
            VitalSignReading(
                session_id=session_id,
                event_id=event.id,
                taken_at=event.occurred_at,
                systolic=vitals.systolic,
                diastolic=vitals.diastolic,
                heart_rate=vitals.heart_rate,
                respiratory_rate=vitals.respiratory_rate,
                temperature_c=vitals.temperature_c,
                spo2=vitals.spo2,
                on_oxygen=vitals.on_oxygen,
                consciousness=vitals.consciousness.value,
                pain=vitals.pain,
                news2_total=news2.total,
                news2_band=news2.band.value,
                note=note.strip(),
                recorded_by_id=actor.user_id,
                recorded_at=c.now,
            ),
        )
        return event_record(event)


def _label(field: str) -> str:
    from nurse_monitor.services.charting import FIELD_LABELS

    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def _once(c: Charting, event_type: str, payload: dict[str, Any]) -> SessionEvent:
    """A one-off step recorded again with the same details is the same record, not a second
    one: a second click on "Record teaching" wrote it twice. Different details are a new entry
    (a new cannula, a corrected next-dose date)."""
    events = session_repo.events_for_session(c.s, c.row.id)
    last = next((e for e in reversed(events) if e.type == event_type), None)
    if last is not None and last.payload == payload:
        return last
    return c.add(event_type, payload)


def record_iv_access(
    db: Database,
    actor: Actor,
    session_id: int,
    *,
    site: str,
    side: str,
    gauge: int,
    attempts: int,
    placed_by: str,
    device: str = "peripheral IV cannula",
    expected_version: int | None = None,
) -> EventRecord:
    """The access device: type, gauge, site and side, attempts, who placed it."""
    if not site.strip():
        raise InvalidInput("Site", "name the vein or site, e.g. 'forearm (cephalic)'")
    if side not in SIDES:
        raise InvalidInput("Side", "left or right")
    if gauge not in GAUGES:
        raise InvalidInput("Gauge", f"one of {', '.join(map(str, GAUGES))}")
    if not 1 <= attempts <= MAX_ATTEMPTS:
        raise InvalidInput("Attempts", f"1 to {MAX_ATTEMPTS}")
    if not placed_by.strip():
        raise InvalidInput("Placed by", "name who placed the access")
    payload = {
        "device": device,
        "site": site.strip(),
        "side": side,
        "gauge": gauge,
        "attempts": attempts,
        "placed_by": placed_by.strip(),
    }
    with charting(db, actor, session_id, expected_version) as c:
        return event_record(_once(c, ChartType.IV_ACCESS_RECORDED, payload))


def record_premedication(
    db: Database,
    actor: Actor,
    session_id: int,
    *,
    drug: str,
    dose: str,
    route: str,
    given_at: datetime | None = None,
    drug_class: str = "",
    reason: str = "",
    expected_version: int | None = None,
) -> EventRecord:
    """A premedication with the time it was given.

    A drug outside the protocol's lists is recorded with its class; it satisfies that class's
    premedication only with a reason (label audit 2026-12-04: an example is not the rule).
    """
    payload = medicine_given(drug, dose, route)
    with charting(db, actor, session_id, expected_version) as c:
        if not any(item.listed(drug) for item in c.protocol.premedications):
            classes = sorted({item.class_name for item in c.protocol.premedications})
            if not drug_class.strip():
                raise InvalidInput(
                    "Class",
                    f"{drug.strip()} is not on this protocol's list; name its class "
                    f"(for example {', '.join(classes) or 'antihistamine'})",
                )
            payload["drug_class"] = drug_class.strip()
            if reason.strip():
                payload["reason"] = reason.strip()
        return event_record(c.add("premedication_given", payload, given_at))


def medicine_given(drug: str, dose: str, route: str) -> dict[str, Any]:
    """A medicine given at the chair (premedication or for a reaction): each part required."""
    for label, value in (("Drug", drug), ("Dose", dose), ("Route", route)):
        if not value.strip():
            raise InvalidInput(label, "must not be empty")
    return {"drug": drug.strip(), "dose": dose.strip(), "route": route.strip()}


def verify_drug(
    db: Database,
    actor: Actor,
    session_id: int,
    *,
    lot_number: str,
    expiry: date,
    expected_version: int | None = None,
    scanned: VialBarcode | None = None,
) -> EventRecord:
    """The bag checked at the chair against the session: lot and expiry must match.

    `scanned`, when the vial's GS1 code was read: its lot and expiry must be the ones given, its
    product one the protocol lists; its product code and serial go on the record.
    """
    with charting(db, actor, session_id, expected_version) as c:
        row = c.row
        if scanned is not None:
            if (scanned.lot or "").upper() != lot_number.strip().upper() or (
                scanned.expiry is not None and scanned.expiry != expiry
            ):
                raise InvalidInput("Scan", "the lot or expiry typed differs from the scanned code")
            refusal = vial_refusal(
                scanned, c.protocol.brand, c.protocol.product_gtins, c.now.astimezone().date()
            )
            if refusal is not None:
                raise InvalidInput("Scan", refusal)
        if row.lot_number and lot_number.strip().upper() != row.lot_number.upper():
            # The recorded lot is not named: an independent check must not hand out the answer.
            raise InvalidInput(
                "Lot",
                f"{lot_number} does not match the lot recorded for this session. Read it again "
                "from the bag; if it still differs, do not hang this bag and tell the pharmacy",
            )
        if row.lot_expiry and expiry != row.lot_expiry:
            raise InvalidInput(
                "Expiry",
                f"{expiry:%d %b %Y} does not match the expiry recorded for this session. Read it "
                "again from the bag; if it still differs, do not hang this bag",
            )
        if expiry < local_date(c.now):
            raise InvalidInput("Expiry", f"the vial expired on {expiry:%Y-%m-%d}; do not use it")
        payload = {
            "lot_number": lot_number.strip().upper(),
            "expiry": expiry.isoformat(),
            "drug": c.protocol.drug,
            "dose_mg": row.dose_mg,
        }
        if scanned is not None:
            payload |= {"verified_by": "scan", "gtin": scanned.gtin, "serial": scanned.serial}
        return event_record(_once(c, ChartType.DRUG_VERIFIED, payload))


def start_infusion(
    db: Database,
    actor: Actor,
    session_id: int,
    rate_ml_h: float,
    reason: str = "",
    *,
    expected_version: int | None = None,
) -> EventRecord:
    """Start the pump; refused, with every missing prerequisite named, until all are done.
    A start above the label's start rate needs a reason (recorded with the event)."""
    with charting(db, actor, session_id, expected_version) as c:
        view = c.view()
        blockers = view.checklist.start_blockers
        if blockers:
            raise InvalidInput("Start", "not yet: " + " ".join(blockers))
        payload: dict[str, Any] = {"rate_ml_h": rate_ml_h}
        payload.update(_above_plan_reason(view.status, rate_ml_h, reason))
        return event_record(c.add("infusion_started", payload))


def _above_plan_reason(status: InfusionStatus, rate_ml_h: float, reason: str) -> dict[str, str]:
    """The engine's `reason` for a rate above the plan; refused without one (clinical
    reference section 9: off-label, needs a reason on the record; the maximum stays a refusal)."""
    if not status.above_plan(rate_ml_h):
        return {}
    if not reason.strip():
        allows = status.plan_allows_ml_h or 0.0
        raise InvalidInput(
            "Reason",
            f"{rate_ml_h:g} mL/h is above the plan ({allows:g} mL/h allowed now): "
            "say why to record it",
        )
    return {"reason": reason.strip()}


def change_rate(
    db: Database,
    actor: Actor,
    session_id: int,
    rate_ml_h: float,
    reason: str,
    *,
    expected_version: int | None = None,
) -> EventRecord:
    """A rate change with its reason. A rate above what the plan allows now is recorded only
    with a reason (and raises `rate_above_plan`); an increase the plan allows still waits for
    what the engine asks first (vital signs, the end of a reaction)."""
    with charting(db, actor, session_id, expected_version) as c:
        status = c.view().status
        off_plan = _above_plan_reason(status, rate_ml_h, reason)
        waiting = status.next_rate_reason not in (None, "not due yet", "at the maximum rate")
        if rate_ml_h > status.rate_ml_h and not off_plan and waiting:
            raise InvalidInput("Rate (mL/h)", f"not increased: {status.next_rate_reason}")
        payload: dict[str, Any] = {
            "rate_ml_h": rate_ml_h,
            DETAIL: {"reason": reason.strip() or "titration"},
            **off_plan,
        }
        return event_record(c.add("rate_changed", payload))


def pause_infusion(
    db: Database, actor: Actor, session_id: int, reason: str, *, expected_version: int | None = None
) -> EventRecord:
    with charting(db, actor, session_id, expected_version) as c:
        payload = {"reason": reason.strip()} if reason.strip() else {}
        return event_record(c.add("paused", payload))


def resume_infusion(
    db: Database,
    actor: Actor,
    session_id: int,
    rate_ml_h: float,
    reason: str = "",
    *,
    expected_version: int | None = None,
) -> EventRecord:
    with charting(db, actor, session_id, expected_version) as c:
        payload: dict[str, Any] = {"rate_ml_h": rate_ml_h}
        if reason.strip():
            payload[DETAIL] = {"reason": reason.strip()}
        payload.update(_above_plan_reason(c.view().status, rate_ml_h, reason))
        return event_record(c.add("resumed", payload))


def stop_infusion(
    db: Database, actor: Actor, session_id: int, reason: str, *, expected_version: int | None = None
) -> EventRecord:
    """Stop early with a reason; observation follows."""
    if not reason.strip():
        raise InvalidInput("Reason", "say why the infusion is stopped")
    with charting(db, actor, session_id, expected_version) as c:
        return event_record(c.add("infusion_stopped", {"reason": reason.strip()}))


def end_infusion(
    db: Database,
    actor: Actor,
    session_id: int,
    volume_infused_ml: float,
    reason: str = "",
    *,
    expected_version: int | None = None,
) -> EventRecord:
    """The bag is done: the volume infused as the pump shows it. Ending with volume still in
    the bag needs a reason (recorded beside the volume)."""
    with charting(db, actor, session_id, expected_version) as c:
        bag = c.row.bag_volume_ml or c.protocol.bag_volume_ml or 0
        if not 0 <= volume_infused_ml <= bag:  # also refuses NaN
            raise InvalidInput("Volume infused", f"0 to {bag:g} mL (the bag)")
        detail: dict[str, Any] = {"volume_infused_ml": volume_infused_ml}
        left = bag - volume_infused_ml
        if left >= VOLUME_LEFT_ML:
            if not reason.strip():
                raise InvalidInput(
                    "Reason", f"{left:.1f} mL is still in the bag: say why the infusion ends now"
                )
            detail["reason"] = reason.strip()
        return event_record(c.add("infusion_ended", {DETAIL: detail}))


def record_teaching(
    db: Database,
    actor: Actor,
    session_id: int,
    topics: list[str],
    next_dose_on: date | None,
    note: str = "",
    *,
    expected_version: int | None = None,
) -> EventRecord:
    """Discharge teaching given (clinical-reference section 8) and the next dose date."""
    unknown = sorted(set(topics) - set(TEACHING_TOPICS))
    if unknown:
        raise InvalidInput("Teaching", f"unknown topic {', '.join(unknown)}")
    missing = [TEACHING_TOPICS[t] for t in TEACHING_TOPICS if t not in topics]
    if missing:
        raise InvalidInput("Teaching", "not yet covered: " + "; ".join(missing))
    with charting(db, actor, session_id, expected_version) as c:
        if next_dose_on is not None and next_dose_on <= local_date(c.now):
            raise InvalidInput("Next dose", "must be after today")
        payload = {
            "topics": list(topics),
            "next_dose_on": next_dose_on.isoformat() if next_dose_on else None,
            "note": note.strip(),
        }
        return event_record(_once(c, ChartType.TEACHING_GIVEN, payload))


def discharge(
    db: Database,
    actor: Actor,
    session_id: int,
    override_reason: str = "",
    *,
    expected_version: int | None = None,
) -> EventRecord:
    """Discharge: refused while the engine says not yet, unless the nurse gives a reason."""
    with charting(db, actor, session_id, expected_version) as c:
        view = c.view()
        if not any(t.event.type == ChartType.TEACHING_GIVEN for t in view.timeline):
            raise InvalidInput("Discharge", "record the discharge teaching and next dose first")
        blockers = view.status.discharge_blockers
        if blockers and not override_reason.strip():
            raise InvalidInput(
                "Discharge",
                "not yet: " + "; ".join(blockers) + ". Give a reason to discharge anyway.",
            )
        event = c.add("discharged", {})
        if blockers:
            c.add(
                ChartType.NOTE,
                {"text": f"Discharged before: {'; '.join(blockers)}", "reason": override_reason},
            )
        return event_record(event)


def sign_session(
    db: Database, actor: Actor, session_id: int, *, expected_version: int | None = None
) -> EventRecord:
    """The nurse signs their own session once the patient is discharged."""
    with charting(db, actor, session_id, expected_version) as c:
        if c.row.nurse_id != actor.user_id:
            raise PermissionDenied(
                f"{actor.full_name} may not sign this session: only its nurse signs it "
                "(a charge nurse co-signs)."
            )
        if c.view().status.phase.value != "ended":
            raise InvalidInput("Sign", "discharge the patient before signing the session")
        event = c.add(ChartType.SESSION_SIGNED, {"signature": actor.signature})
        c.row.signed_by_id = actor.user_id
        c.row.signed_at = c.now
        write_audit(c.s, actor, "sign", c.now, "session", session_id)
        return event_record(event)
