"""A premedication the nurse accepts at screening (suggested after the follow-up call found a
delayed reaction) joins the premedication checklist as a required item: the start waits until it
is given, or until the screening is answered again declining it with a reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import ChartEntry, ChartType, Step, accepted_premedications
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.follow_up_calls import record_call
from nurse_monitor.services.follow_up_carry import DelayedAnswer
from nurse_monitor.services.records import PatientRecord
from tests.storage.conftest import Staff

from .chair_walk import NO_CONCERNS, prepare_to_start
from .follow_up_walk import begin_ocrevus, signed_session
from .test_follow_up_carry import answers

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
LABEL_TEXT = "may be considered (e.g. acetaminophen); timing and dose per prescription"


def ready_with_the_antipyretic_accepted(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> int:
    """A second dose after the call found a delayed headache, the suggested antipyretic accepted
    at screening and everything else ready; the session's id."""
    first = signed_session(db, staff, alice, clock)
    clock.advance(timedelta(days=1))
    headache = answers(headache=("2026-03-02 19:00", "moderate", True))
    record_call(db, staff.nurse, first, headache, MONDAY_TO_FRIDAY)
    clock.advance(timedelta(days=13))
    session_id = begin_ocrevus(db, staff, alice, 2, "Chair 1").id
    accepted = DelayedAnswer(True, accepted=frozenset({"antipyretic"}))
    prepare_to_start(db, staff.nurse, clock, session_id, accepted)
    return session_id


def test_an_accepted_antipyretic_must_be_given_before_the_start(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = ready_with_the_antipyretic_accepted(db, staff, alice, clock)

    view = chair_view(db, staff.nurse, session_id)
    antipyretic = next(p for p in view.checklist.premedications if p.item.name == "antipyretic")
    assert antipyretic.required and antipyretic.accepted_at_screening
    assert view.checklist.step(Step.PREMEDICATIONS).summary == "2 of 3 given"
    assert not view.checklist.step(Step.PREMEDICATIONS).done
    blocker = next(b for b in view.checklist.start_blockers if "antipyretic" in b)
    assert blocker == (
        "Give and record premedication: antipyretic, accepted at screening for the delayed "
        f"reaction after the last infusion ({LABEL_TEXT}); or decline it with a reason in the "
        "screening."
    )
    with pytest.raises(InvalidInput, match="antipyretic, accepted at screening"):
        chair.start_infusion(db, staff.nurse, session_id, 30)

    chair.record_premedication(
        db, staff.nurse, session_id, drug="acetaminophen", dose="650 mg", route="PO"
    )
    view = chair_view(db, staff.nurse, session_id)
    assert view.checklist.step(Step.PREMEDICATIONS).summary == "3 of 3 given"
    assert not any("antipyretic" in b for b in view.checklist.start_blockers)
    chair.start_infusion(db, staff.nurse, session_id, 30)


def test_declining_it_again_with_a_reason_lets_the_start_go_ahead(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = ready_with_the_antipyretic_accepted(db, staff, alice, clock)
    declined = DelayedAnswer(True, declined={"antipyretic": "prescriber: not this time"})
    chair.record_screening(db, staff.nurse, session_id, NO_CONCERNS, {}, delayed=declined)
    view = chair_view(db, staff.nurse, session_id)
    antipyretic = next(p for p in view.checklist.premedications if p.item.name == "antipyretic")
    assert not antipyretic.required
    assert view.checklist.step(Step.PREMEDICATIONS).summary == "2 of 2 given"
    chair.start_infusion(db, staff.nurse, session_id, 30)


@pytest.mark.parametrize(
    "stored",
    [
        None,
        "yes",
        {"answer": False, "suggestions": [{"premedication": "antipyretic", "accepted": True}]},
        {"answer": True, "suggestions": "antipyretic"},
        {"answer": True, "suggestions": [{"premedication": "antipyretic", "accepted": "yes"}]},
        {"answer": True, "suggestions": [{"premedication": 3, "accepted": True}, "x"]},
    ],
)
def test_an_odd_stored_answer_adds_nothing(stored: object) -> None:
    entry = ChartEntry(ChartType.SCREENING_RECORDED, T0, {"delayed_reaction": stored}, "A")
    assert accepted_premedications(entry) == frozenset()
