"""Opening a station in GUI tests: the main window for a signed-in user, and a chair's workspace.

One place that builds the window the way the program does (closed by qtbot at the end of the
test), so that a change to the window's constructor is made here once, not in every test."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import Clock
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.database import Database
from nurse_monitor.ui.board.signals_out import Chime, Notifier, RecordingChime, RecordingNotifier
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.workspace.workspace import SessionWorkspace


def station_at(db: Database, actor: Actor | None, clock: Clock | None = None) -> Station:
    """`actor` signed in at a station on `db`; the preferences are the test's temporary INI (the
    GUI conftest points QSettings at it)."""
    return Station(db, clock or db.clock, Preferences.for_station(), actor)


def open_station(
    qtbot: QtBot,
    db: Database,
    clock: Clock,
    actor: Actor,
    preferences: Preferences | None = None,
    chime: Chime | None = None,
    notifier: Notifier | None = None,
    *,
    demo: bool = False,
    show: bool = False,
) -> MainWindow:
    """`actor`'s station on `db`: the alarm sound and desktop notices recorded unless given."""
    window = MainWindow(
        db,
        clock,
        actor=actor,
        demo=demo,
        preferences=preferences,
        chime=chime if chime is not None else RecordingChime(),
        notifier=notifier if notifier is not None else RecordingNotifier(),
    )
    qtbot.addWidget(window)
    if show:
        window.show()
    return window


def open_workspace(window: MainWindow, session_id: int) -> SessionWorkspace:
    """The chair's workspace opened from the station, its live timer stopped: the test moves the
    clock and calls refresh() itself."""
    workspace = window.open_session(session_id)
    workspace.stop_live_updates()
    return workspace
