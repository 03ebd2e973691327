"""Receiving pump messages: each is read, kept (with the raw message in the log for IT) and
answered with an HL7 ACK. Never raises: every message gets an answer.

A message from a bound pump is kept as a pump observation (its own rows; the session's version
is untouched) for the nurse to chart; one from an unbound pump is only logged (AE).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nurse_monitor.domain.pump_link import PumpChannelReport
from nurse_monitor.services.changes import ChangeKind, notes_of
from nurse_monitor.services.database import Database
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
from nurse_monitor.storage.repositories import pump as pump_repo

log = logging.getLogger(__name__)

DUPLICATE = "already received (a resend): kept once"
PATIENT_MISMATCH = "the patient in PID-3 is not the patient of the session the pump is bound to"


@dataclass(frozen=True)
class PumpReceipt:
    """What the listener answers: the ACK's text, its code and why."""

    ack: str
    ack_code: str
    reason: str = ""
    session_id: int | None = None


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
        # The type only: a parser's message or traceback may quote the segments (patient data).
        log.warning("pump message not readable: %s", type(error).__name__)
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
            notes = notes_of(s)  # the change edge learns which chairs' pumps spoke
            for session_id in {o["session_id"] for o in observations}:
                notes.note(ChangeKind.PUMP_OBSERVATION, session_id)
    except Exception as error:  # the record unreachable, or a bug: each pump still gets an answer
        log.warning("pump messages not kept: %s", type(error).__name__)  # no patient data
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
        "channel": report.channel[:32],
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
