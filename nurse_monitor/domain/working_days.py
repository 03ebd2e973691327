"""Working days: the next day a follow-up call can be made (weekends and closed days skipped)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONDAY_TO_FRIDAY = frozenset(range(5))  # a station's default (ours): date.weekday() numbers


def is_working_day(day: date, working_weekdays: Collection[int], closed: Collection[date]) -> bool:
    return day.weekday() in working_weekdays and day not in closed


def next_working_day(
    after: date, working_weekdays: Collection[int], closed: Collection[date]
) -> date:
    """The first working day strictly after `after`.

    Raises:
        ValueError: no weekday is a working day (nothing could ever be due).
    """
    if not set(working_weekdays) & set(range(7)):
        raise ValueError("Working days: choose at least one weekday")
    day = after + timedelta(days=1)
    # Closed days are finite, so this ends; a year of closures is already absurd.
    for _ in range(400):
        if is_working_day(day, working_weekdays, closed):
            return day
        day += timedelta(days=1)
    raise ValueError("Closed days: no working day within a year")


def parse_weekdays(text: str) -> frozenset[int]:
    """ "Mon,Tue,Wed" (a station preference) as weekday numbers; unknown names are refused."""
    found: set[int] = set()
    for part in text.split(","):
        name = part.strip()[:3].title()
        if not name:
            continue
        if name not in WEEKDAY_NAMES:
            allowed = ", ".join(WEEKDAY_NAMES)
            raise ValueError(f"Working days: {part.strip()!r} is not one of {allowed}")
        found.add(WEEKDAY_NAMES.index(name))
    if not found:
        raise ValueError("Working days: choose at least one weekday")
    return frozenset(found)


def weekdays_text(days: Collection[int]) -> str:
    return ",".join(WEEKDAY_NAMES[d] for d in sorted(days))
