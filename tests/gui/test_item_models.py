"""Every item model passes Qt's model tester, also while it changes (pytest-qt qtmodeltester)."""

from __future__ import annotations

import pytest
from pytestqt.modeltest import ModelTester

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import amendments
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.board.chair_board import ChairBoard
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.workspace.timeline_model import TimelineModel
from tests.gui.test_chair_board import three_chairs
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.storage.conftest import Staff


@pytest.fixture
def board(qapp, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier):  # type: ignore[no-untyped-def]
    """A board set up before the model tester, so it outlives the tester's teardown."""
    return ChairBoard(Station(db, clock, preferences, staff.nurse), chime, notifier)


def test_the_chair_board_model_passes_the_model_tester(
    board: ChairBoard, db: Database, staff: Staff, clock: FakeClock, qtmodeltester: ModelTester
) -> None:
    qtmodeltester.check(board.model, force_py=True)  # stays connected through the changes
    three_chairs(db, staff, clock)
    board.reload()
    clock.advance(minutes=40)
    board.evaluate()  # rows reordered by urgency
    assert board.model.rowCount() == 3


def test_the_timeline_model_passes_the_model_tester_as_entries_arrive(
    qtmodeltester: ModelTester, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    model = TimelineModel()
    model.show_entries(chair_view(db, staff.nurse, session_id))
    qtmodeltester.check(model, force_py=True)
    clock.advance(minutes=15)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    model.show_entries(chair_view(db, staff.nurse, session_id))  # rows appended
    view = chair_view(db, staff.nurse, session_id)
    vitals = next(e for e in view.timeline if e.event.type == "vitals")
    amendments.amend_session_entry(
        db, staff.nurse, session_id, vitals.event.id, "heart_rate", 74, "misread the monitor"
    )
    model.show_entries(chair_view(db, staff.nurse, session_id))  # an amendment: reset
    model.set_temperature_unit("F")
    model.show_entries(chair_view(db, staff.nurse, session_id))
    assert model.rowCount() > 0
