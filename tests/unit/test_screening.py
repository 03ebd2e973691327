"""The checklist: which answers block, which need an override with a reason."""

from __future__ import annotations

import pytest

from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.screening import evaluate_checklist, questions_for

ALL_CLEAR = {
    "active_infection": False,
    "hepatitis_b_screened": True,
    "immunoglobulins_tested": True,
    "liver_tests_done": True,
    "active_hepatitis_b": False,
    "vaccines": False,
    "pregnancy_or_breastfeeding": False,
    "immune_modifying_medicines": False,
    "prior_life_threatening_reaction": False,
}


def test_all_clear_can_start(library: dict[str, Protocol]) -> None:
    result = evaluate_checklist(library["ocrevus-iv-initial"], ALL_CLEAR, first_dose=True)
    assert result.can_start
    assert not (result.blocking or result.needs_override or result.unanswered)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("active_infection", True),
        ("hepatitis_b_screened", False),
        ("active_hepatitis_b", True),
        ("prior_life_threatening_reaction", True),
    ],
)
def test_blocking_answers_block_even_with_a_reason(
    library: dict[str, Protocol], question: str, answer: bool
) -> None:
    result = evaluate_checklist(
        library["ocrevus-iv-initial"],
        {**ALL_CLEAR, question: answer},
        {question: "prescriber says go ahead"},
        first_dose=True,
    )
    assert not result.can_start
    assert [f.question.id for f in result.blocking] == [question]


@pytest.mark.parametrize(
    "question", ["vaccines", "pregnancy_or_breastfeeding", "immune_modifying_medicines"]
)
def test_override_answers_need_a_reason(library: dict[str, Protocol], question: str) -> None:
    protocol = library["ocrevus-iv-standard"]
    answers = {**ALL_CLEAR, question: True}
    without = evaluate_checklist(protocol, answers, {question: "  "}, first_dose=False)
    assert not without.can_start and [f.question.id for f in without.needs_override] == [question]
    reason = "discussed with Dr Rivera"
    with_reason = evaluate_checklist(protocol, answers, {question: reason}, first_dose=False)
    assert with_reason.can_start
    assert with_reason.overridden[0].override_reason == reason


def test_hepatitis_b_screening_is_asked_before_the_first_dose_only(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-iv-standard"]
    assert "hepatitis_b_screened" in {q.id for q in questions_for(protocol, True)}
    assert "hepatitis_b_screened" not in {q.id for q in questions_for(protocol, False)}
    later = evaluate_checklist(
        protocol, {**ALL_CLEAR, "hepatitis_b_screened": False}, first_dose=False
    )
    assert later.can_start


def test_unanswered_questions_prevent_the_start(library: dict[str, Protocol]) -> None:
    answers: dict[str, bool | None] = {**ALL_CLEAR, "vaccines": None}
    result = evaluate_checklist(library["ocrevus-iv-initial"], answers, first_dose=True)
    assert [q.id for q in result.unanswered] == ["vaccines"] and not result.can_start


def test_unknown_question_is_refused(library: dict[str, Protocol]) -> None:
    with pytest.raises(ValueError, match="no checklist question smoking"):
        evaluate_checklist(library["natalizumab"], {"smoking": True}, first_dose=True)


def test_non_ocrevus_active_infection_needs_an_override(library: dict[str, Protocol]) -> None:
    result = evaluate_checklist(
        library["natalizumab"],
        {"active_infection": True, "hepatitis_b_screened": True, "vaccines": False,
         "pregnancy_or_breastfeeding": False, "immune_modifying_medicines": False},
        first_dose=True,
    )  # fmt: skip
    assert [f.question.id for f in result.needs_override] == ["active_infection"]
    assert not result.blocking
