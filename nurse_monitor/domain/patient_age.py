"""A patient's age as people say it: whole years by the calendar (not days // 365)."""

from __future__ import annotations

from datetime import date


def age_in_years(born: date, on: date) -> int:
    """Whole years from `born` to `on`: the birthday counts on its date (29 February on
    1 March in a common year)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years
