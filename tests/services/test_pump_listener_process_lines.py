"""What the station's listener process says on its pipe, read; the command that starts it; and
a training clock handed on to it."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from nurse_monitor.clock import ScaledClock, SystemClock
from nurse_monitor.services.changes import ChangeKind, Changes, SessionChange
from nurse_monitor.services.pump_listener_process import (
    CHANGES,
    FAILED,
    LISTENING,
    MARK,
    clock_for_listener,
    listener_command,
    read_news,
    station_clock,
)


def test_each_line_is_read_and_anything_else_is_only_text() -> None:
    assert read_news("listening 127.0.0.1:2575\n").text == "127.0.0.1:2575"
    assert read_news("listening 127.0.0.1:2575").kind == LISTENING
    failed = read_news("failed Port 2575 is in use by another program\n")
    assert (failed.kind, failed.text) == (FAILED, "Port 2575 is in use by another program")
    assert (read_news("mark 41\n").kind, read_news("mark 41").mark) == (MARK, 41)
    kinds = frozenset({ChangeKind.PUMP_OBSERVATION})
    sent = Changes((SessionChange(7, None, kinds),), kinds)
    news = read_news(f"changes {sent.as_json()}\n")
    assert news.kind == CHANGES and news.changes is not None
    assert news.changes.pump_reports_only and news.changes.session_ids == {7}
    for garbage in ("mark -3", "mark x", "Traceback (most recent call last):", ""):
        assert read_news(garbage).kind == "" and read_news(garbage).mark is None
    unreadable = read_news("changes {not json")
    assert unreadable.changes is not None and unreadable.changes.everything  # read again


def test_the_command_is_this_python_running_the_headless_listener_no_shell() -> None:
    command = listener_command("127.0.0.1", 2575)
    assert command[0] == sys.executable
    assert command[-7:] == ["pump", "listen", "--host", "127.0.0.1", "--port", "2575",
                            "--for-station"]  # fmt: skip


def test_a_training_clock_is_handed_on_and_the_real_clock_is_not() -> None:
    origin = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    training = ScaledClock(60.0, origin)
    setting = station_clock(training)
    assert setting is not None
    clock = clock_for_listener(setting, SystemClock())
    assert isinstance(clock, ScaledClock) and clock.speed == 60.0
    assert abs(clock.now() - training.now()) < timedelta(seconds=30)  # not the computer's time
    assert station_clock(SystemClock()) is None
    real = SystemClock()
    for bad in (None, "", "fast@yesterday@now", "0@2026-03-02T09:00:00+00:00@1"):
        assert clock_for_listener(bad, real) is real
