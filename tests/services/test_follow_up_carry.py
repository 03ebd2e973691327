"""What the call found shapes the next dose: shown at the protocol review and the screening,
the protocol's premedication suggested, never added by itself."""

from __future__ import annotations

from datetime import timedelta

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import AnswerInput, record_call
from nurse_monitor.services.follow_up_carry import delayed_reactions_since_last
from nurse_monitor.services.protocol_library import protocol
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.review import patient_history
from nurse_monitor.services.session_start import begin_session
from nurse_monitor.services.site_settings import default_triage_questions
from tests.storage.conftest import Staff

from .chair_walk import NO_CONCERNS, initial_request
from .follow_up_walk import signed_session


def answers(**present: tuple[str, str, bool]) -> list[AnswerInput]:
    out = []
    for q in default_triage_questions().questions:
        if q.id in present:
            onset, severity, resolved = present[q.id]
            out.append(AnswerInput(q.id, True, onset, severity, resolved))
        else:
            out.append(AnswerInput(q.id, False))
    return out


def test_the_next_session_sees_the_delayed_headache_and_a_suggested_antipyretic(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    first = signed_session(db, staff, alice, clock)
    ocrevus = protocol("ocrevus-iv-initial")
    assert delayed_reactions_since_last(db, staff.nurse, alice.id, ocrevus) is None  # no call
    clock.advance(timedelta(days=1))
    record_call(
        db,
        staff.nurse,
        first,
        answers(headache=("2026-03-02 19:00", "moderate", True)),
        MONDAY_TO_FRIDAY,
    )
    clock.advance(timedelta(days=13))
    second = begin_session(
        db, staff.nurse, initial_request(alice, infusion_number=2, chair="Chair 1")
    )
    carry = delayed_reactions_since_last(
        db, staff.nurse, alice.id, ocrevus, before_session=second.id
    )
    assert carry is not None
    assert carry.session_id == first
    assert carry.screening_line == (
        "Delayed reaction after the last infusion (call of 03 Mar 2026, amber result): "
        "Headache (moderate, from 2026-03-02 19:00, resolved)"
    )
    assert carry.suggestions == (
        "Consider the antipyretic the Ocrevus protocol lists: may be considered (e.g. "
        "acetaminophen); timing and dose per prescription (label, premedication; ask the "
        "prescriber)",
    )
    # The screening records the item with its details and the suggestion.
    chair.record_screening(db, staff.nurse, second.id, NO_CONCERNS, {})
    [screening] = [
        t.payload
        for t in chair_view(db, staff.nurse, second.id).timeline
        if t.event.type == "screening_recorded"
    ]
    assert screening["delayed_reaction"] == {
        "text": carry.screening_line,
        "suggestions": list(carry.suggestions),
    }
    history = patient_history(db, staff.nurse, alice.id)
    assert [(x.session_id, x.follow_up) for x in history.sessions] == [
        (first, "Call: AMBER (Headache moderate)"),
        (second.id, ""),
    ]
    # A suggestion only: nothing was added to the new session.
    view = chair_view(db, staff.nurse, second.id)
    assert all(p.given_at is None for p in view.checklist.premedications)
    assert not any(t.event.type == "premedication_given" for t in view.timeline)


def test_a_call_that_found_nothing_carries_nothing(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    first = signed_session(db, staff, alice, clock)
    clock.advance(timedelta(days=1))
    record_call(db, staff.nurse, first, answers(), MONDAY_TO_FRIDAY)
    assert (
        delayed_reactions_since_last(db, staff.nurse, alice.id, protocol("ocrevus-iv-initial"))
        is None
    )
