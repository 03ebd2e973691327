"""Whether a sequence of events could have happened: order, pump states, rates within the plan.

Services check the record with a new event appended before saving it; the replay command
refuses a scenario that fails. Each refusal names the event (index and type) and the field.
"""

from __future__ import annotations

from collections.abc import Sequence

from nurse_monitor.domain.eligibility import eligibility_refusal
from nurse_monitor.domain.events import EventType, InfusionEvent
from nurse_monitor.domain.protocols import Protocol, Route
from nurse_monitor.domain.session_record import EPSILON, SessionFacts

# The most a confirmed bag may hold at a station (our design default, not a label figure: the
# largest bag in the protocol library is well under it); a scenario or entry above it is refused.
BAG_VOLUME_LIMIT_ML = 2000.0


class EventSequenceError(ValueError):
    """An event that cannot follow the ones before it."""

    def __init__(self, index: int, event_type: str, field: str, problem: str) -> None:
        super().__init__(f"event {index} ({event_type}): field '{field}': {problem}")
        self.index = index
        self.event_type = event_type
        self.field = field
        self.problem = problem


def check_session_facts(protocol: Protocol, facts: SessionFacts) -> list[tuple[str, str]]:
    """Problems with the session's facts against the protocol, as (field, problem)."""
    problems: list[tuple[str, str]] = []
    if facts.protocol_id != protocol.id:
        problems.append(("protocol", f"{facts.protocol_id!r} is not {protocol.id!r}"))
    if facts.infusion_number < 1:
        problems.append(("infusion_number", "must be 1 or more"))
    if facts.dose_mg <= 0:
        problems.append(("dose_mg", "must be greater than 0"))
    if facts.bag_volume_ml <= 0:
        problems.append(("bag_volume_ml", "must be greater than 0"))
        return problems
    if protocol.dose_mg is not None and abs(facts.dose_mg - protocol.dose_mg) > EPSILON:
        problems.append(
            ("dose_mg", f"{facts.dose_mg:g} mg is not the protocol's {protocol.dose_mg:g} mg")
        )
    bag = protocol.bag
    concentration = facts.concentration_mg_ml
    low, high = bag.concentration_min_mg_ml, bag.concentration_max_mg_ml
    if (low is not None and concentration < low - EPSILON) or (
        high is not None and concentration > high + EPSILON
    ):
        problems.append(
            (
                "bag_volume_ml",
                f"concentration {concentration:.2f} mg/mL is outside {low:g}-{high:g} mg/mL",
            )
        )
    if facts.spo2_scale not in (1, 2):
        problems.append(("spo2_scale", "must be 1 or 2"))
    refusal = eligibility_refusal(protocol, facts.infusion_number, facts.prior_serious_reaction)
    if refusal is not None:
        problems.append(refusal)
    return problems


def check_events(protocol: Protocol, facts: SessionFacts, events: Sequence[InfusionEvent]) -> None:
    """Raise EventSequenceError at the first event that cannot follow the ones before it."""
    maximum = protocol.max_rate_ml_h(facts.dose_mg, facts.bag_volume_ml)
    started = ended = paused = discharged = discontinued = reaction = False
    previous = None
    for index, event in enumerate(events):
        kind = event.type

        def refuse(field: str, problem: str, index: int = index, kind: EventType = kind) -> None:
            raise EventSequenceError(index, kind.value, field, problem)

        if previous is not None and event.at < previous:
            refuse(
                "at",
                f"{event.at.isoformat()} is before the previous event ({previous.isoformat()})",
            )
        previous = event.at
        if discharged:
            refuse("type", "nothing can be recorded after discharge")
        if event.rate_ml_h is not None and event.rate_ml_h > maximum + EPSILON:
            refuse(
                "rate_ml_h",
                f"{event.rate_ml_h:g} mL/h is above the protocol's maximum {maximum:g} mL/h",
            )
        if (
            kind in (EventType.INFUSION_STARTED, EventType.RATE_CHANGED, EventType.RESUMED)
            and discontinued
        ):
            refuse("type", "the drug is discontinued: the infusion cannot run")
        if kind is EventType.INFUSION_STARTED:
            if started:
                refuse("type", "the infusion has already started")
            if event.rate_ml_h is None and protocol.route is not Route.SUBCUTANEOUS:
                refuse("rate_ml_h", "missing (only a subcutaneous injection starts without one)")
            started = True
        elif kind is EventType.RATE_CHANGED:
            if not started or ended:
                refuse("type", "the infusion is not running")
            if paused:
                refuse("type", "the infusion is paused: record resumed with its rate")
        elif kind is EventType.PAUSED:
            if not started or ended or paused:
                refuse("type", "only a running infusion can be paused")
            paused = True
        elif kind is EventType.RESUMED:
            if not paused or ended:
                refuse("type", "only a paused infusion can be resumed")
            paused = False
        elif kind in (EventType.INFUSION_ENDED, EventType.INFUSION_STOPPED):
            if not started or ended:
                refuse("type", "the infusion is not running")
            ended, paused = True, False
        elif kind is EventType.REACTION:
            reaction = True
            discontinued = discontinued or event.severity == "life_threatening"
        elif kind is EventType.REACTION_RESOLVED:
            if not reaction:
                refuse("type", "no reaction is active")
            reaction = False
        elif kind is EventType.DRUG_DISCONTINUED:
            discontinued = True
        elif kind is EventType.DISCHARGED:
            if started and not ended:
                refuse("type", "the infusion has not ended: record its end first")
            discharged = True
