"""An earlier screening's delayed-reaction answer put back on the screening form without
trusting it (house rule): odd decisions in the record are left out, the form still opens."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.delayed_reaction_question import DelayedReactionQuestion
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff


@pytest.mark.parametrize("odd", [None, 3, [{"premedication": ["a list"], "accepted": True}]])
def test_odd_recorded_decisions_do_not_stop_the_screening_form(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    odd: object,
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    controller = ChairController(Station(db, clock, preferences, staff.nurse), session.id)
    question = DelayedReactionQuestion(controller)
    qtbot.addWidget(question)

    question.show_recorded({"answer": True, "suggestions": odd})

    assert question.yes.isChecked()
