"""What a protocol says about after the infusion: the take-home sheet's words and the follow-up
call it asks for, each passage with its source (the `[after_care]` table of a protocol file).

Read by the protocol file reader; a protocol without the table has no drug-specific text and
asks for no call beyond the general rules (first infusion of a drug, any reaction).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Topic(StrEnum):
    """The parts of the take-home sheet a protocol may word for its drug."""

    COMMON_NEXT_DAY = "common_next_day"  # what is common in the next 24 h and what helps
    CALL_THE_CENTRE = "call_the_centre"
    EMERGENCY = "emergency"
    INFECTION_SIGNS = "infection_signs"
    PML_SIGNS = "pml_signs"


class FollowUpCall(StrEnum):
    """Which infusions of this protocol the protocol itself asks a follow-up call after."""

    NONE = "none"  # only the general rules (first infusion of the drug, a reaction)
    EVERY_INFUSION = "every_infusion"


@dataclass(frozen=True)
class Passage:
    topic: Topic
    lines: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class AfterCare:
    passages: tuple[Passage, ...]
    follow_up_call: FollowUpCall = FollowUpCall.NONE
    follow_up_source: str = ""

    def passage(self, topic: Topic) -> Passage | None:
        return next((p for p in self.passages if p.topic is topic), None)


class AfterCareError(ValueError):
    """A field of the `[after_care]` table is wrong; `field` names it."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def after_care_from(data: Any) -> AfterCare:
    """The `[after_care]` table read and checked (every passage must name its source)."""
    if not isinstance(data, Mapping):
        raise AfterCareError("after_care", "must be a table")
    call_text = data.get("follow_up_call", FollowUpCall.NONE.value)
    try:
        call = FollowUpCall(call_text)
    except ValueError:
        allowed = ", ".join(c.value for c in FollowUpCall)
        raise AfterCareError("after_care.follow_up_call", f"one of {allowed}") from None
    call_source = data.get("follow_up_source", "")
    if call is not FollowUpCall.NONE and not (isinstance(call_source, str) and call_source):
        raise AfterCareError("after_care.follow_up_source", "a call the protocol asks for cites it")
    raw = data.get("take_home", [])
    if not isinstance(raw, list):
        raise AfterCareError("after_care.take_home", "must be an array of tables")
    passages = tuple(_passage(item, i) for i, item in enumerate(raw))
    return AfterCare(passages, call, str(call_source))


def _passage(item: Any, index: int) -> Passage:
    where = f"after_care.take_home[{index}]"
    if not isinstance(item, Mapping):
        raise AfterCareError(where, "must be a table")
    try:
        topic = Topic(str(item.get("topic")))
    except ValueError:
        allowed = ", ".join(t.value for t in Topic)
        raise AfterCareError(f"{where}.topic", f"one of {allowed}") from None
    lines = item.get("lines")
    if not (isinstance(lines, list) and lines and all(isinstance(x, str) and x for x in lines)):
        raise AfterCareError(f"{where}.lines", "a list of non-empty sentences")
    source = item.get("source")
    if not (isinstance(source, str) and source.strip()):
        raise AfterCareError(f"{where}.source", "missing: every passage cites its source")
    return Passage(topic, tuple(lines), source)


GENERIC_AFTER_CARE = AfterCare(
    passages=(
        Passage(
            Topic.COMMON_NEXT_DAY,
            (
                "Reactions can start up to 24 hours after the infusion, even at home.",
                "A headache, tiredness, a red or hot face (flushing), itching or feeling sick "
                "are common.",
                "What helps: rest, drink water, and take the pain or fever medicine your doctor "
                "or pharmacist has said is right for you.",
            ),
            "Infusion labels and patients' accounts (clinical reference, section 11). "
            "Advice wording: this centre's.",
        ),
        Passage(
            Topic.CALL_THE_CENTRE,
            (
                "A fever, chills, a rash, or any symptom that gets worse or does not settle.",
                "Any sign of infection or any of the warning signs on this sheet.",
            ),
            "Clinical reference, sections 8 and 11 (discharge teaching).",
        ),
        Passage(
            Topic.EMERGENCY,
            (
                "Trouble breathing or swallowing.",
                "Swelling of your throat, lips, tongue or face.",
                "A headache with fever and a stiff neck.",
            ),
            "Labels and patient account, seed 000 (clinical reference, section 11).",
        ),
    )
)
"""Words for a protocol without its own `[after_care]` (no drug-specific infection or PML text)."""
