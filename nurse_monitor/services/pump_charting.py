"""Charting what the pump says, on the nurse's word: its rate as a start, a resume or a rate
change, and its stop as a pause. Each is checked like the entry the nurse would type (the
protocol's steps, the record's order) and marks the pump observation as charted.

Charted at the time the station received the message, not the pump's own clock, which may be set
wrong (the pump's time stays in the observation).
"""

from __future__ import annotations

from nurse_monitor.domain.pump_link import PumpEvent
from nurse_monitor.domain.session_record import Phase
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import DETAIL
from nurse_monitor.services.charting import charting
from nurse_monitor.services.conversions import event_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.pump_link import observation_record
from nurse_monitor.services.records import EventRecord
from nurse_monitor.storage.repositories import pump as pump_repo


def chart_pump_rate(
    db: Database,
    actor: Actor,
    session_id: int,
    observation_id: int,
    *,
    expected_version: int | None = None,
) -> EventRecord:
    """Chart the rate the pump reported, on the nurse's word: a start, a resume or a rate change
    as the record stands, checked like any rate the nurse types."""
    with charting(db, actor, session_id, expected_version) as c:
        found = pump_repo.observation_by_id(c.s, observation_id)
        if found is None or found.session_id != session_id:
            raise InvalidInput("Pump", "that pump reading is not from this session's pump")
        if found.patient_mismatch:
            raise InvalidInput("Pump", "the pump reported another patient; chart by hand")
        if found.charted_event_id is not None:
            raise InvalidInput("Pump", "that pump reading is already charted")
        rate = observation_record(found).report.delivering_rate()
        if not rate:
            raise InvalidInput("Pump", "the pump reported no running rate to chart")
        # The station's clock, not the pump's: a pump's clock may be set wrong (its own time
        # stays in the observation).
        at = min(found.received_at, c.now)
        status = c.view().status
        note = {"source": "pump", "pump_id": found.pump_id, "observation_id": found.id}
        if status.phase in (Phase.NOT_STARTED, Phase.PREMEDICATED):
            blockers = c.view().checklist.start_blockers
            if blockers:
                raise InvalidInput("Start", "not yet: " + " ".join(blockers))
            event = c.add("infusion_started", {"rate_ml_h": rate}, at=at)
        elif status.phase is Phase.PAUSED:
            event = c.add("resumed", {"rate_ml_h": rate, DETAIL: note}, at=at)
        else:
            if rate > status.rate_ml_h and not status.next_rate_ready:
                why = status.next_rate_reason or "the next step is not due"
                raise InvalidInput("Rate (mL/h)", f"not increased: {why}")
            if status.next_rate_ml_h is not None and rate > status.next_rate_ml_h:
                raise InvalidInput(
                    "Rate (mL/h)",
                    f"the protocol's next step is {status.next_rate_ml_h:g} mL/h "
                    f"({c.protocol.display_name})",
                )
            note["reason"] = "pump reading confirmed by the nurse"
            event = c.add("rate_changed", {"rate_ml_h": rate, DETAIL: note}, at=at)
        found.charted_event_id = event.id
        found.charted_by_id = actor.user_id
        c.s.flush()
        return event_record(event)


def chart_pump_stop(
    db: Database,
    actor: Actor,
    session_id: int,
    observation_id: int,
    *,
    expected_version: int | None = None,
) -> EventRecord:
    """Chart the pump's stop event as a pause, on the nurse's word (at the time it arrived)."""
    with charting(db, actor, session_id, expected_version) as c:
        found = pump_repo.observation_by_id(c.s, observation_id)
        if found is None or found.session_id != session_id:
            raise InvalidInput("Pump", "that pump event is not from this session's pump")
        if found.event != PumpEvent.DELIVERY_STOP.value:
            raise InvalidInput("Pump", "that pump message is not a delivery stop")
        if found.patient_mismatch:
            raise InvalidInput("Pump", "the pump reported another patient; chart by hand")
        if found.charted_event_id is not None:
            raise InvalidInput("Pump", "that pump event is already charted")
        at = min(found.received_at, c.now)
        event = c.add("paused", {"reason": "pump stopped (pump event confirmed by the nurse)"},
                      at=at)  # fmt: skip
        found.charted_event_id = event.id
        found.charted_by_id = actor.user_id
        c.s.flush()
        return event_record(event)
