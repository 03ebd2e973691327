"""The start paints the board before it opens the sound device (the sound library is about
150 ms the first frame need not wait for); an alarm found while the board was built sounds once
the board is on screen, through the real chime and player (miniaudio's NULL backend)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.demo.seed import seed_demo
from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.sound.playback import AlarmPlayer
from nurse_monitor.ui.app import open_main_window
from nurse_monitor.ui.board import signals_out
from nurse_monitor.ui.board.signals_out import Chime
from tests.storage.conftest import Staff


class WatchedPlayer(AlarmPlayer):
    """The real player on the NULL device, noting each device open and burst asked for."""

    made: ClassVar[list[WatchedPlayer]] = []

    def __init__(self) -> None:
        super().__init__(null_device=True)
        self.bursts: list[tuple[str, int]] = []
        self.opened = False
        WatchedPlayer.made.append(self)

    def open(self) -> bool:
        self.opened = True
        return super().open()

    def play_cycle(self, priority: str, volume: int) -> bool:
        self.bursts.append((priority, volume))
        return super().play_cycle(priority, volume)


def loudest(alarms: dict[int, AlarmCondition | None]) -> Priority | None:
    return max((a.priority for a in alarms.values() if a is not None), default=None)


@pytest.fixture
def watched_player(monkeypatch: pytest.MonkeyPatch) -> list[WatchedPlayer]:
    WatchedPlayer.made = []
    monkeypatch.setattr(signals_out, "AlarmPlayer", WatchedPlayer)
    yield WatchedPlayer.made
    for player in WatchedPlayer.made:
        player.close()


def test_an_alarm_at_the_start_sounds_once_the_board_is_painted(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, watched_player: list[WatchedPlayer]
) -> None:
    db = open_database(sqlite_url_for(tmp_path / "record.db"), clock)
    try:
        nurse = seed_demo(db)
        window = open_main_window(db, clock, nurse, demo=False)
        qtbot.addWidget(window)
        assert window.board is not None
        [player] = watched_player
        sounding = loudest(window.board.alarms)
        assert sounding is not None  # the board found an alarm while it was built...
        assert not player.opened and player.bursts == []  # ...and opened no device for it
        qtbot.waitUntil(lambda: player.heard.is_set(), timeout=10_000)
        volume = window.preferences.chime_volume
        assert player.bursts == [(sounding.word, volume)]  # the burst it found, at once
        assert player.problem is None and player.frames_played > 0
        window.close()
    finally:
        db.close()


def test_with_no_alarm_the_device_is_opened_after_the_first_paint(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, watched_player: list[WatchedPlayer]
) -> None:
    window = open_main_window(db, clock, staff.nurse, demo=False)  # no chair in use
    qtbot.addWidget(window)
    assert window.board is not None and loudest(window.board.alarms) is None
    [player] = watched_player
    assert not player.opened
    qtbot.waitUntil(lambda: player.opened, timeout=10_000)
    assert player.bursts == [] and player.problem is None  # ready for the first alarm
    window.close()


def test_a_held_chime_keeps_the_latest_burst_and_a_stop_drops_it() -> None:
    player = WatchedPlayer()
    try:
        chime = Chime(player, held=True)
        chime.play("medium", 70)
        chime.play("high", 70)
        assert player.bursts == [] and not player.opened
        chime.release()
        assert player.bursts == [("high", 70)]
        chime.release()  # once only
        assert player.bursts == [("high", 70)]
        held = Chime(player, held=True)
        held.play("low", 70)
        held.stop()  # the alarm ended before the release: nothing to sound
        held.release()
        assert player.bursts == [("high", 70)]
    finally:
        player.close()
