"""A change that names a chair the board then cannot read never raises out of the board's slot:
the board falls back to its full reload, which keeps the chairs as last read and raises the
station's "record unreachable" alarm when the record is down (review finding)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.changes import ChangeKind, Changes, SessionChange
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import DatabaseUnavailable
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.board import chair_board
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
from nurse_monitor.ui.preferences import Preferences
from tests.gui.test_chair_board import board_for
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff


def test_a_named_chair_that_cannot_be_read_falls_back_to_the_full_reload(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime: RecordingChime,
    notifier: RecordingNotifier,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    assert [c.session_id for c in board.chairs] == [session.id]

    def unreachable(*_args: object) -> None:
        raise DatabaseUnavailable("The record could not be read: disk I/O error")

    monkeypatch.setattr(chair_board, "chair_summary", unreachable)
    change = SessionChange(session.id, None, frozenset({ChangeKind.EVENT}))

    board.show_changes(Changes(sessions=(change,)))  # raised before the fix

    assert [c.session_id for c in board.chairs] == [session.id]  # the full reload read it
