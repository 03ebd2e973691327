"""A take-over at the station reaches the reassign controls (review of issue 16's dialog): the
workspace's button is shown to whoever is signed in now, and a reassign dialog opened by the
charge nurse does not stay open to act in her name for the nurse who took over."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.board.reassign_dialog import ReassignDialog
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.gui.test_reassign_dialog import nurse_leaves
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff


@pytest.fixture(name="station")
def a_station(db: Database, clock: FakeClock, preferences: Preferences) -> Station:
    """This station, nobody signed in yet."""
    return Station(db, clock, preferences)


def open_chair(qtbot: QtBot, station: Station, session_id: int) -> SessionWorkspace:
    workspace = SessionWorkspace(ChairController(station, session_id))
    qtbot.addWidget(workspace)
    workspace.show()
    return workspace


def test_the_workspaces_reassign_button_follows_a_take_over(
    qtbot: QtBot, station: Station, staff: Staff, alice: PatientRecord
) -> None:
    session = begin_initial(station.db, staff.nurse, alice)
    station.set_actor(staff.nurse)
    workspace = open_chair(qtbot, station, session.id)
    assert not workspace.reassign_button.isVisible()

    station.set_actor(staff.charge)  # the charge nurse takes over at the lock screen
    assert workspace.reassign_button.isVisible()

    station.set_actor(staff.nurse)
    assert not workspace.reassign_button.isVisible()


def test_an_open_reassign_dialog_closes_when_another_user_takes_over(
    qtbot: QtBot, station: Station, staff: Staff, alice: PatientRecord
) -> None:
    session = begin_initial(station.db, staff.nurse, alice)
    nurse_leaves(station.db, staff.nurse.user_id)
    station.set_actor(staff.charge)
    workspace = open_chair(qtbot, station, session.id)
    qtbot.mouseClick(workspace.reassign_button, Qt.MouseButton.LeftButton)
    dialog = workspace.findChild(ReassignDialog)
    assert dialog is not None and dialog.isVisible()

    station.set_actor(staff.nurse)  # a nurse continues: the dialog was the charge nurse's

    assert not dialog.isVisible()
