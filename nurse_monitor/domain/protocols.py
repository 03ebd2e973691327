"""What a protocol file says, as frozen values: dose, bag, rate plan, checks, reactions, timing.

Every clinical number here comes from a file in resources/protocols/, which cites its source
(see clinical-reference.md); protocol_files.py reads and validates those files.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from nurse_monitor.domain.after_care import AfterCare


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
    """What a triggering checklist answer does: block the session, need a reasoned override, or
    only inform (an indication choice that makes a premedication required)."""

    BLOCK = "block"
    OVERRIDE = "override"
    INFORM = "inform"


@dataclass(frozen=True)
class Source:
    """Where the protocol's numbers were read, and when someone last checked them."""

    citation: str
    checked_on: date

    def __str__(self) -> str:
        """As a reader can follow it: "Ocrevus US prescribing information, ..., checked 21 Nov
        2026"."""
        return f"{self.citation}, checked {checked_date(self.checked_on)}"


def checked_date(day: date) -> str:
    """A checked date in words that no locale misreads ("21 Nov 2026")."""
    return f"{day.day} {day:%b %Y}"


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
    """A premedication and its window before the start; a missing bound means no bound.

    `drugs` lists every member of the class the protocol accepts (an example in a label is not
    the rule: any H1 antihistamine counts as "an antihistamine"); `equivalent_mg` gives the
    accepted corticosteroid alternatives and their equivalent doses where the label says "or
    equivalent". A drug outside the list counts only when recorded with this item's class and a
    reason.
    """

    name: str
    drugs: tuple[str, ...]
    dose_mg: float | None
    route: Route
    required: bool
    earliest_minutes_before: float | None
    latest_minutes_before: float | None
    note: str
    drug_class: str = ""
    equivalent_mg: tuple[tuple[str, float], ...] = ()
    required_when: str | None = None  # a checklist question id whose "yes" makes it required

    @property
    def class_name(self) -> str:
        """The class a nurse names ("H1 antihistamine"); the item name when none is given."""
        return self.drug_class or self.name

    def listed(self, drug: str) -> bool:
        """Whether the drug is one the protocol lists for this item (case-insensitive)."""
        given = drug.strip().lower()
        return given == self.name.lower() or given in (d.lower() for d in self.drugs)

    def matches(self, drug: str, drug_class: str | None = None, reason: str | None = None) -> bool:
        """Whether a given drug satisfies this item.

        A listed drug always does; a drug outside the list does only when it was recorded as a
        member of this item's class together with a reason (section 9 of the label audit).
        """
        if self.listed(drug):
            return True
        given_class = (drug_class or "").strip().lower()
        return (
            bool(given_class)
            and given_class in (self.class_name.lower(), self.name.lower())
            and bool((reason or "").strip())
        )

    def is_required(self, answers: Mapping[str, bool | None]) -> bool:
        """Required always, or when its screening question was answered yes."""
        if self.required_when is not None:
            return bool(answers.get(self.required_when))
        return self.required


@dataclass(frozen=True)
class ChecklistQuestion:
    """A screening question; the triggering answer blocks or needs an override with a reason."""

    id: str
    text: str
    triggers_on: Answer
    consequence: Consequence
    first_dose_only: bool
    rule: str
    us_program: str | None = None  # a US requirement (e.g. "TOUCH") a site elsewhere switches off


@dataclass(frozen=True)
class ReactionRule:
    """The protocol's management of one severity of infusion reaction."""

    action: ReactionAction
    rate_factor: float | None
    hold_minutes: float | None
    resume_titration: bool
    rule: str
    signs: tuple[str, ...] = ()  # the label's signs, for a hypersensitivity-type rule


@dataclass(frozen=True)
class ReactionRules:
    """By severity; `hypersensitivity` applies when the nurse says the reaction is that type
    (natalizumab: discontinue and do not re-treat, whatever its severity)."""

    mild_or_moderate: ReactionRule
    severe: ReactionRule
    life_threatening: ReactionRule
    hypersensitivity: ReactionRule | None = None


@dataclass(frozen=True)
class Observation:
    """Minutes to watch the patient after the infusion ends, first dose and later doses.

    `label_through_infusion`: the label's observation (first-dose minutes) holds for infusions
    up to this number (natalizumab: the first 12); after it `later_dose_minutes` is the site's
    default for an observation the label leaves to clinical judgement (ours, so marked).
    """

    first_dose_minutes: float
    later_dose_minutes: float
    note: str
    label_through_infusion: int | None = None
    later_is_configurable_default: bool = False


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
    flush_after: str | None = None  # the label's flush after the infusion, with its rule
    # GS1 GTIN-14 codes of the products this protocol gives, each from the package or label and
    # cited in the file ([products]); empty when none is documented (a scan cannot check then).
    product_gtins: tuple[str, ...] = ()
    after_care: AfterCare | None = None  # take-home words and follow-up call (issue 18)

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

    def observation_minutes(self, first_dose: bool, infusion_number: int | None = None) -> float:
        o = self.observation
        if (
            o.label_through_infusion is not None
            and infusion_number is not None
            and infusion_number <= o.label_through_infusion
        ):
            return o.first_dose_minutes
        return o.first_dose_minutes if first_dose else o.later_dose_minutes

    def observation_is_site_default(self, first_dose: bool, infusion_number: int) -> bool:
        """Whether this session's observation time is the site's default (ours) because the
        label leaves it to clinical judgement (natalizumab from the 13th infusion)."""
        o = self.observation
        through = o.label_through_infusion
        return (
            o.later_is_configurable_default
            and not first_dose
            and (through is None or infusion_number > through)
        )

    def reaction_rule(self, severity: str, hypersensitivity: bool = False) -> ReactionRule:
        """The rule for a severity named mild, moderate, severe or life_threatening; a
        hypersensitivity-type reaction takes the protocol's own rule for it, if it has one."""
        if hypersensitivity and self.reactions.hypersensitivity is not None:
            return self.reactions.hypersensitivity
        if severity in ("mild", "moderate"):
            return self.reactions.mild_or_moderate
        if severity == "severe":
            return self.reactions.severe
        if severity == "life_threatening":
            return self.reactions.life_threatening
        raise ValueError(f"unknown reaction severity {severity!r}")
