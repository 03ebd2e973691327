"""A window opening or an observation ending is counted in the due items' minutes ("in 13 min"),
never a "12:30" that reads as a time of day (the wording of domain/due_times.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nurse_monitor.ui.time_format import countdown, observation_words

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def s(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_a_window_opening_is_counted_in_the_same_minutes() -> None:
    assert countdown(s(750), T0) == "in 13 min"  # not "in 12:30", read as a time of day
    assert countdown(s(3900), T0) == "in 1 h 05 min"
    assert countdown(T0, T0) == "now"
    assert countdown(s(-30), T0) == "now"  # never "0 min ago"
    assert countdown(s(-190), T0) == "3 min ago"


def test_an_observation_ending_says_its_minutes() -> None:
    assert observation_words(s(250), T0).endswith(", in 5 min")
