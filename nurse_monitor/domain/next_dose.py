"""When the next dose is due and the earliest it may be given, from the protocol's interval.

Ocrevus (clinical-reference.md sections 1 and 9): infusion 2 two weeks after infusion 1; the
first 600 mg dose 24 weeks after infusion 1; then every "6 months (24 weeks)", counted in weeks
(calendar months land about 2 weeks late), at least 20 weeks apart.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from nurse_monitor.domain.protocols import Protocol


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Aug + 6 months = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_dose_date(
    protocol: Protocol,
    infusion_number: int,
    given_on: date,
    series_started_on: date | None = None,
) -> date | None:
    """The date the next dose is due after this one, or None when the prescriber sets it.

    `series_started_on` is the date of infusion 1 when the protocol counts the next interval
    from the start of a split dose (Ocrevus initial); without it, it is estimated from the
    within-series interval.
    """
    rule = protocol.next_dose
    if rule.within_series_days and within_series(protocol, infusion_number):
        return given_on + timedelta(days=rule.within_series_days)
    base = given_on
    if rule.counted_from_series_start:
        if series_started_on is not None:
            base = series_started_on
        elif rule.within_series_days:
            earlier = infusion_number - protocol.eligibility.first_infusion_number
            base = given_on - timedelta(days=rule.within_series_days * earlier)
    if rule.interval_months is not None:
        return add_months(base, rule.interval_months)
    if rule.interval_weeks is not None:
        return base + timedelta(weeks=rule.interval_weeks)
    return None


def within_series(protocol: Protocol, infusion_number: int) -> bool:
    """The next dose is the rest of a split dose (Ocrevus initial: infusion 2 after 1), not the
    next course, so a course's minimum gap does not apply to it."""
    last_in_series = protocol.eligibility.last_infusion_number
    return bool(
        protocol.next_dose.within_series_days
        and last_in_series
        and infusion_number < last_in_series
    )


def earliest_next_dose(protocol: Protocol, given_on: date) -> date | None:
    """The earliest date the next course dose may be given (minimum gap), if the label sets one."""
    weeks = protocol.next_dose.minimum_gap_weeks
    return given_on + timedelta(weeks=weeks) if weeks is not None else None
