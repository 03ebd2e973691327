"""How reports write times, numbers and names: local time with the zone said once, HTML-safe."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta

DASH = "—"


_date_format = "%d %b %Y"


def use_date_format(fmt: str) -> None:
    """Dates on reports in `fmt` from now on: the station's date-format preference."""
    global _date_format
    _date_format = fmt


def local(moment: datetime) -> datetime:
    return moment.astimezone()


def clock_time(moment: datetime | None) -> str:
    """09:30 in local time; a dash for no time; the UTC offset added where the local time
    happens twice (the night the clocks go back)."""
    return local(moment).strftime("%H:%M") + _offset_if_repeated(moment) if moment else DASH


def date_time(moment: datetime | None) -> str:
    """02 Mar 2026 09:30 in local time, the date in the station's format (with the UTC offset
    where that local time happens twice)."""
    if not moment:
        return DASH
    return local(moment).strftime(f"{_date_format} %H:%M") + _offset_if_repeated(moment)


def _offset_if_repeated(moment: datetime) -> str:
    """' (UTC+10:00)' when this local wall time also happens at another instant, else ''."""
    here = local(moment)
    offset = here.utcoffset()
    wall = here.replace(tzinfo=None)
    for hours in (-3, 3):  # every clock change moves by less than this
        other = local(moment + timedelta(hours=hours)).utcoffset()
        if other is None or offset is None or other == offset:
            continue
        twin = (wall - other).replace(tzinfo=UTC)  # the same wall time at the other offset
        if local(twin).utcoffset() == other and local(twin).replace(tzinfo=None) == wall:
            text = here.strftime("%z")
            return f" (UTC{text[:3]}:{text[3:]})"
    return ""


def day(value: date | datetime | None) -> str:
    """02 Mar 2026 (a datetime is taken in local time)."""
    if value is None:
        return DASH
    if isinstance(value, datetime):
        value = local(value)
    return value.strftime(_date_format)


def zone_note(moment: datetime) -> str:
    """'Times are local (UTC+01:00)', said once on each report."""
    offset = local(moment).strftime("%z")
    return f"Times are local (UTC{offset[:3]}:{offset[3:]})"


def number(value: float | None, unit: str = "") -> str:
    """12, 12.5 (no trailing zeros) with a unit; a dash for none."""
    if value is None:
        return DASH
    text = f"{value:g}" if abs(value) < 1e6 else f"{value:.0f}"
    return f"{text} {unit}".strip()


def e(value: object) -> str:
    """Escape for the report's HTML; None becomes a dash."""
    return DASH if value is None or value == "" else html.escape(str(value))


def words(identifier: str) -> str:
    """life_threatening -> life-threatening, for codes shown to people."""
    return identifier.replace("_", "-") if identifier else DASH
