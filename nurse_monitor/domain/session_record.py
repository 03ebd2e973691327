"""What the session's record says, read in one linear pass: rate history, volume, reactions.

The pass keeps only running totals (no look-back), so reading 500 events stays well under a
millisecond; the engine turns the result into a status.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from nurse_monitor.domain.events import EventType, InfusionEvent
from nurse_monitor.domain.plan_allowance import PlanAllowance
from nurse_monitor.domain.protocols import Protocol, RatePlan, ReactionAction
from nurse_monitor.domain.reactions import (
    ReactionAdvice,
    Severity,
    reaction_advice,
    reaction_after_infusion_advice,
)

EPSILON = 1e-6


class Phase(StrEnum):
    """Where the session is; `stopped` = interrupted for a reaction, `ended` = discharged."""

    NOT_STARTED = "not_started"
    PREMEDICATED = "premedicated"
    INFUSING = "infusing"
    PAUSED = "paused"
    STOPPED = "stopped"
    OBSERVING = "observing"
    READY_FOR_DISCHARGE = "ready_for_discharge"
    DISCONTINUED = "discontinued"
    ENDED = "ended"


@dataclass(frozen=True)
class SessionFacts:
    """What is known about this session before any event: the nurse-confirmed bag and dose."""

    protocol_id: str
    infusion_number: int
    dose_mg: float
    bag_volume_ml: float  # the total in the bag (diluent plus drug) as the nurse confirms it
    first_dose: bool | None = None  # None: first dose when infusion_number is 1
    baseline_systolic: int | None = None  # None: taken from the first vital signs recorded
    spo2_scale: int = 1
    age_years: int | None = None
    pregnant: bool | None = None
    previous_dose_at: datetime | None = None  # the previous dose of the same drug, if any
    prior_serious_reaction: bool = False  # to any earlier infusion of this drug
    first_of_route: bool | None = None  # first dose by this route (Zunovo after IV doses)

    @property
    def observed_as_first_dose(self) -> bool:
        """Observation time of a first dose: the first subcutaneous injection is one even after
        IV doses (clinical reference section 9)."""
        return self.is_first_dose or bool(self.first_of_route)

    @property
    def is_first_dose(self) -> bool:
        return self.first_dose if self.first_dose is not None else self.infusion_number == 1

    @property
    def concentration_mg_ml(self) -> float:
        return self.dose_mg / self.bag_volume_ml


@dataclass(frozen=True)
class Reaction:
    """A reaction in progress (or the last one), with the protocol's advice at its onset."""

    severity: Severity
    onset_at: datetime
    rate_at_onset: float
    symptoms: tuple[str, ...]
    advice: ReactionAdvice
    rate_reduced_at: datetime | None
    resolved_at: datetime | None

    @property
    def hold_ends_at(self) -> datetime | None:
        """End of the reduced-rate hold (mild or moderate), counted from the reduction."""
        if self.rate_reduced_at is None or not self.advice.hold_minutes:
            return None
        return self.rate_reduced_at + timedelta(minutes=self.advice.hold_minutes)


def delivered(volume: float, pump: float, bag: float, since: datetime | None, t: datetime) -> float:
    """The volume at t, the pump having run at `pump` mL/h since `since`; never above the bag."""
    if since is not None and pump > 0 and volume < bag:
        hours = (t - since).total_seconds() / 3600
        return min(bag, volume + pump * hours)
    return volume


class SessionRecord:
    """The running state of one pass over the events (internal, mutable, discarded)."""

    def __init__(self, protocol: Protocol, facts: SessionFacts) -> None:
        self.protocol = protocol
        self.facts = facts
        self.plan: RatePlan = protocol.plan_ml_per_hour(facts.dose_mg, facts.bag_volume_ml)
        self.bag = facts.bag_volume_ml
        self.volume = 0.0
        self.last_t: datetime | None = None
        self.pump = 0.0  # what the pump delivers now (0 when paused or ended)
        self.set_rate = 0.0  # the last rate set, kept through a pause
        self.rate_set_at: datetime | None = None
        self.started_at: datetime | None = None
        self.ended_at: datetime | None = None
        self.discharged = False
        self.paused = False
        self.interrupted_for_reaction = False
        self.premedications: list[InfusionEvent] = []
        self.vitals: InfusionEvent | None = None
        self.baseline = facts.baseline_systolic
        self.reaction: Reaction | None = None
        self.restart_rate: float | None = None
        self.titration_halted = False
        self.discontinued_reason: str | None = None
        self.history: list[tuple[datetime, float]] = []
        self.allowance = PlanAllowance.for_plan(self.plan, protocol.rate_plan.unit)
        self.rate_reason: str | None = None  # the reason given with the rate now set
        self.events_read = 0
        self.rate_event_number = 0  # which event set the rate now in effect
        self.reaction_event_number = 0  # which event recorded the latest reaction
        self.after_end_reaction_resolved_at: datetime | None = None
        self.plan_before_reaction: PlanAllowance | None = None

    def branch(self) -> SessionRecord:
        """A copy a pass can go on with, this one left as it is: every value it holds is
        immutable but the rate history, the premedications and the plan's running position
        (which the plan kept from before a reaction may be: the copy keeps them one)."""
        new = copy.copy(self)
        new.history = list(self.history)
        new.premedications = list(self.premedications)
        new.allowance = copy.copy(self.allowance)
        before = self.plan_before_reaction
        if before is self.allowance:
            new.plan_before_reaction = new.allowance
        elif before is not None:
            new.plan_before_reaction = copy.copy(before)
        return new

    def advance(self, t: datetime) -> None:
        """Integrate the pump rate up to t; the volume never exceeds the bag."""
        self.volume = delivered(self.volume, self.pump, self.bag, self.last_t, t)
        self.last_t = t
        if self.started_at is not None and self.ended_at is None:
            self.allowance.catch_up(t, self.pump)

    def set_pump(self, t: datetime, rate: float) -> None:
        self.pump = rate
        self.history.append((t, rate))

    def apply(self, e: InfusionEvent) -> None:
        kind, t = e.type, e.at
        self.events_read += 1
        if kind is EventType.VITALS:
            self.vitals = e
            if self.baseline is None and e.vitals is not None:
                self.baseline = e.vitals.systolic
        elif kind in (EventType.INFUSION_STARTED, EventType.RATE_CHANGED, EventType.RESUMED):
            self._rate_set(e)
        elif kind is EventType.PREMEDICATION_GIVEN:
            self.premedications.append(e)
        elif kind is EventType.PAUSED:
            self.paused = True
            self.interrupted_for_reaction = self.reaction_active()
            self.set_pump(t, 0.0)
        elif kind is EventType.REACTION:
            self._reaction(e)
        elif kind is EventType.REACTION_RESOLVED and self.reaction is not None:
            r = self.reaction
            self.reaction = Reaction(
                r.severity, r.onset_at, r.rate_at_onset, r.symptoms, r.advice,
                r.rate_reduced_at, t,
            )  # fmt: skip
            if r.advice.after_infusion:
                self.after_end_reaction_resolved_at = t
                return
            rule = self.protocol.reaction_rule(r.severity.value)
            if r.advice.action is ReactionAction.INTERRUPT:
                self.restart_rate = r.advice.restart_rate_ml_h
                if self.restart_rate is not None:
                    self.allowance.restart(t, self.restart_rate, rule.resume_titration, None)
            elif r.rate_reduced_at is None and self.plan_before_reaction is not None:
                self.allowance = self.plan_before_reaction  # resolved before any reduction
            elif r.hold_ends_at is None and r.advice.suggested_rate_ml_h is not None:
                # Reduced without a hold (rituximab: "continue at half the previous rate"): the
                # schedule continues from the reduced rate once symptoms resolve.
                self.allowance.restart(
                    t, r.advice.suggested_rate_ml_h, rule.resume_titration, r.rate_reduced_at
                )
            self.titration_halted = not rule.resume_titration
        elif kind in (EventType.INFUSION_ENDED, EventType.INFUSION_STOPPED):
            self.ended_at = t
            self.paused = False
            self.set_pump(t, 0.0)
        elif kind is EventType.DRUG_DISCONTINUED:
            self.discontinued_reason = e.reason
        elif kind is EventType.DISCHARGED:
            self.discharged = True

    def _rate_set(self, e: InfusionEvent) -> None:
        rate = e.rate_ml_h if e.rate_ml_h is not None else self._administration_rate()
        if e.type is EventType.INFUSION_STARTED:
            self.started_at = e.at
            self.allowance.start(e.at)
        if e.type is EventType.RESUMED:
            self.allowance.resume(e.at)
            self.restart_rate = None
            self.paused = self.interrupted_for_reaction = False
        self.set_rate, self.rate_set_at = rate, e.at
        self.rate_reason, self.rate_event_number = e.reason, self.events_read
        self.set_pump(e.at, rate)
        self.allowance.record_rate(e.at, rate)
        r = self.reaction
        if (
            r is not None
            and r.resolved_at is None  # a resolved reaction is not brought back by a rate
            and r.rate_reduced_at is None
            and r.advice.suggested_rate_ml_h is not None
            and rate <= r.advice.suggested_rate_ml_h + EPSILON
        ):
            self.reaction = Reaction(
                r.severity, r.onset_at, r.rate_at_onset, r.symptoms, r.advice, e.at, None
            )
            self._hold_reduced_rate(self.reaction)

    def _administration_rate(self) -> float:
        """A subcutaneous injection started without a rate: the protocol's own pace."""
        plan = self.plan
        return plan.titration.start if plan.titration is not None else plan.steps[0].rate

    def _hold_reduced_rate(self, r: Reaction) -> None:
        """Mild or moderate: the reduced rate for the hold, then the rate at onset (our reading
        of the label's "resume the titration schedule")."""
        reduced = r.advice.suggested_rate_ml_h
        if r.advice.action is not ReactionAction.REDUCE_RATE or reduced is None:
            return
        rule = self.protocol.reaction_rule(r.severity.value)
        back_to = r.rate_at_onset if rule.resume_titration and r.advice.hold_minutes else None
        self.allowance.hold(reduced, r.hold_ends_at, back_to)

    def _reaction(self, e: InfusionEvent) -> None:
        assert e.severity is not None
        self.reaction_event_number = self.events_read
        if self.ended_at is not None:
            self._reaction_after_end(e)
            return
        ongoing = self.reaction if self.reaction_active() else None
        if ongoing is None:
            self.plan_before_reaction = copy.copy(self.allowance)
        onset_rate = ongoing.rate_at_onset if ongoing is not None else self.set_rate
        onset_at = ongoing.onset_at if ongoing is not None else e.at
        advice = reaction_advice(
            self.protocol, e.severity, onset_rate, hypersensitivity=bool(e.hypersensitivity)
        )
        suggested = advice.suggested_rate_ml_h
        already_low = suggested is not None and self.pump <= suggested + EPSILON
        self.reaction = Reaction(
            e.severity, onset_at, onset_rate, e.symptoms, advice,
            e.at if already_low else None, None,
        )  # fmt: skip
        self.restart_rate = None
        if self.paused:
            self.interrupted_for_reaction = True
        if advice.discontinue_drug:
            self.discontinued_reason = advice.message
        if self.started_at is None:
            return
        if advice.action is ReactionAction.REDUCE_RATE:
            self._hold_reduced_rate(self.reaction)
        elif advice.action is ReactionAction.INTERRUPT and advice.restart_rate_ml_h is not None:
            self.allowance.hold(0.0, None, None)  # interrupted until symptoms resolve

    def _reaction_after_end(self, e: InfusionEvent) -> None:
        """After the end there is no rate to reduce: assess, treat, observe, tell the prescriber."""
        assert e.severity is not None
        ongoing = self.reaction if self.reaction_active() else None
        after = ongoing is not None and ongoing.advice.after_infusion
        onset_at = ongoing.onset_at if ongoing is not None and after else e.at
        advice = reaction_after_infusion_advice(self.protocol, e.severity)
        self.reaction = Reaction(e.severity, onset_at, 0.0, e.symptoms, advice, None, None)
        self.restart_rate = None
        if advice.discontinue_drug:
            self.discontinued_reason = advice.message

    def reaction_active(self) -> bool:
        return self.reaction is not None and self.reaction.resolved_at is None


def read_record(
    protocol: Protocol, facts: SessionFacts, events: Sequence[InfusionEvent], now: datetime
) -> SessionRecord:
    """Replay the events recorded up to `now` (later ones are ignored)."""
    return read_on(protocol, facts, events, now)[0]


@dataclass(frozen=True)
class ReadSoFar:
    """Where a pass stood after the first `events` events it was given, before the time up to
    its `now` was added: a later pass over the same events and more goes on from here."""

    protocol: Protocol
    facts: SessionFacts
    record: SessionRecord  # never changed: a pass going on from here works on a branch
    events: int


def read_on(
    protocol: Protocol,
    facts: SessionFacts,
    events: Sequence[InfusionEvent],
    now: datetime,
    so_far: ReadSoFar | None = None,
) -> tuple[SessionRecord, ReadSoFar]:
    """`read_record`, going on from `so_far` (which the caller vouches read the very first
    `so_far.events` of `events`) when its protocol and facts are these and all it read is up
    to `now`; and where this pass stands for the next. The same operations in the same order
    as a pass from the first event, so the same record."""
    start = 0
    if (
        so_far is not None
        and so_far.protocol is protocol
        and so_far.facts == facts
        and so_far.events <= len(events)
        and (so_far.events == 0 or events[so_far.events - 1].at <= now)
    ):
        record, start = so_far.record.branch(), so_far.events
    else:
        record = SessionRecord(protocol, facts)
    read = start
    for event in events[start:]:
        if event.at > now:
            break
        record.advance(event.at)
        record.apply(event)
        read += 1
    kept = ReadSoFar(protocol, facts, record.branch(), read)
    record.advance(now)
    return record, kept
