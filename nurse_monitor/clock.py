"""Time as a dependency: the Clock protocol and its system, fake and scaled (training) clocks.

Every part of the program that needs "now" takes a Clock. The domain takes plain `now` values;
widgets and services take a Clock. Tests pass a FakeClock and advance it; training mode passes a
ScaledClock that runs N times faster than the wall clock.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol


def local_date(moment: datetime) -> date:
    """The station's calendar date at `moment`: "today" for expiry, next dose and age is the
    local date, never the UTC one (in Sydney the UTC date is yesterday until 10 or 11 am)."""
    return moment.astimezone().date()


class StationZone(tzinfo):
    """The station's time zone by the operating system's rules at each moment (what
    `astimezone()` uses), as a tzinfo the pure domain can be given to word times in local time."""

    def fromutc(self, dt: datetime) -> datetime:
        return dt.replace(tzinfo=UTC).astimezone().replace(tzinfo=self)

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return self._here(dt).utcoffset()

    def dst(self, dt: datetime | None) -> timedelta | None:
        return self._here(dt).dst()

    def tzname(self, dt: datetime | None) -> str | None:
        return self._here(dt).tzname()

    @staticmethod
    def _here(dt: datetime | None) -> datetime:
        wall = datetime.now() if dt is None else dt.replace(tzinfo=None)
        return wall.astimezone()


STATION_ZONE = StationZone()


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real wall clock, in UTC."""

    speed: float = 1.0

    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when a test moves it."""

    speed: float = 1.0

    def __init__(self, start: datetime | None = None) -> None:
        start = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, /, **kwargs: float) -> datetime:
        """Move forward by `delta` or by keyword parts (minutes=5) and return the new time."""
        step = delta if delta is not None else timedelta(**kwargs)
        if step < timedelta(0):
            raise ValueError("a FakeClock never runs backwards; use set() to jump")
        self._now += step
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to a moment, for example to simulate a clock change."""
        if moment.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = moment.astimezone(UTC)


class ScaledClock:
    """A training clock: starts at the real time and runs `speed` times faster."""

    def __init__(self, speed: float, origin: datetime | None = None) -> None:
        if speed <= 0:
            raise ValueError("clock speed must be greater than 0")
        self.speed = speed
        self._origin = origin or datetime.now(UTC)
        self._started = time.monotonic()

    def now(self) -> datetime:
        elapsed = time.monotonic() - self._started
        return self._origin + timedelta(seconds=elapsed * self.speed)
