"""The station fixtures, in one plugin (registered by the root conftest): screens take a
`Station` (database, clock, preferences, change edge, signed-in user) as the program gives them.

- `station_preferences`: this test's preferences, in a temporary INI file (never the real
  station's); the GUI conftest's `preferences` is this same object.
- `station_for(actor, clock=None, *, database=None, preferences=None)`: a Station on the test's
  database, clock and preferences unless told otherwise.
- `station`: the nurse's station (`staff.nurse`).

Qt is imported on use only, so the fast loop (`-m "not gui and not system"`) never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from tests.plugins.databases import Staff

if TYPE_CHECKING:
    from nurse_monitor.ui.preferences import Preferences
    from nurse_monitor.ui.station import Station

StationFor = Callable[..., "Station"]


@pytest.fixture
def station_preferences(tmp_path: Path) -> Preferences:
    from PySide6.QtCore import QSettings

    from nurse_monitor.ui.preferences import Preferences

    return Preferences(QSettings(str(tmp_path / "station.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def station_for(db: Database, clock: FakeClock, station_preferences: Preferences) -> StationFor:
    from nurse_monitor.ui.station import Station

    def make(actor: Any, clock_: Any = None, **given: Any) -> Station:
        return Station(
            given.get("database") or db,
            clock_ or clock,
            given.get("preferences") or station_preferences,
            actor,
        )

    return make


@pytest.fixture
def station(station_for: StationFor, staff: Staff) -> Station:
    return station_for(staff.nurse)
