"""`station_zone`: the process's TZ set for one test (time.tzset) and restored after, the zone's
name given as an indirect parameter: `@pytest.mark.parametrize("station_zone", ["Australia/Sydney"],
indirect=True)`. The station's local time comes from the operating system, as in the app."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest


@pytest.fixture
def station_zone(request: pytest.FixtureRequest) -> Iterator[ZoneInfo]:
    """The process's TZ set for the test (time.tzset), restored after."""
    name: str = request.param
    before = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield ZoneInfo(name)
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
