"""Whether a sequence of events could have happened: order, pump states, rates within the plan.

Services check the record with a new event appended before saving it; the replay command
refuses a scenario that fails. Each refusal names the event (index and type) and the field.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

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


class SequenceCheck:
    """Where a checked sequence stands after its last event: what the next event must fit.

    `check_events` runs one over a whole sequence; a caller that keeps one (a save's record of a
    session, `services.record_tally`) checks an event appended after the last one with `step`
    alone, with the same refusals as checking the whole sequence again.
    """

    __slots__ = (
        "count",
        "discharged",
        "discontinued",
        "ended",
        "maximum",
        "paused",
        "previous",
        "protocol",
        "reaction",
        "started",
    )

    def __init__(self, protocol: Protocol, facts: SessionFacts) -> None:
        self.protocol = protocol
        self.maximum = protocol.max_rate_ml_h(facts.dose_mg, facts.bag_volume_ml)
        self.started = self.ended = self.paused = self.discharged = False
        self.discontinued = self.reaction = False
        self.previous: datetime | None = None
        self.count = 0  # events checked so far: the next one's index

    def copy(self) -> SequenceCheck:
        twin = SequenceCheck.__new__(SequenceCheck)
        for name in SequenceCheck.__slots__:
            setattr(twin, name, getattr(self, name))
        return twin

    def step(self, event: InfusionEvent) -> None:
        """Raise EventSequenceError if `event` cannot follow the events checked so far."""
        index, kind, protocol = self.count, event.type, self.protocol

        def refuse(field: str, problem: str) -> None:
            raise EventSequenceError(index, kind.value, field, problem)

        previous = self.previous
        if previous is not None and event.at < previous:
            refuse(
                "at",
                f"{event.at.isoformat()} is before the previous event ({previous.isoformat()})",
            )
        if self.discharged:
            refuse("type", "nothing can be recorded after discharge")
        if event.rate_ml_h is not None and event.rate_ml_h > self.maximum + EPSILON:
            refuse(
                "rate_ml_h",
                f"{event.rate_ml_h:g} mL/h is above the protocol's maximum {self.maximum:g} mL/h",
            )
        if (
            kind in (EventType.INFUSION_STARTED, EventType.RATE_CHANGED, EventType.RESUMED)
            and self.discontinued
        ):
            refuse("type", "the drug is discontinued: the infusion cannot run")
        if kind is EventType.INFUSION_STARTED:
            if self.started:
                refuse("type", "the infusion has already started")
            if event.rate_ml_h is None and protocol.route is not Route.SUBCUTANEOUS:
                refuse("rate_ml_h", "missing (only a subcutaneous injection starts without one)")
            self.started = True
        elif kind is EventType.RATE_CHANGED:
            if not self.started or self.ended:
                refuse("type", "the infusion is not running")
            if self.paused:
                refuse("type", "the infusion is paused: record resumed with its rate")
        elif kind is EventType.PAUSED:
            if not self.started or self.ended or self.paused:
                refuse("type", "only a running infusion can be paused")
            self.paused = True
        elif kind is EventType.RESUMED:
            if not self.paused or self.ended:
                refuse("type", "only a paused infusion can be resumed")
            self.paused = False
        elif kind in (EventType.INFUSION_ENDED, EventType.INFUSION_STOPPED):
            if not self.started or self.ended:
                refuse("type", "the infusion is not running")
            self.ended, self.paused = True, False
        elif kind is EventType.REACTION:
            self.reaction = True
            self.discontinued = self.discontinued or event.severity == "life_threatening"
        elif kind is EventType.REACTION_RESOLVED:
            if not self.reaction:
                refuse("type", "no reaction is active")
            self.reaction = False
        elif kind is EventType.DRUG_DISCONTINUED:
            self.discontinued = True
        elif kind is EventType.DISCHARGED:
            if self.started and not self.ended:
                refuse("type", "the infusion has not ended: record its end first")
            self.discharged = True
        # Set only once the event passed: a refused event leaves the check as it was.
        self.previous = event.at
        self.count = index + 1


def check_events(
    protocol: Protocol, facts: SessionFacts, events: Sequence[InfusionEvent]
) -> SequenceCheck:
    """Raise EventSequenceError at the first event that cannot follow the ones before it; else
    where the sequence stands after its last event."""
    check = SequenceCheck(protocol, facts)
    for event in events:
        check.step(event)
    return check
