"""Follow-up calls after an infusion: why one is due, where it stands, and the triage.

The triage is in the manner of the UKONS 24-hour triage toolkit (clinical-reference section 11):
all green, no action; one amber, review within 24 hours; a red or two or more ambers, assess
face to face and inform the prescriber. The questions and which severity is which colour are
site data (resources/follow_up/triage.toml, kept in the record), never code here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

MAX_ATTEMPTS = 3  # "up to three attempts, then not reached" (issue 18)


class Severity(StrEnum):
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class Colour(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Status(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"
    NOT_REACHED = "not_reached"
    CANCELLED = "cancelled"


OPEN_STATUSES = frozenset({Status.DUE, Status.OVERDUE, Status.UPCOMING})

ACTIONS = {
    Colour.GREEN: "No action needed",
    Colour.AMBER: "Review within 24 hours",
    Colour.RED: "Assess face to face; inform the prescriber",
}
"""What each overall colour asks of the centre (the toolkit's rule, section 11)."""


class TriageDataError(ValueError):
    """The site's triage questions are wrong; `field` names where."""

    def __init__(self, field_name: str, problem: str) -> None:
        super().__init__(f"Triage questions, {field_name}: {problem}")
        self.field = field_name


@dataclass(frozen=True)
class TriageQuestion:
    id: str
    label: str  # the symptom in plain words: "Headache"
    asks: str  # what the nurse asks on the phone
    colours: Mapping[Severity, Colour]  # which colour each severity is
    premedication: str | None = None  # the protocol premedication to suggest next time


@dataclass(frozen=True)
class TriageQuestions:
    questions: tuple[TriageQuestion, ...]
    source: str

    def question(self, question_id: str) -> TriageQuestion | None:
        return next((q for q in self.questions if q.id == question_id), None)


def triage_questions_from(data: Any) -> TriageQuestions:
    """The site's triage data (parsed TOML or JSON) checked field by field."""
    if not isinstance(data, Mapping):
        raise TriageDataError("top", "must be a table")
    source = data.get("source")
    if not (isinstance(source, str) and source.strip()):
        raise TriageDataError("source", "missing: say where the questions come from")
    raw = data.get("questions")
    if not (isinstance(raw, list) and raw):
        raise TriageDataError("questions", "at least one question")
    seen: set[str] = set()
    questions = []
    for i, item in enumerate(raw):
        where = f"questions[{i}]"
        if not isinstance(item, Mapping):
            raise TriageDataError(where, "must be a table")
        texts = {}
        for key in ("id", "label", "asks"):
            value = item.get(key)
            if not (isinstance(value, str) and value.strip()):
                raise TriageDataError(f"{where}.{key}", "must be non-empty text")
            texts[key] = value.strip()
        if texts["id"] in seen:
            raise TriageDataError(f"{where}.id", f"{texts['id']!r} is used twice")
        seen.add(texts["id"])
        colours = {}
        for severity in Severity:
            value = item.get(severity.value)
            try:
                colours[severity] = Colour(str(value))
            except ValueError:
                raise TriageDataError(
                    f"{where}.{severity.value}", "one of green, amber, red"
                ) from None
        premedication = item.get("premedication")
        if premedication is not None and not (isinstance(premedication, str) and premedication):
            raise TriageDataError(f"{where}.premedication", "a premedication name, or leave out")
        questions.append(
            TriageQuestion(texts["id"], texts["label"], texts["asks"], colours, premedication)
        )
    return TriageQuestions(tuple(questions), source.strip())


@dataclass(frozen=True)
class SymptomAnswer:
    """One delayed symptom asked about: present or not; if present, onset, severity, resolved."""

    question_id: str
    present: bool
    onset: datetime | None = None
    severity: Severity | None = None
    resolved: bool | None = None

    def check(self, label: str) -> None:
        if not self.present:
            return
        if self.severity is None:
            raise ValueError(f"{label}: choose a severity (mild, moderate or severe)")
        if self.resolved is None:
            raise ValueError(f"{label}: say whether it has resolved")


def answer_colour(answer: SymptomAnswer, question: TriageQuestion) -> Colour:
    if not answer.present or answer.severity is None:
        return Colour.GREEN
    return question.colours[answer.severity]


def overall_colour(colours: Sequence[Colour]) -> Colour:
    """All green: green; one amber: amber; a red or two or more ambers: red (section 11)."""
    ambers = sum(1 for c in colours if c is Colour.AMBER)
    if Colour.RED in colours or ambers >= 2:
        return Colour.RED
    return Colour.AMBER if ambers == 1 else Colour.GREEN


# Why a call is due ------------------------------------------------------------------------


def call_reasons(
    drug_family: str, *, first_of_drug: bool, had_reaction: bool, protocol_asks: bool
) -> tuple[str, ...]:
    """Why an infusion needs a follow-up call, in the nurse's words (empty: none due)."""
    reasons = []
    if first_of_drug:
        reasons.append(f"first infusion of {drug_family}")
    if had_reaction:
        reasons.append("a reaction during the infusion")
    if protocol_asks:
        reasons.append("the protocol asks for a call after every infusion")
    return tuple(reasons)


@dataclass(frozen=True)
class EntryFacts:
    """One follow-up entry as the state needs it (read from the record, already checked)."""

    kind: str  # added, cancelled, attempt, call
    at: datetime
    due_date: date | None = None
    reached: bool | None = None  # for a call
    reason: str = ""


@dataclass(frozen=True)
class FollowUpState:
    status: Status
    due_date: date | None
    reasons: tuple[str, ...]
    attempts: int
    attempt_times: tuple[datetime, ...] = field(default=())
    cancelled_reason: str = ""


def follow_up_state(
    auto_due: date | None, auto_reasons: Sequence[str], entries: Sequence[EntryFacts], today: date
) -> FollowUpState | None:
    """Where one session's follow-up stands today (None: no call was ever due).

    The newest of "added" and "cancelled" decides whether a call is wanted; a charge nurse's
    "added" carries its own due date and reason. Attempts are the calls not answered.
    """
    ordered = sorted(entries, key=lambda e: e.at)
    reasons = list(auto_reasons)
    due = auto_due
    wanted = bool(auto_reasons)
    cancelled_reason = ""
    for e in ordered:
        if e.kind == "added":
            wanted, cancelled_reason = True, ""
            due = e.due_date or due
            if e.reason:
                reasons.append(e.reason)
        elif e.kind == "cancelled":
            wanted, cancelled_reason = False, e.reason
    attempts = tuple(e.at for e in ordered if e.kind == "attempt")
    calls = [e for e in ordered if e.kind == "call"]
    if not wanted and not calls:
        if cancelled_reason:
            return FollowUpState(
                Status.CANCELLED, due, tuple(reasons), len(attempts), attempts, cancelled_reason
            )
        return None
    if calls:
        status = Status.DONE if calls[-1].reached else Status.NOT_REACHED
    elif due is None or due > today:
        status = Status.UPCOMING
    else:
        status = Status.DUE if due == today else Status.OVERDUE
    return FollowUpState(status, due, tuple(reasons), len(attempts), attempts)
