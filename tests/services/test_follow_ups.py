"""Follow-up calls: when one is due, attempts, the triage at its edges, who may do what, and
that a call never moves the session's version."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from nurse_monitor.clock import FakeClock, local_date
from nurse_monitor.domain.follow_up import Status
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.changes import ChangeKind, Changes
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, PermissionDenied
from nurse_monitor.services.follow_up_calls import (
    AnswerInput,
    add_follow_up,
    cancel_follow_up,
    record_attempt,
    record_call,
    record_not_reached,
)
from nurse_monitor.services.follow_ups import follow_up_for_session, follow_up_worklist
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.site_settings import (
    default_triage_questions,
    update_centre_settings,
)
from nurse_monitor.storage.models import AuditEntry, FollowUpEntry
from tests.storage.conftest import Staff

from .follow_up_walk import signed_session

WEEKDAYS = MONDAY_TO_FRIDAY


def all_clear(**present: tuple[str, bool]) -> list[AnswerInput]:
    """Every question answered "no", except `present`: id -> (severity, resolved)."""
    answers = []
    for q in default_triage_questions().questions:
        if q.id in present:
            severity, resolved = present[q.id]
            answers.append(AnswerInput(q.id, True, "2026-03-02 19:00", severity, resolved))
        else:
            answers.append(AnswerInput(q.id, False))
    return answers


@pytest.fixture
def first_id(db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock) -> int:
    return signed_session(db, staff, alice, clock)


def test_a_first_infusion_is_due_the_next_working_day_then_overdue(
    db: Database, staff: Staff, first_id: int, clock: FakeClock
) -> None:
    infused_on = local_date(clock.now())
    assert infused_on.weekday() == 0  # Monday 2 March 2026
    item = follow_up_for_session(db, staff.nurse, first_id, WEEKDAYS)
    assert item is not None
    assert item.due_date == infused_on + timedelta(days=1)
    assert item.reasons == ("first infusion of Ocrevus",)
    assert item.status is Status.UPCOMING
    assert follow_up_worklist(db, staff.nurse, infused_on, WEEKDAYS) == []
    tuesday = follow_up_worklist(db, staff.nurse, infused_on + timedelta(days=1), WEEKDAYS)
    assert [(i.session_id, i.status) for i in tuesday] == [(first_id, Status.DUE)]
    assert "Rate reached: 180 mL/h" in tuesday[0].what_happened
    assert "Premedications: methylprednisolone 100 mg, diphenhydramine 50 mg" in (
        tuesday[0].what_happened
    )
    wednesday = follow_up_worklist(db, staff.nurse, infused_on + timedelta(days=2), WEEKDAYS)
    assert [i.status for i in wednesday] == [Status.OVERDUE]


def test_weekends_and_the_centres_closed_days_are_skipped(
    db: Database, staff: Staff, first_id: int, clock: FakeClock
) -> None:
    monday = local_date(clock.now())
    # The station works Monday, Wednesday and Friday; the centre is closed that Wednesday.
    update_centre_settings(
        db,
        staff.admin,
        name="Riverside Infusion Centre",
        phone="01234 567890",
        out_of_hours_phone="",
        closed_days=[monday + timedelta(days=2)],
    )
    item = follow_up_for_session(db, staff.nurse, first_id, {0, 2, 4})
    assert item is not None
    assert item.due_date == monday + timedelta(days=4)  # Friday
    item = follow_up_for_session(db, staff.nurse, first_id, {0})
    assert item is not None
    assert item.due_date == monday + timedelta(days=7)  # the next Monday


def test_a_later_infusion_needs_a_call_only_after_a_reaction(
    db: Database, staff: Staff, alice: PatientRecord, first_id: int, clock: FakeClock
) -> None:
    clock.advance(timedelta(days=14))
    quiet = signed_session(db, staff, alice, clock, infusion_number=2)
    assert follow_up_for_session(db, staff.nurse, quiet, WEEKDAYS) is None
    clock.advance(timedelta(days=1))
    # A third infusion of the initial dose would be odd clinically; a reaction is what counts.
    again = signed_session(db, staff, alice, clock, infusion_number=2, reaction=True)
    item = follow_up_for_session(db, staff.nurse, again, WEEKDAYS)
    assert item is not None
    assert item.reasons == ("a reaction during the infusion",)
    assert any(line.startswith("Reaction (mild): pruritus") for line in item.what_happened)


def test_three_attempts_then_not_reached_with_what_was_done(
    db: Database, staff: Staff, first_id: int, clock: FakeClock
) -> None:
    clock.advance(timedelta(days=1))
    with pytest.raises(InvalidInput, match="at least one timed attempt"):
        record_not_reached(db, staff.nurse, first_id, "letter sent", WEEKDAYS)
    times = []
    for _ in range(3):
        times.append(clock.now())
        item = record_attempt(db, staff.nurse, first_id, "no answer", WEEKDAYS)
        clock.advance(timedelta(hours=2))
    assert item.attempts == 3
    assert item.attempt_times == tuple(times)
    with pytest.raises(InvalidInput, match="3 attempts already"):
        record_attempt(db, staff.nurse, first_id, "no answer", WEEKDAYS)
    with pytest.raises(InvalidInput, match="What was done"):
        record_not_reached(db, staff.nurse, first_id, " ", WEEKDAYS)
    item = record_not_reached(db, staff.nurse, first_id, "letter sent", WEEKDAYS)
    assert item.status is Status.NOT_REACHED
    assert item.outcome is not None
    assert item.outcome.what_was_done == "letter sent"
    assert item.outcome.by == staff.nurse.signature
    with pytest.raises(InvalidInput, match="closed as not reached"):
        record_attempt(db, staff.nurse, first_id, "no answer", WEEKDAYS)


@pytest.mark.parametrize(
    ("present", "colour", "action"),
    [
        ({}, "green", "No action needed"),
        ({"headache": ("mild", True)}, "green", "No action needed"),
        ({"headache": ("moderate", True)}, "amber", "Review within 24 hours"),
        (
            {"headache": ("moderate", True), "flushing": ("moderate", False)},
            "red",
            "Assess face to face; inform the prescriber",
        ),
        ({"headache": ("severe", False)}, "red", "Assess face to face; inform the prescriber"),
    ],
)
def test_the_triage_at_its_edges(
    db: Database,
    staff: Staff,
    first_id: int,
    clock: FakeClock,
    present: dict[str, tuple[str, bool]],
    colour: str,
    action: str,
) -> None:
    clock.advance(timedelta(days=1))
    prescriber = "Dr Patel" if colour == "red" else ""
    if colour == "red":
        with pytest.raises(InvalidInput, match="Prescriber informed"):
            record_call(db, staff.nurse, first_id, all_clear(**present), WEEKDAYS)
    item = record_call(
        db, staff.nurse, first_id, all_clear(**present), WEEKDAYS, prescriber=prescriber
    )
    assert item.status is Status.DONE
    assert item.outcome is not None
    assert (item.outcome.colour, item.outcome.action) == (colour, action)
    assert {a.question_id for a in item.outcome.answers if a.present} == set(present)


def test_a_call_checks_every_answer_and_writes_nothing_when_refused(
    db: Database, staff: Staff, first_id: int, clock: FakeClock
) -> None:
    clock.advance(timedelta(days=1))
    partial = all_clear()[1:]
    with pytest.raises(InvalidInput, match="Headache: not answered"):
        record_call(db, staff.nurse, first_id, partial, WEEKDAYS)
    no_severity = [AnswerInput("headache", True, "2026-03-02 19:00", "", True), *partial]
    with pytest.raises(InvalidInput, match="Headache: choose a severity"):
        record_call(db, staff.nurse, first_id, no_severity, WEEKDAYS)
    later = [AnswerInput("headache", True, "2026-03-09 19:00", "mild", True), *partial]
    with pytest.raises(InvalidInput, match="cannot be after now"):
        record_call(db, staff.nurse, first_id, later, WEEKDAYS)
    with db.read() as s:
        assert s.scalars(select(FollowUpEntry)).all() == []


def test_roles_a_nurse_calls_a_charge_nurse_adds_and_cancels(
    db: Database, staff: Staff, first_id: int, clock: FakeClock
) -> None:
    with pytest.raises(PermissionDenied, match="only a charge nurse"):
        cancel_follow_up(db, staff.nurse, first_id, "patient asked not to be called", WEEKDAYS)
    with pytest.raises(PermissionDenied):
        record_attempt(db, staff.admin, first_id, "no answer", WEEKDAYS)
    with pytest.raises(InvalidInput, match="Reason"):
        cancel_follow_up(db, staff.charge, first_id, "", WEEKDAYS)
    item = cancel_follow_up(db, staff.charge, first_id, "patient asked not to be called", WEEKDAYS)
    assert item is not None
    assert item.status is Status.CANCELLED
    assert item.cancelled_reason == "patient asked not to be called"
    today = local_date(clock.now())
    with pytest.raises(PermissionDenied, match="only a charge nurse"):
        add_follow_up(db, staff.nurse, first_id, today + timedelta(days=3), "check", WEEKDAYS)
    item = add_follow_up(
        db, staff.charge, first_id, today + timedelta(days=3), "wants a call Thursday", WEEKDAYS
    )
    assert item.due_date == today + timedelta(days=3)
    assert item.status is Status.UPCOMING
    assert "wants a call Thursday" in item.reasons
    with db.read() as s:
        actions = s.scalars(select(AuditEntry.detail).where(AuditEntry.action == "follow_up"))
        assert [d["entry"] for d in actions] == ["cancelled", "added"]


def test_a_call_is_kind_follow_up_and_never_moves_the_session_version(
    db: Database, staff: Staff, first_id: int, clock: FakeClock
) -> None:
    version = chair_view(db, staff.nurse, first_id).session.version
    heard: list[Changes] = []
    db.add_change_listener(heard.append)
    clock.advance(timedelta(days=1))
    record_attempt(db, staff.nurse, first_id, "no answer", WEEKDAYS)
    record_call(db, staff.nurse, first_id, all_clear(), WEEKDAYS)
    assert chair_view(db, staff.nurse, first_id).session.version == version
    assert all(c.kinds >= {ChangeKind.FOLLOW_UP} for c in heard)
    for change in heard:
        noted = change.session(first_id)
        assert noted is not None
        assert noted.kinds == {ChangeKind.FOLLOW_UP}
        assert noted.version in (None, version)  # None: the session row was not touched


def test_a_damaged_stored_protocol_does_not_empty_the_worklist(
    db: Database, staff: Staff, first_id: int, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nurse_monitor.services import follow_ups
    from nurse_monitor.services.protocol_library import PinnedProtocolDamaged

    def damaged(*_args: object) -> None:
        raise PinnedProtocolDamaged("session 1: its stored protocol does not match")

    monkeypatch.setattr(follow_ups, "session_protocol", damaged)
    tuesday = local_date(clock.now()) + timedelta(days=1)
    items = follow_up_worklist(db, staff.nurse, tuesday, WEEKDAYS)
    assert [(i.session_id, i.reasons) for i in items] == [
        (first_id, ("first infusion of Ocrevus",))
    ]
