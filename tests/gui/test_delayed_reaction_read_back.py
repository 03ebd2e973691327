"""An earlier screening's delayed-reaction answer put back on the screening form without
trusting it (house rule): odd decisions in the record are left out, the form still opens."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.delayed_reaction_question import DelayedReactionQuestion
from tests.gui.test_reassign_follows_take_over import a_station  # noqa: F401 - `station`
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff

ODD = [None, 3, [{"premedication": ["a list"], "accepted": True}]]


@pytest.mark.parametrize("odd", ODD)
def test_odd_recorded_decisions_do_not_stop_the_screening_form(
    qtbot: QtBot, station: Station, staff: Staff, alice: PatientRecord, odd: object
) -> None:
    session = begin_initial(station.db, staff.nurse, alice)
    station.set_actor(staff.nurse)
    question = DelayedReactionQuestion(ChairController(station, session.id))
    qtbot.addWidget(question)

    question.show_recorded({"answer": True, "suggestions": odd})

    assert question.yes.isChecked()
