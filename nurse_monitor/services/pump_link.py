"""The pump link's actions: bind and unbind a pump, receive a pump message, show the pump beside
the record, and chart what the pump says on the nurse's word.

Nothing a pump says is charted by itself (the IHE PCD caregiver-validated pattern): a message is
kept as a pump observation (its own rows; the session's version is untouched) and offered to the
nurse, who charts it with one click. Every message, read or not, goes to the pump message log
for IT with the acknowledgement it got.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nurse_monitor.domain.pump_link import (
    PumpAlert,
    PumpChannelReport,
    PumpComparison,
    PumpEvent,
    pump_alerts,
)
from nurse_monitor.domain.session_record import Phase
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.chair_view import ChairView, build_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound
from nurse_monitor.services.pump_acknowledgements import (
    ACCEPTED,
    APPLICATION_ERROR,
    ERROR,
    REJECTED,
    SEGMENT_SEQUENCE_ERROR,
    UNKNOWN_KEY,
    MessageRefused,
    acknowledge_parsed,
)
from nurse_monitor.services.pump_messages import PumpMessage, acknowledgement, read_message
from nurse_monitor.storage.models import PumpBinding, PumpObservation
from nurse_monitor.storage.repositories import pump as pump_repo
from nurse_monitor.storage.repositories import sessions

log = logging.getLogger(__name__)

PUMP_ID_FORBIDDEN = set("|^~\\&\r\n\t")
DUPLICATE = "already received (a resend): kept once"
PATIENT_MISMATCH = "the patient in PID-3 is not the patient of the session the pump is bound to"


@dataclass(frozen=True)
class PumpBindingRecord:
    id: int
    pump_id: str
    session_id: int
    bound_at: datetime


@dataclass(frozen=True)
class PumpReceipt:
    """What the listener answers: the ACK's text, its code and why."""

    ack: str
    ack_code: str
    reason: str = ""
    session_id: int | None = None


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


def clean_pump_id(pump_id: str) -> str:
    """A pump identifier as scanned from its label or typed; refused with what is allowed."""
    text = pump_id.strip()
    if not 1 <= len(text) <= 64:
        raise InvalidInput("Pump", "scan or type the pump's identifier (1 to 64 characters)")
    if PUMP_ID_FORBIDDEN & set(text) or not text.isprintable():
        raise InvalidInput("Pump", "letters, digits and - . _ : only (no | ^ ~ \\ &)")
    return text


def bind_pump(db: Database, actor: Actor, session_id: int, pump_id: str) -> PumpBindingRecord:
    """Bind a pump to this chair's session (one pump per session, one session per pump)."""
    require_role(actor, CHARTING, "bind a pump")
    pump = clean_pump_id(pump_id)
    now = db.clock.now()
    with db.write() as s:
        row = sessions.session_by_id(s, session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        if row.status in ("signed", "cosigned"):
            raise InvalidInput("Pump", "the session is signed; a pump can no longer be bound")
        elsewhere = pump_repo.active_binding_for_pump(s, pump)
        if elsewhere is not None:
            other = sessions.session_by_id(s, elsewhere.session_id)
            chair = other.chair if other is not None else "?"
            raise InvalidInput(
                "Pump", f"pump {pump} is bound to chair {chair}; unbind it there first"
            )
        if pump_repo.active_binding_for_session(s, session_id) is not None:
            raise InvalidInput("Pump", "this session already has a pump; unbind it first")
        binding = PumpBinding(
            pump_id=pump, session_id=session_id, bound_at=now, bound_by_id=actor.user_id
        )
        pump_repo.add(s, binding)
        write_audit(s, actor, "pump_bind", now, "session", session_id, pump_id=pump)
        return PumpBindingRecord(binding.id, pump, session_id, now)


def unbind_pump(db: Database, actor: Actor, session_id: int) -> None:
    """End the binding: the pump's later messages are logged, not kept for this session."""
    require_role(actor, CHARTING, "unbind a pump")
    now = db.clock.now()
    with db.write() as s:
        binding = pump_repo.active_binding_for_session(s, session_id)
        if binding is None:
            raise InvalidInput("Pump", "no pump is bound to this session")
        binding.unbound_at = now
        binding.unbound_by_id = actor.user_id
        s.flush()
        write_audit(s, actor, "pump_unbind", now, "session", session_id, pump_id=binding.pump_id)


def receive_message(db: Database, text: str, peer: str = "") -> PumpReceipt:
    """Read, keep and acknowledge one message. Never raises: every message gets an answer."""
    return receive_messages(db, [(text, peer)])[0]


def receive_messages(db: Database, batch: Sequence[tuple[str, str]]) -> list[PumpReceipt]:
    """Read, keep (in one unit of work) and acknowledge messages that arrived together."""
    items = [read_incoming(text, peer) for text, peer in batch]
    keep_incoming(db, items)
    now = db.clock.now()
    return [answer(item, now) for item in items]


@dataclass
class Incoming:
    """One message on its way: read (no record touched yet), then kept, then answered."""

    text: str
    peer: str
    message: PumpMessage | None = None
    code: str = ACCEPTED
    error: tuple[str, str] | None = None
    reason: str = ""
    session_id: int | None = None


def read_incoming(text: str, peer: str = "") -> Incoming:
    """Parse a message (pure: the listener does it as each message arrives)."""
    item = Incoming(text, peer)
    try:
        item.message = read_message(text)
    except MessageRefused as refused:
        item.code, item.error, item.reason = refused.ack_code, refused.error, refused.reason
    except Exception as error:  # a reading we did not foresee: still refused, never a crash
        log.exception("pump message not readable")
        item.code, item.error = REJECTED, SEGMENT_SEQUENCE_ERROR
        item.reason = f"not readable: {type(error).__name__}"
    return item


def keep_incoming(db: Database, items: Sequence[Incoming]) -> None:
    """Keep messages read together in one unit of work (one commit for the lot: the listener's
    group commit), each with its outcome. Never raises: a record that cannot be written turns
    every answer into AE."""
    now = db.clock.now()
    try:
        with db.write() as s:
            pumps = {i.message.pump_id for i in items if i.message is not None}
            bound = pump_repo.bound_pumps(s, pumps)
            controls = {i.message.control_id for i in items if i.message is not None}
            seen = pump_repo.accepted_before(s, pumps, controls)
            observations: list[dict[str, Any]] = []
            entries: list[dict[str, Any]] = []
            for item in items:
                _keep(item, now, bound, seen, observations, entries)
            pump_repo.insert_observations(s, observations)
            pump_repo.insert_log_entries(s, entries)
    except Exception as error:  # the record unreachable, or a bug: each pump still gets an answer
        log.exception("pump messages not kept")
        for item in items:
            item.code, item.error = ERROR, APPLICATION_ERROR
            item.reason = f"not recorded: {error}"
            item.session_id = None


def answer(item: Incoming, now: datetime) -> PumpReceipt:
    """The ACK for a message read and kept (or refused), with an ERR saying why."""
    parsed = item.message.parsed if item.message is not None else None
    if parsed is not None:
        ack = acknowledge_parsed(parsed, now, item.code, item.error, item.reason)
    else:
        ack = acknowledgement(item.text, now, item.code, item.error, item.reason)
    return PumpReceipt(ack, item.code, item.reason, item.session_id)


def _keep(
    item: Incoming,
    now: datetime,
    bound: dict[str, tuple[int, int, str]],
    seen: set[tuple[str, str]],
    observations: list[dict[str, Any]],
    entries: list[dict[str, Any]],
) -> None:
    message = item.message
    if message is not None:
        found = bound.get(message.pump_id)
        key = (message.pump_id[:64], message.control_id[:64])
        if key in seen:  # a resend (its first ACK was lost or late): accepted, kept once
            item.code, item.reason = ACCEPTED, DUPLICATE
            item.session_id = found[1] if found else None
        elif found is None:
            item.code, item.error = ERROR, UNKNOWN_KEY
            item.reason = f"pump {message.pump_id} is not bound to a chair's session"
        else:
            binding_id, session_id, record_number = found
            item.session_id = session_id
            mismatch = bool(
                message.patient_id
                and message.patient_id.strip().casefold() != record_number.strip().casefold()
            )
            for report in message.channels or (PumpChannelReport(channel=""),):
                observations.append(
                    _observation(binding_id, session_id, message, report, now, mismatch)
                )
            if mismatch:
                item.code, item.error, item.reason = ERROR, UNKNOWN_KEY, PATIENT_MISMATCH
            else:
                seen.add(key)
    entries.append(
        {
            "received_at": now,
            "peer": item.peer[:64],
            "pump_id": message.pump_id[:64] if message else "",
            "control_id": message.control_id[:64] if message else "",
            "ack_code": item.code,
            "reason": item.reason,
            "session_id": item.session_id,
            "raw": item.text,
        }
    )


def _observation(
    binding_id: int,
    session_id: int,
    message: PumpMessage,
    report: PumpChannelReport,
    now: datetime,
    mismatch: bool,
) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "binding_id": binding_id,
        "pump_id": message.pump_id,
        "channel": report.channel,
        "kind": message.trigger,
        "received_at": now,
        "observed_at": report.observed_at or message.sent_at,
        "rate_ml_h": report.rate_ml_h,
        "current_rate_ml_h": report.current_rate_ml_h,
        "volume_to_infuse_ml": report.volume_to_infuse_ml,
        "delivered_ml": report.delivered_ml,
        "remaining_ml": report.remaining_ml,
        "minutes_remaining": report.minutes_remaining,
        "infusing": report.infusing,
        "event": message.event.value if message.event else None,
        "alarm": message.alarm[:200] if message.alarm else None,
        "reported_patient": (message.patient_id or "")[:64] or None,
        "patient_mismatch": mismatch,
        "charted_event_id": None,
        "charted_by_id": None,
    }


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


def _compare(
    view: ChairView, binding: PumpBinding, kept: Sequence[PumpObservationRecord], now: datetime
) -> tuple[PumpAlert, ...]:
    """The bound pump's alarms: its last report (newest first in `kept`) against the record."""
    last = kept[0] if kept else None
    rated = next((o for o in kept if o.report.rate_ml_h is not None), None)
    status = view.status
    infusing = status.phase is Phase.INFUSING
    try:
        plan_max: float | None = view.protocol.max_rate_ml_h(
            view.facts.dose_mg, view.facts.bag_volume_ml
        )
    except ValueError:
        plan_max = None
    mismatch = next((o for o in kept[:1] if o.patient_mismatch), None)
    return pump_alerts(
        PumpComparison(
            now=now,
            bound_at=binding.bound_at,
            last_message_at=last.received_at if last else None,
            report=rated.report if rated else None,
            record_infusing=infusing,
            charted_rate_ml_h=status.rate_ml_h if infusing else None,
            plan_max_rate_ml_h=plan_max,
            other_patient=mismatch.reported_patient if mismatch else None,
            plan_source=view.protocol.source.citation,
        )
    )


def bound_pump_alerts(
    db: Database, actor: Actor, views: Sequence[ChairView]
) -> dict[int, tuple[PumpAlert, ...]]:
    """The alarms of each chair's bound pump, by session id (chairs without a pump left out):
    one query for the bindings, one per bound pump for its reports (the board's reload)."""
    require_role(actor, ("nurse", "charge_nurse"), "see the chairs")
    if not views:
        return {}
    now = db.clock.now()
    found: dict[int, tuple[PumpAlert, ...]] = {}
    with db.read() as s:
        bindings = pump_repo.active_bindings_for_sessions(s, [v.session.id for v in views])
        for view in views:
            binding = bindings.get(view.session.id)
            if binding is None:
                continue
            kept = [
                observation_record(o)
                for o in pump_repo.observations_for_session(s, view.session.id, limit=PANEL_DEPTH)
                if o.binding_id == binding.id
            ]
            found[view.session.id] = _compare(view, binding, kept, now)
    return found


PANEL_DEPTH = 600  # the pump reports the panel reads back (its rate history)


def pump_panel(db: Database, actor: Actor, session_id: int) -> PumpPanel | None:
    """The bound pump beside the record with its alarms; None when no pump is bound."""
    require_role(actor, CHARTING, "read the pump")
    now = db.clock.now()
    with db.read() as s:
        binding = pump_repo.active_binding_for_session(s, session_id)
        if binding is None:
            return None
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
    alerts = _compare(view, binding, kept, now)
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
