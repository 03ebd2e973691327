"""The pump beside the record at the chair: what the bound pump last said, its alarms, and what
the nurse may chart from it with one click.

Nothing a pump says is charted by itself (the IHE PCD caregiver-validated pattern): a message is
kept as a pump observation (pump_receiving.py) and offered to the nurse here. Binding a pump is
in pump_binding.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from nurse_monitor.domain.pump_link import (
    PumpAlert,
    PumpChannelReport,
    PumpComparison,
    PumpEvent,
    pump_alerts,
)
from nurse_monitor.domain.session_record import Phase
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.chair_view import ChairView, build_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import NotFound
from nurse_monitor.storage.models import PumpObservation
from nurse_monitor.storage.repositories import pump as pump_repo
from nurse_monitor.storage.repositories import sessions


@dataclass(frozen=True)
class PumpObservationRecord:
    id: int
    pump_id: str
    kind: str
    received_at: datetime
    report: PumpChannelReport
    event: str | None
    alarm: str | None
    reported_patient: str | None
    patient_mismatch: bool
    charted_event_id: int | None


@dataclass(frozen=True)
class PumpPanel:
    """The pump beside the record, as the chair shows it (decided here, displayed there)."""

    pump_id: str
    bound_at: datetime
    last: PumpObservationRecord | None
    last_message_at: datetime | None
    alerts: tuple[PumpAlert, ...]
    chart_offer: PumpObservationRecord | None  # the rate a nurse may chart with one click
    delivered_total_ml: float | None  # offered at the end beside the field, never prefilled
    history: tuple[tuple[datetime, float], ...]  # the pump's rate over time (thin line)
    stop_offer: PumpObservationRecord | None = None  # the pump's stop event, to chart a pause


def observation_record(o: PumpObservation) -> PumpObservationRecord:
    report = PumpChannelReport(
        channel=o.channel,
        rate_ml_h=o.rate_ml_h,
        current_rate_ml_h=o.current_rate_ml_h,
        volume_to_infuse_ml=o.volume_to_infuse_ml,
        delivered_ml=o.delivered_ml,
        remaining_ml=o.remaining_ml,
        minutes_remaining=o.minutes_remaining,
        infusing=o.infusing,
        observed_at=o.observed_at,
    )
    event = o.event if o.event in {e.value for e in PumpEvent} else None
    return PumpObservationRecord(
        o.id,
        o.pump_id,
        o.kind,
        o.received_at,
        report,
        event,
        o.alarm,
        o.reported_patient,
        bool(o.patient_mismatch),
        o.charted_event_id,
    )


@dataclass(frozen=True)
class PumpRecordFacts:
    """What the record says that a pump's report is compared with (from the chair's view):
    kept beside a board row, so a pump's next report is judged without reading the chair."""

    record_infusing: bool
    charted_rate_ml_h: float | None
    plan_max_rate_ml_h: float | None
    plan_source: str


def record_facts(view: ChairView) -> PumpRecordFacts:
    status = view.status
    infusing = status.phase is Phase.INFUSING
    try:
        plan_max: float | None = view.protocol.max_rate_ml_h(
            view.facts.dose_mg, view.facts.bag_volume_ml
        )
    except ValueError:
        plan_max = None
    return PumpRecordFacts(
        infusing, status.rate_ml_h if infusing else None, plan_max, view.protocol.source.citation
    )


def _compare(
    facts: PumpRecordFacts,
    bound_at: datetime,
    kept: Sequence[PumpObservationRecord],
    now: datetime,
) -> tuple[PumpAlert, ...]:
    """The bound pump's alarms: its last report (newest first in `kept`) against the record."""
    last = kept[0] if kept else None
    rated = next((o for o in kept if o.report.rate_ml_h is not None), None)
    mismatch = next((o for o in kept[:1] if o.patient_mismatch), None)
    return pump_alerts(
        PumpComparison(
            now=now,
            bound_at=bound_at,
            last_message_at=last.received_at if last else None,
            report=rated.report if rated else None,
            record_infusing=facts.record_infusing,
            charted_rate_ml_h=facts.charted_rate_ml_h,
            plan_max_rate_ml_h=facts.plan_max_rate_ml_h,
            other_patient=mismatch.reported_patient if mismatch else None,
            plan_source=facts.plan_source,
        )
    )


def bound_pump_alerts(
    db: Database, actor: Actor, views: Sequence[ChairView]
) -> dict[int, tuple[PumpAlert, ...]]:
    """The alarms of each chair's bound pump, by session id (chairs without a pump left out)."""
    return pump_alerts_against(db, actor, {v.session.id: record_facts(v) for v in views})


@dataclass(frozen=True)
class BoundPump:
    """A session's bound pump as its alarms are judged: when it was bound and its latest
    reports (newest first). Kept beside a board row, it is judged again at a later time or
    against a changed record without reading the pump again (while no change names it)."""

    bound_at: datetime
    kept: tuple[PumpObservationRecord, ...]

    def alerts(self, facts: PumpRecordFacts, now: datetime) -> tuple[PumpAlert, ...]:
        return _compare(facts, self.bound_at, self.kept, now)


def bound_pumps(db: Database, actor: Actor, session_ids: Sequence[int]) -> dict[int, BoundPump]:
    """Each session's bound pump (sessions without one left out): one query for the bindings,
    one for every bound pump's last report and last rate (the board's read; never the rate
    history, which only the chair's own panel reads)."""
    require_role(actor, ("nurse", "charge_nurse"), "see the chairs")
    if not session_ids:
        return {}
    with db.read() as s:
        bindings = pump_repo.active_bindings_for_sessions(s, list(session_ids))
        reports = pump_repo.latest_reports_for_bindings(
            s, [(session_id, b.id) for session_id, b in bindings.items()]
        )
        return {
            session_id: BoundPump(
                binding.bound_at,
                tuple(observation_record(o) for o in reports.get(binding.id, [])),
            )
            for session_id, binding in bindings.items()
        }


def pump_alerts_against(
    db: Database, actor: Actor, facts: dict[int, PumpRecordFacts]
) -> dict[int, tuple[PumpAlert, ...]]:
    """The alarms of each session's bound pump against what its record says."""
    now = db.clock.now()
    pumps = bound_pumps(db, actor, list(facts))
    return {session_id: pump.alerts(facts[session_id], now) for session_id, pump in pumps.items()}


PANEL_DEPTH = 600  # the pump reports the panel reads back (its rate history)


def pump_panel(
    db: Database, actor: Actor, session_id: int, view: ChairView | None = None
) -> PumpPanel | None:
    """The bound pump beside the record with its alarms; None when no pump is bound. `view`:
    the session as the screen holds it, up to date (its workspace's), so it is not read again
    for the record the pump is compared with."""
    require_role(actor, CHARTING, "read the pump")
    now = db.clock.now()
    with db.read() as s:
        binding = pump_repo.active_binding_for_session(s, session_id)
        if binding is None:
            return None
        if view is None or view.session.id != session_id:
            row = sessions.session_by_id(s, session_id)
            if row is None:
                raise NotFound(f"no session with id {session_id}")
            view = build_view(s, row, now, db.records, shared=True)
        kept = [
            observation_record(o)
            for o in pump_repo.observations_for_session(s, session_id, limit=PANEL_DEPTH)
            if o.binding_id == binding.id
        ]
    last = kept[0] if kept else None
    rated = next((o for o in kept if o.report.rate_ml_h is not None), None)
    status = view.status
    infusing = status.phase is Phase.INFUSING
    alerts = _compare(record_facts(view), binding.bound_at, kept, now)
    offer = None
    if rated is not None and not rated.patient_mismatch and rated.charted_event_id is None:
        running = rated.report.delivering_rate()
        if running and (not infusing or abs(running - status.rate_ml_h) > 0):
            offer = rated
    # The pump's latest delivery event is offered as the matching entry: a stop as a pause
    # while the record says infusing (a start is the rate offer above; a completion is the end
    # of infusion, with the pump's delivered total offered beside the volume).
    latest_event = next((o for o in kept if o.event is not None), None)
    stop_offer = None
    if (
        latest_event is not None
        and latest_event.event == PumpEvent.DELIVERY_STOP.value
        and latest_event.charted_event_id is None
        and not latest_event.patient_mismatch
        and infusing
    ):
        stop_offer = latest_event
    delivered = next((o.report.delivered_ml for o in kept if o.report.delivered_ml is not None),
                     None)  # fmt: skip
    history = tuple(
        (o.received_at, rate)
        for o in reversed(kept)
        if (rate := o.report.delivering_rate()) is not None
    )
    return PumpPanel(
        binding.pump_id, binding.bound_at, last, last.received_at if last else None, alerts,
        offer, delivered, history, stop_offer,
    )  # fmt: skip
