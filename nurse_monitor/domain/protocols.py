"""What a protocol file says, as frozen values: dose, bag, rate plan, checks, reactions, timing.

Every clinical number here comes from a file in resources/protocols/, which cites its source
(see clinical-reference.md); protocol_files.py reads and validates those files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Route(StrEnum):
    INTRAVENOUS = "intravenous"
    SUBCUTANEOUS = "subcutaneous"
    ORAL = "oral"


class BagBasis(StrEnum):
    """Whether a bag volume is the diluent alone or the total including the drug volume."""

    DILUENT = "diluent"
    TOTAL = "total"


class RateUnit(StrEnum):
    ML_PER_H = "mL/h"
    MG_PER_H = "mg/h"


class ReactionAction(StrEnum):
    """What the protocol says to do at the onset of a reaction of a given severity."""

    REDUCE_RATE = "reduce_rate"
    INTERRUPT = "interrupt"
    STOP_AND_DISCONTINUE = "stop_and_discontinue"


class Answer(StrEnum):
    """The answer to a checklist question that triggers its consequence."""

    YES = "yes"
    NO = "no"


class Consequence(StrEnum):
    """What a triggering checklist answer does: block the session or need a reasoned override."""

    BLOCK = "block"
    OVERRIDE = "override"


@dataclass(frozen=True)
class Source:
    """Where the protocol's numbers were read, and when someone last checked them."""

    citation: str
    checked_on: date

    def __str__(self) -> str:
        return f"{self.citation} (checked {self.checked_on.isoformat()})"


@dataclass(frozen=True)
class Bag:
    """The bag (or syringe) as the protocol describes it; the nurse confirms the real total."""

    volume_ml: float | None
    basis: BagBasis
    drug_volume_ml: float | None
    concentration_mg_ml: float | None
    concentration_min_mg_ml: float | None
    concentration_max_mg_ml: float | None

    @property
    def total_volume_ml(self) -> float | None:
        """Volume the pump delivers: diluent plus drug when the bag volume is the diluent only."""
        if self.volume_ml is None:
            return None
        if self.basis is BagBasis.DILUENT and self.drug_volume_ml is not None:
            return self.volume_ml + self.drug_volume_ml
        return self.volume_ml


@dataclass(frozen=True)
class Titration:
    """Start at a rate, add a step every interval, never above the maximum (label titration)."""

    start: float
    step: float
    every_minutes: float
    maximum: float


@dataclass(frozen=True)
class RateStep:
    """One row of an explicit schedule: a rate held for some minutes (the last runs to empty)."""

    rate: float
    minutes: float


@dataclass(frozen=True)
class RatePlan:
    """Either a titration rule or an explicit list of steps, in mL/h or mg/h."""

    unit: RateUnit
    titration: Titration | None
    steps: tuple[RateStep, ...]

    @property
    def maximum(self) -> float:
        """The highest rate the plan allows, in the plan's own unit."""
        if self.titration is not None:
            return self.titration.maximum
        return max(step.rate for step in self.steps)

    def in_ml_per_hour(self, concentration_mg_ml: float) -> RatePlan:
        """The same plan in mL/h: mg/h divided by the bag's concentration (rituximab labels)."""
        if self.unit is RateUnit.ML_PER_H:
            return self
        c = concentration_mg_ml
        titration = None
        if self.titration is not None:
            t = self.titration
            titration = Titration(
                start=floor_tenth(t.start / c),
                step=t.step / c,
                every_minutes=t.every_minutes,
                maximum=floor_tenth(t.maximum / c),
            )
        steps = tuple(RateStep(floor_tenth(s.rate / c), s.minutes) for s in self.steps)
        return RatePlan(RateUnit.ML_PER_H, titration, steps)


def floor_tenth(rate: float) -> float:
    """Round a suggested pump rate down to 0.1 mL/h so a suggestion never exceeds a limit."""
    return math.floor(rate * 10 + 1e-6) / 10


@dataclass(frozen=True)
class Premedication:
    """A premedication and its window before the start; a missing bound means no bound."""

    name: str
    drugs: tuple[str, ...]
    dose_mg: float | None
    route: Route
    required: bool
    earliest_minutes_before: float | None
    latest_minutes_before: float | None
    note: str

    def matches(self, drug: str) -> bool:
        """Whether a given drug satisfies this item (the class name or one of its drugs)."""
        given = drug.strip().lower()
        return given == self.name.lower() or given in (d.lower() for d in self.drugs)


@dataclass(frozen=True)
class ChecklistQuestion:
    """A screening question; the triggering answer blocks or needs an override with a reason."""

    id: str
    text: str
    triggers_on: Answer
    consequence: Consequence
    first_dose_only: bool
    rule: str


@dataclass(frozen=True)
class ReactionRule:
    """The protocol's management of one severity of infusion reaction."""

    action: ReactionAction
    rate_factor: float | None
    hold_minutes: float | None
    resume_titration: bool
    rule: str


@dataclass(frozen=True)
class ReactionRules:
    mild_or_moderate: ReactionRule
    severe: ReactionRule
    life_threatening: ReactionRule


@dataclass(frozen=True)
class Observation:
    """Minutes to watch the patient after the infusion ends, first dose and later doses."""

    first_dose_minutes: float
    later_dose_minutes: float
    note: str


@dataclass(frozen=True)
class VitalSignSchedule:
    """When vital signs are due; our configurable default (clinical-reference.md section 6)."""

    first_hour_every_minutes: float
    later_every_minutes: float
    before_rate_increase_within_minutes: float
    during_reaction_every_minutes: float
    observation_every_minutes: float
    configurable_default: bool


@dataclass(frozen=True)
class Eligibility:
    """Which infusions of a course this protocol serves, and who may not have it."""

    first_infusion_number: int
    last_infusion_number: int | None
    requires_no_prior_serious_reaction: bool
    note: str

    def covers(self, infusion_number: int) -> bool:
        last = self.last_infusion_number
        return infusion_number >= self.first_infusion_number and (
            last is None or infusion_number <= last
        )


@dataclass(frozen=True)
class NextDose:
    """Interval to the next dose; None fields mean the prescriber sets it."""

    within_series_days: int | None
    interval_months: int | None
    interval_weeks: int | None
    counted_from_series_start: bool
    minimum_gap_weeks: int | None
    note: str


@dataclass(frozen=True)
class Protocol:
    """One cited infusion protocol, as loaded from resources/protocols/<id>.toml."""

    id: str
    display_name: str
    drug: str
    brand: str
    route: Route
    dose_mg: float | None
    bag: Bag
    rate_plan: RatePlan
    premedications: tuple[Premedication, ...]
    checklist: tuple[ChecklistQuestion, ...]
    reactions: ReactionRules
    observation: Observation
    vital_signs: VitalSignSchedule
    eligibility: Eligibility
    next_dose: NextDose
    source: Source
    # GS1 GTIN-14 codes of the products this protocol gives, each from the package or label and
    # cited in the file ([products]); empty when none is documented (a scan cannot check then).
    product_gtins: tuple[str, ...] = ()

    @property
    def drug_family(self) -> str:
        """The brand a nurse says ("Ocrevus"); IV and SC of one drug share the drug name."""
        return self.brand

    @property
    def bag_volume_ml(self) -> float | None:
        """The protocol's default total volume in the bag (diluent plus drug where stated)."""
        return self.bag.total_volume_ml

    def concentration_mg_ml(
        self, dose_mg: float | None = None, bag_volume_ml: float | None = None
    ) -> float | None:
        """Concentration from the confirmed dose and total bag volume, else the protocol's."""
        dose = dose_mg if dose_mg is not None else self.dose_mg
        volume = bag_volume_ml if bag_volume_ml is not None else self.bag_volume_ml
        if dose is not None and volume:
            return dose / volume
        return self.bag.concentration_mg_ml

    def plan_ml_per_hour(
        self, dose_mg: float | None = None, bag_volume_ml: float | None = None
    ) -> RatePlan:
        """The rate plan in mL/h for this bag (mg/h plans need a concentration)."""
        if self.rate_plan.unit is RateUnit.ML_PER_H:
            return self.rate_plan
        concentration = self.concentration_mg_ml(dose_mg, bag_volume_ml)
        if concentration is None:
            raise ValueError(f"{self.id}: an mg/h plan needs the dose and bag volume")
        return self.rate_plan.in_ml_per_hour(concentration)

    def max_rate_ml_h(
        self, dose_mg: float | None = None, bag_volume_ml: float | None = None
    ) -> float:
        """The highest pump rate this protocol allows for this bag, in mL/h."""
        return self.plan_ml_per_hour(dose_mg, bag_volume_ml).maximum

    def observation_minutes(self, first_dose: bool) -> float:
        o = self.observation
        return o.first_dose_minutes if first_dose else o.later_dose_minutes

    def reaction_rule(self, severity: str) -> ReactionRule:
        """The rule for a severity named mild, moderate, severe or life_threatening."""
        if severity in ("mild", "moderate"):
            return self.reactions.mild_or_moderate
        if severity == "severe":
            return self.reactions.severe
        if severity == "life_threatening":
            return self.reactions.life_threatening
        raise ValueError(f"unknown reaction severity {severity!r}")
