"""A station for a screen under test, as the main window gives one to every screen it opens."""

from __future__ import annotations

from nurse_monitor.clock import Clock
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.database import Database
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.station import Station


def station_at(db: Database, actor: Actor | None, clock: Clock | None = None) -> Station:
    """`actor` signed in at a station on `db`; the preferences are the test's temporary INI (the
    GUI conftest points QSettings at it)."""
    return Station(db, clock or db.clock, Preferences.for_station(), actor)
