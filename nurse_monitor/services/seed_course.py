"""The clinical course of one seeded session: its vital signs, its rates, its reaction if any.

Nothing here knows about rows or ids: it decides what happens to the patient, minute by
minute from the session's creation, and services/seed_rows.py writes that down as the
events, readings and reactions a nurse would have recorded.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from nurse_monitor.domain.news2 import score_news2
from nurse_monitor.domain.protocols import Answer, Protocol, RatePlan, ReactionAction
from nurse_monitor.domain.reactions import reaction_advice
from nurse_monitor.domain.titration import minutes_at_rate, next_planned_rate
from nurse_monitor.domain.vital_signs import validate_vital_signs

# How often each protocol is given in the seeded clinic, and which infusion numbers it covers.
PROTOCOL_MIX = (
    ("ocrevus-iv-standard", 55, (3, 14)),
    ("ocrevus-iv-short", 15, (3, 14)),
    ("ocrevus-iv-initial", 10, (1, 2)),
    ("natalizumab", 20, (1, 60)),
)
VITALS_EVERY_MIN = 15
REACTION_RATE = 0.06  # ours, for a protocol whose label gives no rate (natalizumab here)
# Ocrevus: "Reactions occurred in 34 to 40% of patients in trials, most with the first infusion;
# 0.3% were serious" (clinical-reference.md section 1). Per infusion (ours, fitted to that):
# 25% at the first, 8% at the second, 5% later, so that over a first year (four infusions)
# about 38% of patients have had one; grade 3 is 1 in 100 reactions (0.3% of patients).
OCREVUS_REACTION_RATES = {1: 0.25, 2: 0.08}
OCREVUS_LATER_REACTION_RATE = 0.05
GRADE_WEIGHTS_OCREVUS = (70, 29, 1)  # grade 1, 2, 3
GRADE_WEIGHTS_OTHER = (60, 35, 5)  # ours


def reaction_chance(prot: Protocol, infusion_number: int) -> float:
    """How likely a seeded infusion is to bring a reaction, by the label where it says."""
    if prot.drug == "ocrelizumab":
        return OCREVUS_REACTION_RATES.get(infusion_number, OCREVUS_LATER_REACTION_RATE)
    return REACTION_RATE


TEACHING = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]
REACTION_SYMPTOMS = (["pruritus", "flushing"], ["rash"], ["throat_irritation"], ["headache"])


@dataclass(frozen=True)
class SeededVitals:
    """One set of vital signs as the event payload, the reading row's columns, and NEWS2."""

    payload: dict[str, Any]
    reading: dict[str, Any]
    news2: int


@dataclass(frozen=True)
class SeededReaction:
    """An infusion reaction: its onset (minutes from creation), CTCAE grade and symptoms."""

    onset: float
    grade: int
    severity: str
    symptoms: list[str]


@dataclass(frozen=True)
class RateCourse:
    """The pump's set rates (minute, mL/h) until the bag empties at `end`, and any reaction."""

    setpoints: list[tuple[float, float]]
    end: float
    reaction: SeededReaction | None


def vitals_pool(rng: random.Random, size: int, unwell: bool) -> list[SeededVitals]:
    """Validated vital signs with their NEWS2, computed once and reused (NEWS2 costs time)."""
    pool = []
    for _ in range(size):
        raw = {
            "systolic": rng.randint(104, 142) - (rng.randint(0, 18) if unwell else 0),
            "diastolic": rng.randint(62, 84),
            "heart_rate": rng.randint(60, 92) + (rng.randint(10, 30) if unwell else 0),
            "respiratory_rate": rng.choice((14, 15, 16, 17, 18, 20))
            + (rng.choice((0, 2, 4)) if unwell else 0),
            "temperature_c": round(rng.uniform(36.3, 37.3) + (0.6 if unwell else 0), 1),
            "spo2": rng.choice((95, 96, 97, 98, 99)) - (rng.choice((0, 1, 2)) if unwell else 0),
            "on_oxygen": False,
            "consciousness": "alert",
        }
        vitals = validate_vital_signs(raw)
        news2 = score_news2(vitals)
        payload = dict(vitals.as_payload())
        reading = {
            "systolic": vitals.systolic,
            "diastolic": vitals.diastolic,
            "heart_rate": vitals.heart_rate,
            "respiratory_rate": vitals.respiratory_rate,
            "temperature_c": vitals.temperature_c,
            "spo2": vitals.spo2,
            "on_oxygen": vitals.on_oxygen,
            "consciousness": vitals.consciousness.value,
            "pain": None,
            "news2_total": news2.total,
            "news2_band": news2.band.value,
            "note": "",
        }
        pool.append(SeededVitals(payload, reading, news2.total))
    return pool


def screening_answers(prot: Protocol) -> dict[str, bool]:
    """Answers that raise no concern: "no" to a question that triggers on yes, and vice versa."""
    return {q.id: q.triggers_on is not Answer.YES for q in prot.checklist}


def rate_course(
    rng: random.Random,
    prot: Protocol,
    schedule: tuple[tuple[float, float], ...],
    start: float,
    bag: float,
    infusion_number: int | None = None,
) -> RateCourse:
    """The protocol's rate plan from `start`; now and then a reaction the infusion continues
    after, handled as the protocol advises (reduce, or interrupt and restart) and titrated up
    again once resolved."""
    plan = prot.plan_ml_per_hour(prot.dose_mg, prot.bag_volume_ml)
    setpoints = [(start + m, r) for m, r in _rate_setpoints(schedule)]
    plan_end = _end_minute(setpoints, bag)
    reaction: SeededReaction | None = None
    chance = REACTION_RATE if infusion_number is None else reaction_chance(prot, infusion_number)
    weights = GRADE_WEIGHTS_OCREVUS if prot.drug == "ocrelizumab" else GRADE_WEIGHTS_OTHER
    if rng.random() < chance and plan_end - start > 40:
        onset = float(round(rng.uniform(start + 20, plan_end - 15)))
        grade = rng.choices((1, 2, 3), weights)[0]
        severity = {1: "mild", 2: "moderate", 3: "severe"}[grade]
        reaction = SeededReaction(onset, grade, severity, rng.choice(REACTION_SYMPTOMS))
        before = [(m, r) for m, r in setpoints if m <= onset]
        advice = reaction_advice(prot, severity, before[-1][1])
        if advice.action is ReactionAction.REDUCE_RATE:
            assert advice.suggested_rate_ml_h is not None
            after = [(onset + 1, advice.suggested_rate_ml_h)]
        elif advice.action is ReactionAction.INTERRUPT:
            restart = advice.restart_rate_ml_h or floor_half(before[-1][1])
            after = [(onset + 1, 0.0), (onset + 31, restart)]
        else:
            reaction = None  # the seed keeps to reactions the infusion continues after
        if reaction is not None:
            setpoints = [*before, *after, *_resume(plan, after[-1], onset + 31)]
    end = _end_minute(setpoints, bag)
    setpoints = [(m, r) for m, r in setpoints if m < end]  # the bag emptied first
    return RateCourse(setpoints, end, reaction)


def _rate_setpoints(
    schedule: tuple[tuple[float, float], ...],
) -> list[tuple[float, float]]:
    return [(minute, rate) for minute, rate in schedule if rate > 0]


def _resume(
    plan: RatePlan, reduced: tuple[float, float], resolved: float
) -> list[tuple[float, float]]:
    """Once the reaction has resolved, titrate up again from the reduced rate (the label's
    "resume the titration schedule"), each step after the plan's interval."""
    steps = []
    minute, rate = max(reduced[0], resolved), reduced[1]
    while (following := next_planned_rate(plan, rate)) is not None:
        minute += minutes_at_rate(plan, rate)
        rate = following
        steps.append((minute, rate))
    return steps


def _end_minute(setpoints: list[tuple[float, float]], bag: float) -> float:
    """When the bag is empty, integrating the pump over the set rates (as the engine does)."""
    delivered = 0.0
    for (minute, rate), following in zip(setpoints, [*setpoints[1:], None], strict=True):
        until = following[0] if following is not None else None
        if rate > 0:
            span = (until - minute) if until is not None else None
            if span is None or delivered + rate * span / 60 >= bag:
                return minute + (bag - delivered) / rate * 60
            delivered += rate * span / 60
    raise ValueError("the rate plan never empties the bag")


def floor_half(rate: float) -> float:
    return int(rate * 5) / 10
