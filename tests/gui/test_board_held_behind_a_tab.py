"""A save in an open workspace while the chair board is behind its tab (issue 13, the saved
reading to the chart): the board's rows are current at once (alarms, sound, what the model
answers), but its table is told only when the board is brought forward. Every dataChanged made
the table's header measure every cell again (its columns fit their contents): 0.7 ms of each
save from the workspace, for a table nobody saw."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_board import chair_summary
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.board.chair_board import ChairBoard
from nurse_monitor.ui.board.chair_board_model import COLUMNS
from nurse_monitor.ui.board.signals_out import RecordingChime
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.gui.test_alarms_on_the_board import LOW_PRESSURE
from tests.gui.test_board_behind_the_workspace import row_of, station_with_workspace
from tests.services.chair_walk import NORMAL_VITALS
from tests.storage.conftest import Staff

Opened = tuple[MainWindow, ChairBoard, SessionWorkspace, int]


@pytest.fixture
def opened(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> Opened:
    """The station shown, a running chair's workspace open in front of the board."""
    return station_with_workspace(qtbot, db, staff, alice, clock, RecordingChime())


def test_a_save_behind_the_board_leaves_its_table_alone_until_the_board_is_shown(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, opened: Opened
) -> None:
    window, board, workspace, session_id = opened
    told: list[tuple[int, int]] = []
    board.model.dataChanged.connect(lambda first, last: told.append((first.row(), last.row())))
    resets: list[bool] = []
    board.model.modelReset.connect(lambda: resets.append(True))

    clock.advance(minutes=15)
    assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    clock.advance(minutes=1)
    assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)

    assert told == [] and resets == []  # the hidden table was not made to measure its cells
    # What the board holds and its model answers is the saved record's, now.
    row = row_of(board, session_id)
    assert row == chair_summary(db, staff.nurse, session_id)
    shown = board.model.index(0, COLUMNS.index("NEWS2")).data()
    assert shown.startswith(str(row.news2_total))

    window.tabs.setCurrentWidget(board)
    qtbot.waitUntil(board.isVisible)
    assert told == [(0, board.model.rowCount() - 1)]  # told once, every row
    header = board.table.horizontalHeader()
    for column, name in enumerate(COLUMNS):
        if name == "Drug / protocol":
            continue  # stretched: the columns beside it fit their contents
        fitted = max(board.table.sizeHintForColumn(column), header.sectionSizeHint(column))
        qtbot.waitUntil(lambda c=column, f=fitted: header.sectionSize(c) == f)  # type: ignore[misc]


def test_a_save_with_the_board_on_screen_tells_its_table_at_once(
    qtbot: QtBot, clock: FakeClock, opened: Opened
) -> None:
    window, board, workspace, _ = opened
    window.tabs.setCurrentWidget(board)
    qtbot.waitUntil(board.isVisible)
    told: list[int] = []
    board.model.dataChanged.connect(lambda first, last: told.append(last.row()))
    clock.advance(minutes=15)
    with qtbot.waitSignal(board.model.dataChanged, timeout=1000):
        assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    assert told == [board.model.rowCount() - 1]


def test_a_flashing_alarm_behind_the_board_is_lit_as_it_should_be_when_shown(
    qtbot: QtBot, clock: FakeClock, opened: Opened
) -> None:
    window, board, workspace, session_id = opened
    clock.advance(minutes=15)
    assert workspace.controller.perform(chair.record_vitals, LOW_PRESSURE)
    assert board.alarms[session_id] is not None  # a high alarm: its row flashes
    told: list[int] = []
    board.model.dataChanged.connect(lambda first, last: told.append(last.row()))
    lit = board.model.lit
    board.model.set_lit(not lit)  # the flash timer, twice a second
    board.model.set_lit(lit)
    assert told == []  # the hidden table is not asked to repaint the row
    board.model.set_lit(not lit)
    window.tabs.setCurrentWidget(board)
    qtbot.waitUntil(board.isVisible)
    assert told == [board.model.rowCount() - 1]
    board.model.set_lit(lit)  # on screen: the flashing row repainted at each flash
    assert told == [0, 0]
