"""The infusion at the chair: vital signs, start, rate changes, pause, resume, stop and end.

Each action is one unit of work through `charting()`; clinical refusals say why and cite the rule.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from nurse_monitor.domain.engine import InfusionStatus
from nurse_monitor.domain.news2 import score_news2
from nurse_monitor.domain.vital_signs import VitalSignsError, validate_vital_signs
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import DETAIL
from nurse_monitor.services.charting import charting
from nurse_monitor.services.conversions import event_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import EventRecord
from nurse_monitor.storage.models import VitalSignReading
from nurse_monitor.storage.repositories import sessions as session_repo

VOLUME_LEFT_ML = 0.1  # ours: a pump shows 0.1 mL; anything left from there on is an early end


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
