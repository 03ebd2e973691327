"""Times and dates in the nurse's words: the station's local time, in the zone the caller gives.

The domain stays pure: it never asks the operating system for its zone. Services pass the
station's zone (`clock.STATION_ZONE`); tests pass a fixed one.
"""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo


def wall_time(moment: datetime, zone: tzinfo = UTC) -> str:
    """'09:30': the clock on the ward's wall at `moment`."""
    return f"{moment.astimezone(zone):%H:%M}"


def wall_day(moment: datetime, zone: tzinfo = UTC) -> str:
    """'02 Mar 2026': the station's calendar date at `moment`."""
    return f"{moment.astimezone(zone):%d %b %Y}"
