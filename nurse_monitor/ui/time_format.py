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
    """'in 12:04', 'now', or 'overdue 3:10' (minutes:seconds, hours when long)."""
    if until is None:
        return ""
    delta = until - now
    overdue = delta < timedelta(0)
    seconds = int(abs(delta).total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    if seconds < 1:
        return "now"
    return f"overdue {text}" if overdue else f"in {text}"


def duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"
