"""Issue 16 defect 12: the training clock never touches the real record or the station's
preferences: `--clock-speed` needs `--demo`, and a mute in training is kept for the run only."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.cli import main
from nurse_monitor.clock import FakeClock, ScaledClock
from nurse_monitor.services.database import Database
from nurse_monitor.ui.board.chair_board import ChairBoard
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.station import Station
from tests.storage.conftest import Staff


def test_a_fast_clock_without_the_demo_record_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--clock-speed", "10", "db", "check"]) == 2
    assert "--demo" in capsys.readouterr().err
    assert main(["--clock-speed", "10", "export", "handoff", "-o", "x.pdf", "--user", "a"]) == 2


def test_a_mute_in_training_is_never_kept_in_the_preferences(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences: Preferences
) -> None:
    training = ScaledClock(60)
    board = ChairBoard(
        Station(db, training, preferences, staff.nurse), RecordingChime(), RecordingNotifier()
    )
    qtbot.addWidget(board)
    board.mute_button.click()
    assert "muted until" in board.mute_label.text()
    assert preferences.mute_until is None  # a fast-clock time never reaches the station's file
    real = ChairBoard(
        Station(db, clock, preferences, staff.nurse), RecordingChime(), RecordingNotifier()
    )
    qtbot.addWidget(real)
    real.mute_button.click()
    assert preferences.mute_until == clock.now() + timedelta(minutes=5)
