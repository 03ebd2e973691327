"""The pre-infusion checklist: which answers block the session, which need a reasoned override.

Questions and consequences come from the protocol file (e.g. Ocrevus: active infection delays
the infusion, active hepatitis B is a contraindication; each question cites its label).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from nurse_monitor.domain.protocols import Answer, ChecklistQuestion, Consequence, Protocol


@dataclass(frozen=True)
class ChecklistFinding:
    """A question whose answer matters, with the override reason given (if any)."""

    question: ChecklistQuestion
    answer: Answer
    override_reason: str | None


@dataclass(frozen=True)
class ChecklistResult:
    """The checklist against the protocol: the session may start only when `can_start`."""

    questions: tuple[ChecklistQuestion, ...]
    unanswered: tuple[ChecklistQuestion, ...]
    blocking: tuple[ChecklistFinding, ...]
    needs_override: tuple[ChecklistFinding, ...]  # an override reason is still missing
    overridden: tuple[ChecklistFinding, ...]

    @property
    def can_start(self) -> bool:
        return not (self.unanswered or self.blocking or self.needs_override)


def questions_for(
    protocol: Protocol, first_dose: bool, us_checklists: bool = True
) -> tuple[ChecklistQuestion, ...]:
    """The questions to ask this time (some apply before the first dose only; US program
    checklists such as TOUCH only where the site keeps them on)."""
    return tuple(
        q
        for q in protocol.checklist
        if (first_dose or not q.first_dose_only) and (us_checklists or q.us_program is None)
    )


def evaluate_checklist(
    protocol: Protocol,
    answers: Mapping[str, bool | None],
    override_reasons: Mapping[str, str] | None = None,
    *,
    first_dose: bool,
    us_checklists: bool = True,
) -> ChecklistResult:
    """Evaluate yes/no answers (True = yes) and override reasons against the protocol."""
    reasons = override_reasons or {}
    questions = questions_for(protocol, first_dose, us_checklists)
    unknown = sorted(set(answers) - {q.id for q in protocol.checklist})
    if unknown:
        raise ValueError(f"{protocol.id}: no checklist question {', '.join(unknown)}")
    unanswered, blocking, needs_override, overridden = [], [], [], []
    for question in questions:
        value = answers.get(question.id)
        if value is None:
            unanswered.append(question)
            continue
        answer = Answer.YES if value else Answer.NO
        if answer is not question.triggers_on or question.consequence is Consequence.INFORM:
            continue
        reason = (reasons.get(question.id) or "").strip() or None
        finding = ChecklistFinding(question, answer, reason)
        if question.consequence is Consequence.BLOCK:
            blocking.append(finding)
        elif reason is None:
            needs_override.append(finding)
        else:
            overridden.append(finding)
    return ChecklistResult(
        questions, tuple(unanswered), tuple(blocking), tuple(needs_override), tuple(overridden)
    )
