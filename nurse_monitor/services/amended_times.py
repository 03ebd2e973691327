"""An amended entry time passes the checks the entry's own time passed when it was recorded:
not in the future of the station's clock, not long before the session began (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime

from nurse_monitor.domain.entry_fields import TIME_FIELD
from nurse_monitor.services.charting import EARLIEST_BEFORE_SESSION, FUTURE_TOLERANCE
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.storage.models import InfusionSession


def amended_time(value: object, row: InfusionSession, now: datetime) -> str:
    """The corrected time as stored (ISO, UTC), if the entry may be timed then; else
    InvalidInput naming the field "Time" and what is allowed."""
    moment = value if isinstance(value, datetime) else _parsed(value)
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(TIME_FIELD.label, "a date and time with a time zone")
    if moment > now + FUTURE_TOLERANCE:
        local = moment.astimezone()
        raise InvalidInput(
            TIME_FIELD.label, f"{local:%H:%M} is in the future; use the time it happened"
        )
    earliest = row.created_at - EARLIEST_BEFORE_SESSION
    if moment < earliest:
        raise InvalidInput(
            TIME_FIELD.label,
            f"{moment.astimezone():%Y-%m-%d %H:%M} is more than "
            f"{EARLIEST_BEFORE_SESSION.seconds // 3600} hours before this session began; "
            "use the time it happened",
        )
    return moment.astimezone(UTC).isoformat()


def _parsed(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
