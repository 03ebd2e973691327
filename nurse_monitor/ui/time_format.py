"""Times are stored in UTC and shown in the workstation's local time."""

from __future__ import annotations

from datetime import datetime, timedelta


def local(moment: datetime) -> datetime:
    return moment.astimezone()


def clock_time(moment: datetime | None) -> str:
    """09:30, in local time; an em dash for no time."""
    return local(moment).strftime("%H:%M") if moment else "—"


def date_time(moment: datetime | None) -> str:
    return local(moment).strftime("%d %b %Y %H:%M") if moment else "—"


def countdown(until: datetime | None, now: datetime) -> str:
    """'in 12:04', 'now', or '3:10 ago' for a moment that is not a due item (a window opening).

    Due items say "due in", "due now" or "overdue" by the one rule: domain/due_times.py.
    """
    if until is None:
        return ""
    delta = until - now
    seconds = int(abs(delta).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    if seconds < 1:
        return "now"
    return f"{text} ago" if delta < timedelta(0) else f"in {text}"


def observation_words(ends: datetime, now: datetime) -> str:
    """'Observation ends 17:12, in 4:10' or 'Observation ended 17:12': an end, never overdue."""
    if now < ends:
        return f"Observation ends {clock_time(ends)}, {countdown(ends, now)}"
    return f"Observation ended {clock_time(ends)}"


def duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
