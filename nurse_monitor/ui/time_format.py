"""Times are stored in UTC and shown in the workstation's local time, dates in its format.

The date format is this station's preference (`Preferences.date_format`); the main window sets
it here at start and whenever it changes (one station per process).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from nurse_monitor.domain.due_times import hours_minutes
from nurse_monitor.reports import wording

DEFAULT_DATE_FORMAT = "%d %b %Y"
_date_format = DEFAULT_DATE_FORMAT


def use_date_format(fmt: str) -> None:
    """Show dates in `fmt` from now on (one of `preferences.DATE_FORMATS`)."""
    global _date_format
    _date_format = fmt
    wording.use_date_format(fmt)  # the reports this station prints


def date_format() -> str:
    return _date_format


def local(moment: datetime) -> datetime:
    return moment.astimezone()


def clock_time(moment: datetime | None) -> str:
    """09:30, in local time; an em dash for no time."""
    return local(moment).strftime("%H:%M") if moment else "—"


def date_time(moment: datetime | None) -> str:
    return local(moment).strftime(f"{_date_format} %H:%M") if moment else "—"


def calendar_date(day: date | datetime | None) -> str:
    """A date in the station's format (a datetime in local time); an em dash for none."""
    if day is None:
        return "—"
    if isinstance(day, datetime):
        day = local(day).date()
    return day.strftime(_date_format)


def countdown(until: datetime | None, now: datetime) -> str:
    """'in 13 min', 'now', or '3 min ago' for a moment that is not a due item (a window opening),
    in the due items' minutes (domain/due_times.py), never a "12:04" read as a time of day.

    Due items say "due in", "due now" or "overdue" by the one rule: domain/due_times.py.
    """
    if until is None:
        return ""
    delta = until - now
    if timedelta(minutes=-1) < delta < timedelta(seconds=1):
        return "now"  # never "0 min ago"
    if delta < timedelta(0):
        return f"{hours_minutes(-delta, round_up=False)} ago"
    return f"in {hours_minutes(delta)}"


def observation_words(ends: datetime, now: datetime) -> str:
    """'Observation ends 17:12, in 5 min' or 'Observation ended 17:12': an end, never overdue."""
    if now < ends:
        return f"Observation ends {clock_time(ends)}, {countdown(ends, now)}"
    return f"Observation ended {clock_time(ends)}"


def duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
