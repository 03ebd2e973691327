"""The follow-up rules without a database: working days, the triage, the triage data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from nurse_monitor.domain.follow_up import (
    Colour,
    EntryFacts,
    Status,
    TriageDataError,
    follow_up_state,
    overall_colour,
    triage_questions_from,
)
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY, next_working_day, parse_weekdays

FRIDAY = date(2026, 3, 6)
G, A, R = Colour.GREEN, Colour.AMBER, Colour.RED


def test_friday_goes_to_monday_and_closed_days_are_skipped() -> None:
    assert next_working_day(FRIDAY, MONDAY_TO_FRIDAY, ()) == date(2026, 3, 9)
    assert next_working_day(FRIDAY, MONDAY_TO_FRIDAY, {date(2026, 3, 9)}) == date(2026, 3, 10)
    assert next_working_day(FRIDAY, {5}, ()) == date(2026, 3, 7)  # a Saturday clinic
    with pytest.raises(ValueError, match="at least one weekday"):
        next_working_day(FRIDAY, (), ())


def test_weekdays_as_a_preference_text() -> None:
    assert parse_weekdays("Mon, tue,Saturday") == frozenset({0, 1, 5})
    with pytest.raises(ValueError, match="'Funday' is not one of Mon"):
        parse_weekdays("Mon,Funday")


@pytest.mark.parametrize(
    ("colours", "overall"),
    [((), G), ((G, G), G), ((G, A), A), ((A, A), R), ((A, A, A), R), ((G, R), R), ((R,), R)],
)
def test_all_green_one_amber_two_ambers_or_a_red(
    colours: tuple[Colour, ...], overall: Colour
) -> None:
    assert overall_colour(colours) is overall


def at(day: int) -> datetime:
    return datetime(2026, 3, day, 10, tzinfo=UTC)


def test_the_newest_of_add_and_cancel_decides() -> None:
    tue = date(2026, 3, 3)
    cancelled = [EntryFacts("cancelled", at(2), reason="moved away")]
    state = follow_up_state(tue, ("first infusion",), cancelled, tue)
    assert state is not None
    assert (state.status, state.cancelled_reason) == (Status.CANCELLED, "moved away")
    again = [*cancelled, EntryFacts("added", at(3), date(2026, 3, 5), reason="asked")]
    state = follow_up_state(tue, ("first infusion",), again, date(2026, 3, 6))
    assert state is not None
    assert (state.status, state.due_date) == (Status.OVERDUE, date(2026, 3, 5))
    assert follow_up_state(tue, (), [], tue) is None


def test_triage_data_names_the_field_at_fault() -> None:
    good = {"id": "h", "label": "H", "asks": "H?", "mild": "green", "moderate": "amber"}
    with pytest.raises(TriageDataError, match=r"questions\[0\]\.severe"):
        triage_questions_from({"source": "s", "questions": [good]})
    with pytest.raises(TriageDataError, match="source"):
        triage_questions_from({"questions": [dict(good, severe="red")]})
    twice = dict(good, severe="red")
    with pytest.raises(TriageDataError, match="used twice"):
        triage_questions_from({"source": "s", "questions": [twice, twice]})
