"""Read and validate protocol TOML files; a bad file is refused naming file, field and problem.

A protocol is clinical configuration: a typo in a rate is a patient-safety bug, so every
number is type-checked and cross-checked (steps never above the maximum, a source is cited).
"""

from __future__ import annotations

import hashlib
import tomllib
from itertools import pairwise
from pathlib import Path

from nurse_monitor.domain.after_care import AfterCare, AfterCareError, after_care_from
from nurse_monitor.domain.protocol_tables import ProtocolFileError, _Table
from nurse_monitor.domain.protocols import (
    Answer,
    Bag,
    BagBasis,
    ChecklistQuestion,
    Consequence,
    Eligibility,
    NextDose,
    Observation,
    Premedication,
    Protocol,
    RatePlan,
    RateStep,
    RateUnit,
    ReactionAction,
    ReactionRule,
    ReactionRules,
    Route,
    Source,
    Titration,
    VitalSignSchedule,
)

__all__ = [
    "ProtocolFileError",
    "load_protocol",
    "load_protocol_library",
    "protocol_fingerprint",
    "protocol_from_text",
    "read_protocol_text",
]


def read_protocol_text(path: str | Path) -> str:
    """A protocol file's text exactly as stored (what a session pins), or ProtocolFileError."""
    path = Path(path)
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as error:
        raise ProtocolFileError(path.name, "(file)", f"cannot be read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise ProtocolFileError(path.name, "(file)", f"is not valid TOML: {error}") from None


def protocol_from_text(text: str, file: str) -> Protocol:
    """Validate a protocol's TOML text (a file, or a session's pinned copy) as `load_protocol`
    does; `file` names it in messages and its stem must be the protocol's id."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProtocolFileError(file, "(file)", f"is not valid TOML: {error}") from None
    protocol = _protocol(_Table(file, data))
    if protocol.id != Path(file).stem:
        raise ProtocolFileError(file, "id", f"{protocol.id!r} must match the file name")
    return protocol


def protocol_fingerprint(text: str) -> str:
    """SHA-256 of a protocol file's text: the version a session ran under."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_protocol(path: str | Path) -> Protocol:
    """Read one protocol file, refusing it with ProtocolFileError if anything is wrong."""
    path = Path(path)
    return protocol_from_text(read_protocol_text(path), path.name)


def load_protocol_library(directory: str | Path) -> dict[str, Protocol]:
    """Every *.toml protocol in a folder, by id; one bad file refuses the whole library."""
    files = sorted(Path(directory).glob("*.toml"))
    if not files:
        raise ProtocolFileError(str(directory), "(folder)", "holds no protocol files")
    return {protocol.id: protocol for protocol in map(load_protocol, files)}


def _protocol(top: _Table) -> Protocol:
    if not top.has("source"):
        raise top.fail("source", "missing: every protocol must cite its source")
    source_table = top.table("source")
    source = Source(source_table.text("citation"), source_table.day("checked_on"))
    dose = top.maybe_number("dose_mg")
    bag = _bag(top.table("bag"), dose)
    plan = _rate_plan(top.table("rate_plan"))
    if plan.unit is RateUnit.MG_PER_H and (
        bag.concentration_min_mg_ml is None or bag.concentration_max_mg_ml is None
    ):
        raise top.fail("bag", "an mg/h rate plan needs concentration_min_mg_ml and _max_mg_ml")
    premedications = tuple(_premedication(t) for t in top.tables("premedications"))
    checklist = _checklist(top)
    question_ids = {q.id for q in checklist}
    for i, item in enumerate(premedications):
        if item.required_when is not None and item.required_when not in question_ids:
            raise top.fail(
                f"premedications[{i}].required_when",
                f"{item.required_when!r} is not a checklist question id",
            )
    return Protocol(
        id=top.text("id"),
        display_name=top.text("display_name"),
        drug=top.text("drug"),
        brand=top.text("brand"),
        route=top.choice("route", Route),
        dose_mg=dose,
        bag=bag,
        rate_plan=plan,
        premedications=premedications,
        checklist=checklist,
        reactions=_reactions(top.table("reactions")),
        observation=_observation(top.table("observation")),
        vital_signs=_vital_signs(top.table("vital_signs")),
        eligibility=_eligibility(top.table("eligibility")),
        next_dose=_next_dose(top.table("next_dose")),
        source=source,
        flush_after=(
            top.table("after_infusion").text("flush") if top.has("after_infusion") else None
        ),
        product_gtins=_product_gtins(top),
        after_care=_after_care(top),
    )


def _product_gtins(top: _Table) -> tuple[str, ...]:
    """[products] gtins: 14 digits with a correct GS1 check digit, and a citation for them."""
    if not top.has("products"):
        return ()
    t = top.table("products")
    gtins = t.texts("gtins")
    if gtins and not t.text("citation", "").strip():
        raise t.fail("citation", "missing: say where each product code was read")
    for gtin in gtins:
        if len(gtin) != 14 or not gtin.isdigit():
            raise t.fail("gtins", f"{gtin!r} is not a 14-digit GTIN")
        weighted = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(gtin[:-1])))
        if (10 - weighted % 10) % 10 != int(gtin[-1]):
            raise t.fail("gtins", f"{gtin} has a wrong GS1 check digit")
    return gtins


def _after_care(top: _Table) -> AfterCare | None:
    if not top.has("after_care"):
        return None
    try:
        return after_care_from(top.data["after_care"])
    except AfterCareError as exc:
        raise ProtocolFileError(top.file, exc.field, exc.problem) from None


def _bag(t: _Table, dose: float | None) -> Bag:
    bag = Bag(
        volume_ml=t.maybe_number("volume_ml"),
        basis=t.choice("basis", BagBasis),
        drug_volume_ml=t.maybe_number("drug_volume_ml"),
        concentration_mg_ml=t.maybe_number("concentration_mg_ml"),
        concentration_min_mg_ml=t.maybe_number("concentration_min_mg_ml"),
        concentration_max_mg_ml=t.maybe_number("concentration_max_mg_ml"),
    )
    low, high = bag.concentration_min_mg_ml, bag.concentration_max_mg_ml
    if low is not None and high is not None and low > high:
        raise t.fail("concentration_min_mg_ml", f"{low} is above the maximum {high}")
    total = bag.total_volume_ml
    if bag.concentration_mg_ml is not None and dose is not None and total is not None:
        # The stated concentration is "about" a figure; more than 10% off is a typo.
        actual = dose / total
        if abs(actual - bag.concentration_mg_ml) > 0.1 * bag.concentration_mg_ml:
            raise t.fail(
                "concentration_mg_ml",
                f"{bag.concentration_mg_ml} mg/mL is inconsistent with dose {dose:g} mg "
                f"in {total:g} mL ({actual:.2f} mg/mL)",
            )
    return bag


def _rate_plan(t: _Table) -> RatePlan:
    unit = t.choice("unit", RateUnit)
    kind = t.text("kind")
    if kind == "titration":
        titration = Titration(
            start=t.number("start"),
            step=t.number("step"),
            every_minutes=t.number("every_minutes"),
            maximum=t.number("maximum"),
        )
        if titration.start > titration.maximum:
            raise t.fail("start", f"{titration.start:g} is above the maximum {titration.maximum:g}")
        if titration.step > titration.maximum:
            raise t.fail("step", f"{titration.step:g} is above the maximum {titration.maximum:g}")
        return RatePlan(unit, titration, ())
    if kind == "steps":
        steps = tuple(RateStep(s.number("rate"), s.number("minutes")) for s in t.tables("steps"))
        if not steps:
            raise t.fail("steps", "an explicit plan needs at least one step")
        for i, (before, after) in enumerate(pairwise(steps), start=1):
            if after.rate <= before.rate:
                raise t.fail(f"steps[{i}].rate", "rates must rise from step to step")
        if t.has("maximum"):
            maximum = t.number("maximum")
            for i, step in enumerate(steps):
                if step.rate > maximum:
                    raise t.fail(
                        f"steps[{i}].rate", f"{step.rate:g} is above the maximum {maximum:g}"
                    )
        return RatePlan(unit, None, steps)
    raise t.fail("kind", f"{kind!r} is not 'titration' or 'steps'")


def _premedication(t: _Table) -> Premedication:
    earliest = t.maybe_number("earliest_minutes_before", positive=False)
    latest = t.maybe_number("latest_minutes_before", positive=False)
    if earliest is not None and latest is not None and earliest < latest:
        raise t.fail(
            "earliest_minutes_before",
            f"{earliest:g} must be at least latest_minutes_before ({latest:g})",
        )
    drugs = t.texts("drugs")
    equivalents: list[tuple[str, float]] = []
    if t.has("equivalent_mg"):
        table = t.table("equivalent_mg")
        for drug in table.data:
            if drug.lower() not in (d.lower() for d in drugs):
                raise table.fail(drug, "an equivalent must be one of the drugs listed")
            equivalents.append((drug, table.number(drug)))
    return Premedication(
        name=t.text("name"),
        drugs=drugs,
        dose_mg=t.maybe_number("dose_mg"),
        route=t.choice("route", Route),
        required=t.flag("required"),
        earliest_minutes_before=earliest,
        latest_minutes_before=latest,
        note=t.text("note", ""),
        drug_class=t.text("class", t.text("name")),
        equivalent_mg=tuple(equivalents),
        required_when=t.text("required_when") if t.has("required_when") else None,
    )


def _checklist(top: _Table) -> tuple[ChecklistQuestion, ...]:
    questions = []
    seen: set[str] = set()
    for t in top.tables("checklist"):
        question = ChecklistQuestion(
            id=t.text("id"),
            text=t.text("text"),
            triggers_on=t.choice("triggers_on", Answer),
            consequence=t.choice("consequence", Consequence),
            first_dose_only=t.flag("first_dose_only", False),
            rule=t.text("rule"),
            us_program=t.text("us_program") if t.has("us_program") else None,
        )
        if question.id in seen:
            raise t.fail("id", f"{question.id!r} appears twice")
        seen.add(question.id)
        questions.append(question)
    return tuple(questions)


def _reaction(t: _Table) -> ReactionRule:
    rule = ReactionRule(
        action=t.choice("action", ReactionAction),
        rate_factor=t.maybe_number("rate_factor"),
        hold_minutes=t.maybe_number("hold_minutes", positive=False),
        resume_titration=t.flag("resume_titration", False),
        rule=t.text("rule"),
        signs=t.texts("signs"),
    )
    if rule.rate_factor is not None and rule.rate_factor >= 1:
        raise t.fail("rate_factor", f"{rule.rate_factor:g} must be below 1 (a reduction)")
    if rule.action is ReactionAction.REDUCE_RATE and rule.rate_factor is None:
        raise t.fail("rate_factor", "missing: a rate reduction needs its factor")
    return rule


def _reactions(t: _Table) -> ReactionRules:
    rules = ReactionRules(
        mild_or_moderate=_reaction(t.table("mild_or_moderate")),
        severe=_reaction(t.table("severe")),
        life_threatening=_reaction(t.table("life_threatening")),
        hypersensitivity=(
            _reaction(t.table("hypersensitivity")) if t.has("hypersensitivity") else None
        ),
    )
    if rules.life_threatening.action is not ReactionAction.STOP_AND_DISCONTINUE:
        raise t.fail("life_threatening.action", "must be 'stop_and_discontinue'")
    hypersensitivity = rules.hypersensitivity
    if hypersensitivity is not None:
        if hypersensitivity.action is not ReactionAction.STOP_AND_DISCONTINUE:
            raise t.fail("hypersensitivity.action", "must be 'stop_and_discontinue'")
        if not hypersensitivity.signs:
            raise t.fail("hypersensitivity.signs", "list the label's signs the form shows")
    return rules


def _observation(t: _Table) -> Observation:
    return Observation(
        first_dose_minutes=t.number("first_dose_minutes", positive=False),
        later_dose_minutes=t.number("later_dose_minutes", positive=False),
        note=t.text("note"),
        label_through_infusion=t.maybe_int("label_through_infusion"),
        later_is_configurable_default=t.flag("later_is_configurable_default", False),
    )


def _vital_signs(t: _Table) -> VitalSignSchedule:
    return VitalSignSchedule(
        first_hour_every_minutes=t.number("first_hour_every_minutes"),
        later_every_minutes=t.number("later_every_minutes"),
        before_rate_increase_within_minutes=t.number("before_rate_increase_within_minutes"),
        during_reaction_every_minutes=t.number("during_reaction_every_minutes"),
        observation_every_minutes=t.number("observation_every_minutes"),
        configurable_default=t.flag("configurable_default"),
    )


def _eligibility(t: _Table) -> Eligibility:
    first = t.maybe_int("first_infusion_number") or 1
    last = t.maybe_int("last_infusion_number")
    if last is not None and last < first:
        raise t.fail("last_infusion_number", f"{last} is before first_infusion_number {first}")
    return Eligibility(
        first_infusion_number=first,
        last_infusion_number=last,
        requires_no_prior_serious_reaction=t.flag("requires_no_prior_serious_reaction"),
        note=t.text("note", ""),
    )


def _next_dose(t: _Table) -> NextDose:
    rule = NextDose(
        within_series_days=t.maybe_int("within_series_days"),
        interval_months=t.maybe_int("interval_months"),
        interval_weeks=t.maybe_int("interval_weeks"),
        counted_from_series_start=t.flag("counted_from_series_start", False),
        minimum_gap_weeks=t.maybe_int("minimum_gap_weeks"),
        note=t.text("note"),
    )
    if rule.interval_months is not None and rule.interval_weeks is not None:
        raise t.fail("interval_weeks", "give interval_months or interval_weeks, not both")
    return rule
