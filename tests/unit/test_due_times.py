"""One due rule and one wording: due from the due time, overdue once the grace has passed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nurse_monitor.domain.due_times import DEFAULT_GRACE, DueState, due_state, due_words

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def s(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_state_at_every_boundary() -> None:
    assert timedelta(minutes=5) == DEFAULT_GRACE
    assert due_state(T0, s(-1)) is DueState.NOT_YET
    assert due_state(T0, s(-0.001)) is DueState.NOT_YET
    assert due_state(T0, T0) is DueState.DUE
    assert due_state(T0, s(299)) is DueState.DUE
    assert due_state(T0, s(299.999)) is DueState.DUE
    assert due_state(T0, s(300)) is DueState.OVERDUE
    assert due_state(T0, s(119), timedelta(minutes=2)) is DueState.DUE
    assert due_state(T0, s(120), timedelta(minutes=2)) is DueState.OVERDUE


def test_an_item_that_cannot_be_overdue_stays_due() -> None:
    assert due_state(T0, s(3600), can_be_overdue=False) is DueState.DUE
    assert due_words(T0, s(3600), can_be_overdue=False) == "due now"


def test_wording_agrees_with_the_state() -> None:
    assert due_words(T0, s(-300)) == "due in 5 min"
    assert due_words(T0, s(-0.5)) == "due in 1 min"  # never "due in 0 min"
    assert due_words(T0, s(-1367)) == "due in 23 min"  # not "22:47", read as a time of day
    assert due_words(T0, s(-3725)) == "due in 1 h 03 min"
    assert due_words(T0, s(-3600)) == "due in 1 h"
    assert due_words(T0, T0) == "due now"
    assert due_words(T0, s(128)) == "due now"  # an amber "due" row never says "overdue"
    assert due_words(T0, s(299)) == "due now"
    assert due_words(T0, s(300)) == "overdue 5 min"  # counted from the due time
    assert due_words(T0, s(428)) == "overdue 7 min"  # whole minutes passed, not "7:08"
    assert due_words(T0, s(479)) == "overdue 7 min"  # never a minute more than has passed
    assert due_words(T0, s(128), timedelta(minutes=2)) == "overdue 2 min"
    assert due_words(T0, s(3900)) == "overdue 1 h 05 min"
    assert due_words(T0, s(7200)) == "overdue 2 h"
