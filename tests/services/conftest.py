"""Service tests use the database plugin's fixtures (tests/plugins/databases.py): `db`, `staff`,
`alice` on both backends. `ALICE` stays importable from here for the modules that name her;
`station_zone` sets the process's TZ for a test (indirect parameter: the zone's name)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

from tests.plugins.databases import ALICE

__all__ = ["ALICE"]


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
