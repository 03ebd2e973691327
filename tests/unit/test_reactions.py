"""Reaction management through the engine for each severity (Ocrevus label, clinical-reference
section 1), plus CTCAE v5 grade suggestions and NIAID/FAAN anaphylaxis criteria (section 4)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from nurse_monitor.domain.engine import Phase, SessionFacts, infusion_status
from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.protocols import Protocol, ReactionAction
from nurse_monitor.domain.reactions import (
    CTCAE_GRADES,
    LABEL_SYMPTOMS,
    Severity,
    anaphylaxis_likely,
    grade_for_severity,
    reaction_advice,
    suggest_grade,
)
from tests.unit.nurse import at, event, vitals

STANDARD = SessionFacts("ocrevus-iv-standard", 3, 600, 500)


def running_at_120() -> list[InfusionEvent]:
    """Standard 600 mg infusion titrated 40 -> 80 -> 120 mL/h by minute 60."""
    return [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=40),
        vitals(at(29)),
        event("rate_changed", at(30), rate_ml_h=80),
        vitals(at(59)),
        event("rate_changed", at(60), rate_ml_h=120),
    ]


@pytest.mark.parametrize("severity", ["mild", "moderate"])
def test_mild_or_moderate_halves_the_rate_holds_30_min_then_resumes(
    library: dict[str, Protocol], severity: str
) -> None:
    protocol = library["ocrevus-iv-standard"]
    events = [*running_at_120(), event("reaction", at(70), severity=severity, symptoms=["rash"])]
    onset = infusion_status(protocol, STANDARD, events, at(71))
    assert onset.suggested_rate_ml_h == 60
    assert onset.next_rate_ml_h is None and onset.next_rate_reason == "reduce the rate first"
    assert onset.vitals_due_at == at(70)  # vital signs at onset, then every 5 min
    assert not onset.vitals_overdue  # due at onset; overdue only after the grace
    assert infusion_status(protocol, STANDARD, events, at(75)).vitals_overdue
    assert "reaction_reduce_rate" in {a.code for a in onset.alerts}
    events += [vitals(at(71)), event("rate_changed", at(72), rate_ml_h=60)]
    held = infusion_status(protocol, STANDARD, events, at(80))
    assert held.vitals_due_at == at(76)
    assert held.next_rate_due_at == at(102)  # 30 min from the reduction
    assert not held.next_rate_ready and held.next_rate_reason == "not due yet"
    events += [vitals(at(76)), event("reaction_resolved", at(90)), vitals(at(100))]
    resumed = infusion_status(protocol, STANDARD, events, at(102))
    assert resumed.current_reaction is None
    assert resumed.suggested_rate_ml_h is None
    # Back to the rate at onset after the hold (our reading of "resume the titration schedule").
    assert resumed.next_rate_ready and resumed.next_rate_ml_h == 120
    assert resumed.phase is Phase.INFUSING


def test_mild_reaction_still_active_after_the_hold_keeps_the_step_waiting(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-iv-standard"]
    events = [
        *running_at_120(),
        event("reaction", at(70), severity="mild", symptoms=["pruritus"]),
        event("rate_changed", at(70), rate_ml_h=60),
        vitals(at(104)),
    ]
    status = infusion_status(protocol, STANDARD, events, at(105))
    assert not status.next_rate_ready and status.next_rate_reason == "reaction active"


def test_severe_interrupts_then_restarts_at_half_the_onset_rate(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-iv-standard"]
    events = [*running_at_120(), event("reaction", at(70), severity="severe", symptoms=["dyspnea"])]
    onset = infusion_status(protocol, STANDARD, events, at(70))
    assert onset.phase is Phase.INFUSING  # the engine suggests; the nurse stops the pump
    assert onset.suggested_rate_ml_h == 0
    alert = next(a for a in onset.alerts if a.code == "reaction_interrupt")
    assert alert.severity == "urgent" and "restart at 60 mL/h" in alert.message
    assert "Ocrevus label" in alert.rule
    events += [event("paused", at(71))]
    stopped = infusion_status(protocol, STANDARD, events, at(80))
    assert stopped.phase is Phase.STOPPED and stopped.rate_ml_h == 0
    frozen = stopped.volume_infused_ml
    events += [event("reaction_resolved", at(100))]
    resolved = infusion_status(protocol, STANDARD, events, at(101))
    assert resolved.phase is Phase.STOPPED
    assert resolved.suggested_rate_ml_h == 60
    assert resolved.volume_infused_ml == frozen
    events += [vitals(at(104)), event("resumed", at(105), rate_ml_h=60)]
    restarted = infusion_status(protocol, STANDARD, events, at(106))
    assert restarted.phase is Phase.INFUSING
    assert restarted.next_rate_ml_h == 100 and restarted.next_rate_due_at == at(135)
    assert "rate_above_plan" not in {a.code for a in restarted.alerts}


def test_restarting_above_half_the_onset_rate_is_flagged(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-standard"]
    events = [
        *running_at_120(),
        event("reaction", at(70), severity="severe", symptoms=["dyspnea"]),
        event("paused", at(70)),
        event("reaction_resolved", at(90)),
        event("resumed", at(95), rate_ml_h=120),
    ]
    status = infusion_status(protocol, STANDARD, events, at(96))
    alert = next(a for a in status.alerts if a.code == "rate_above_plan")
    assert "allows 60 mL/h now" in alert.message


def test_life_threatening_stops_and_discontinues_the_drug(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-standard"]
    events = [
        *running_at_120(),
        event("reaction", at(70), severity="life_threatening", symptoms=["anaphylaxis"]),
    ]
    status = infusion_status(protocol, STANDARD, events, at(70))
    assert status.phase is Phase.DISCONTINUED
    assert status.drug_discontinued
    assert status.suggested_rate_ml_h == 0
    assert status.next_rate_ml_h is None and status.projected_end_at is None
    assert not status.discharge_allowed
    codes = [a.code for a in status.alerts]
    assert codes[:2] == ["drug_discontinued", "reaction_stop_and_discontinue"]
    events += [
        event("infusion_stopped", at(71), reason="anaphylaxis"),
        event("reaction_resolved", at(120)),
    ]
    later = infusion_status(protocol, STANDARD, events, at(400))
    assert later.phase is Phase.DISCONTINUED and later.drug_discontinued
    assert "discharge is a medical decision" in later.discharge_blockers[0]


def test_reaction_advice_follows_each_protocol(library: dict[str, Protocol]) -> None:
    mild = reaction_advice(library["ocrevus-iv-initial"], Severity.MILD, 150)
    assert (mild.action, mild.suggested_rate_ml_h, mild.hold_minutes) == (
        ReactionAction.REDUCE_RATE,
        75,
        30,
    )
    severe = reaction_advice(library["rituximab-first"], "severe", 75)
    assert (severe.action, severe.suggested_rate_ml_h, severe.restart_rate_ml_h) == (
        ReactionAction.INTERRUPT,
        0,
        37.5,
    )
    natalizumab = reaction_advice(library["natalizumab"], "moderate", 100)
    assert natalizumab.restart_rate_ml_h is None
    assert "call the prescriber" in natalizumab.message
    assert "Configurable default" in natalizumab.rule
    fatal = reaction_advice(library["ocrevus-zunovo-sc"], "life_threatening", 138)
    assert fatal.discontinue_drug and "ocrelizumab" in fatal.message


def test_ctcae_grades_and_suggestions() -> None:
    assert set(CTCAE_GRADES) == {1, 2, 3, 4, 5}
    assert suggest_grade(interruption_indicated=False) == 1
    assert suggest_grade(interruption_indicated=True) == 2
    assert suggest_grade(interruption_indicated=True, responded_promptly=False) == 3
    assert suggest_grade(interruption_indicated=True, recurred_or_prolonged=True) == 3
    assert suggest_grade(interruption_indicated=False, hospitalization_indicated=True) == 3
    assert suggest_grade(interruption_indicated=True, urgent_intervention_indicated=True) == 4
    assert suggest_grade(interruption_indicated=True, died=True) == 5
    assert [grade_for_severity(s) for s in Severity] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("symptoms", "systolic", "baseline", "known", "likely"),
    [
        (["urticaria", "bronchospasm"], None, None, False, True),  # skin + respiratory
        (["flushing"], 85, 120, False, True),  # skin + low BP (below 90)
        (["flushing"], 110, 160, False, True),  # skin + more than 30% below baseline
        (["flushing"], 112, 160, False, False),  # exactly 30% below: not low
        (["dyspnea", "persistent_gastrointestinal"], None, None, False, True),  # two systems
        (["headache", "nausea"], None, None, False, False),
        (["pruritus"], None, None, False, False),
        ([], 85, 120, True, True),  # low BP after a known allergen
        ([], 85, 120, False, False),
        (["anaphylaxis"], None, None, False, True),
        (["hypotension", "rash"], None, None, False, True),
    ],
)
def test_anaphylaxis_likely(
    symptoms: list[str], systolic: int | None, baseline: int | None, known: bool, likely: bool
) -> None:
    assert anaphylaxis_likely(symptoms, systolic, baseline, known) is likely


def test_label_symptoms_are_the_eighteen_listed() -> None:
    assert len(LABEL_SYMPTOMS) == 18 and "anaphylaxis" in LABEL_SYMPTOMS


def test_reaction_during_a_pause_marks_the_infusion_stopped(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-standard"]
    events = [
        *running_at_120(),
        event("paused", at(65)),
        event("reaction", at(70), severity="moderate", symptoms=["rash"]),
    ]
    status = infusion_status(protocol, STANDARD, events, at(70) + timedelta(seconds=30))
    assert status.phase is Phase.STOPPED
    assert status.current_reaction is not None and status.current_reaction.rate_at_onset == 120
