"""The station's pump listener process, pushed (issue 19): a child that writes garbage on its
pipe is never believed and never raises in the station; a child that cannot open the record says
why and is not started again in a loop; one left off after a failure starts again when
Preferences is saved with the link on (and a running one is left alone); the headless listener
started for a station refuses rather than open a record of its own (not told which, in memory,
or the station's file gone)."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from nurse_monitor.cli import EXIT_REFUSED
from nurse_monitor.services.database import Database, sqlite_url_for
from nurse_monitor.services.pump_listener_process import DATABASE_URL_VARIABLE
from nurse_monitor.ui import pump_receiver
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.pump_receiver import StationPumpLink
from tests.gui.test_pump_link_preferences import answers, process_alive
from tests.gui.test_pump_receiver import free_port

# A stand-in for the listener process: writes what it is given on its pipe (a line split across
# two writes among them: the second half only once the test, having seen the first half reach
# the station, says "go" on its standard input), then waits for its standard input to close, as
# the listener does.
TALKER = r"""
import sys
out = sys.stdout
for line in sys.argv[1:]:
    if line == "SPLIT":
        out.write("listen"); out.flush(); sys.stdin.readline(); out.write("ing 127.0.0.1:1\n")
    elif line == "HUGE":
        out.write("x" * 3_000_000 + "\n")
    else:
        out.write(line + "\n")
    out.flush()
sys.stdin.read()
"""


def record_file(db: Database) -> Path:
    name = db.engine.url.database
    assert name
    return Path(name)


def last_commit_number(db: Database) -> int:
    with closing(sqlite3.connect(record_file(db))) as con:
        return int(con.execute("PRAGMA user_version").fetchone()[0])


def another_station_commits(db: Database) -> int:
    """A commit numbered as the program numbers them, by a connection not this station's."""
    with closing(sqlite3.connect(record_file(db))) as con:
        mark = int(con.execute("PRAGMA user_version").fetchone()[0]) + 1
        con.execute(f"PRAGMA user_version = {mark}")
        con.commit()
    return mark


@pytest.fixture
def link(db: Database, preferences: Preferences) -> Iterator[StationPumpLink]:
    link = StationPumpLink(db, preferences)
    yield link
    link.stop()


def test_garbage_on_the_pipe_is_never_taken_as_our_commit_and_is_told(
    qtbot: QtBot,
    db: Database,
    link: StationPumpLink,
    preferences: Preferences,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert db.engine.dialect.name == "sqlite"
    told = another_station_commits(db)  # the listener's own, say
    ahead = told + 50  # not reached yet: another station's commit will carry it
    lines = [
        "SPLIT",
        "hello from a library",
        "mark \u00b2",  # a digit to str.isdigit, not to int()
        f"mark {ahead}",
        f"mark {2**40}",
        "changes {not json",
        "HUGE",
        f"mark {told}",
    ]
    talker = [sys.executable, "-c", TALKER, *lines]
    monkeypatch.setattr(pump_receiver, "listener_command", lambda host, port: talker)
    caplog.set_level(logging.WARNING, logger=pump_receiver.__name__)
    preferences.set_pump_link(True, "127.0.0.1", free_port())
    # The first half of the split line has reached the station, which holds it unread.
    qtbot.waitUntil(lambda: link.receiver is not None, timeout=20000)
    receiver = link.receiver
    assert receiver is not None
    qtbot.waitUntil(lambda: receiver.process.bytesAvailable() >= len("listen"), timeout=20000)
    assert link.address != "127.0.0.1:1"
    with qtbot.waitSignal(link.status_changed, timeout=20000):
        receiver.process.write(b"go\n")  # the second half follows
    qtbot.waitUntil(lambda: db.own_commits.all_ours(told - 1, told), timeout=20000)
    assert link.address == "127.0.0.1:1"  # the line split across two writes, read whole
    assert not db.own_commits.all_ours(ahead - 1, ahead)
    assert not db.own_commits.all_ours(2**31 - 1, 0)
    assert "said something unexpected" in link.status and link.problem
    logged = caplog.text
    assert "hello from a library" in logged and f"not reached: {ahead}" in logged
    # Lines after the station stopped it: nothing raises, nothing is believed.
    link.stop()
    assert link.receiver is None


def test_a_record_the_listener_cannot_open_is_said_and_not_retried(
    qtbot: QtBot, db: Database, link: StationPumpLink, preferences: Preferences
) -> None:
    with closing(sqlite3.connect(record_file(db))) as con:  # a newer program's record
        con.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
        con.commit()
    with qtbot.waitSignal(link.failed, timeout=20000) as failed:
        preferences.set_pump_link(True, "127.0.0.1", free_port())
    assert failed.args[0]
    assert link.restarts == 0 and not link.restart_timer.isActive()
    assert link.receiver is None
    assert link.status == f"Pump link off: {failed.args[0]}" and link.problem


def test_saving_preferences_with_the_link_on_starts_a_listener_left_off_and_keeps_a_running_one(
    qtbot: QtBot, db: Database, link: StationPumpLink, preferences: Preferences
) -> None:
    port = free_port()
    preferences.set_pump_link(True, "127.0.0.1", port)
    qtbot.waitUntil(lambda: link.address == f"127.0.0.1:{port}", timeout=20000)
    receiver = link.receiver
    assert receiver is not None
    pid = int(receiver.process.processId())
    # It dies once more after three restarts in a row: given up, as the status bar says.
    link.restarts = pump_receiver.RESTARTS_IN_A_ROW
    with qtbot.waitSignal(link.failed, timeout=20000):
        receiver.process.kill()
    assert link.status.startswith("Pump link off: the listener keeps stopping")
    assert link.receiver is None and not link.restart_timer.isActive()
    assert not process_alive(pid)
    # The nurse or IT saves Preferences, the link still on, nothing else changed.
    preferences.set_pump_link(True, "127.0.0.1", port)
    qtbot.waitUntil(lambda: link.address == f"127.0.0.1:{port}", timeout=20000)
    assert link.restarts == 0 and answers(port)
    again = link.receiver
    assert again is not None
    running = int(again.process.processId())
    preferences.set_pump_link(True, "127.0.0.1", port)  # saved again: left running
    assert link.receiver is again and int(again.process.processId()) == running


@pytest.mark.parametrize(
    ("told", "said"),
    [
        (None, f"the station did not say which record to use ({DATABASE_URL_VARIABLE} is not set)"),
        ("sqlite://", "the station's record is in memory"),
        ("gone", "the record file "),
    ],
    ids=["not told", "in memory", "file deleted"],
)
def test_the_listener_for_a_station_never_opens_a_record_of_its_own(
    tmp_path: Path, told: str | None, said: str
) -> None:
    env = {k: v for k, v in os.environ.items() if k != DATABASE_URL_VARIABLE}
    for folder in ("HOME", "XDG_DATA_HOME", "APPDATA", "LOCALAPPDATA"):
        env[folder] = str(tmp_path / "home")
    env["PYTHONIOENCODING"] = "latin-1"  # a platform whose pipes are not UTF-8 (Windows)
    if told == "gone":
        told = sqlite_url_for(tmp_path / "Agnès" / "record.db")
    if told is not None:
        env[DATABASE_URL_VARIABLE] = told
    done = subprocess.run(
        [sys.executable, "-m", "nurse_monitor", "pump", "listen", "--port", "0", "--for-station"],
        env=env,
        input=b"",
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == EXIT_REFUSED, done
    said_to_station = done.stdout.decode("utf-8")  # as the station reads it
    assert said_to_station.startswith(f"failed {said}")  # the station shows it, and does not retry
    assert said_to_station.rstrip().endswith("the pump listener was not started")
    if said.startswith("the record file"):  # its name told as it is
        gone = f"{tmp_path / 'Agnès' / 'record.db'} is not there"
        assert gone in said_to_station and gone in done.stderr.decode("utf-8")
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]  # no record of its own made


def test_toggled_quickly_moved_and_quit_while_starting_leave_one_listener_or_none(
    qtbot: QtBot, link: StationPumpLink, preferences: Preferences
) -> None:
    def started() -> int:
        receiver = link.receiver
        assert receiver is not None
        qtbot.waitUntil(lambda: int(receiver.process.processId()) > 0, timeout=10000)
        return int(receiver.process.processId())

    first, second = free_port(), free_port()
    preferences.set_pump_link(True, "127.0.0.1", first)
    on = started()
    preferences.set_pump_link(False, "127.0.0.1", first)  # off before it is even listening
    assert link.receiver is None and not process_alive(on)
    preferences.set_pump_link(True, "127.0.0.1", first)
    again = started()
    preferences.set_pump_link(True, "127.0.0.1", second)  # moved while starting
    assert not process_alive(again)
    moved = started()
    qtbot.waitUntil(lambda: link.address == f"127.0.0.1:{second}", timeout=20000)
    assert link.status == f"Pump link: receiving on 127.0.0.1:{second}" and not link.problem
    assert answers(second)
    with pytest.raises(ConnectionRefusedError):
        answers(first)
    preferences.set_pump_link(True, "127.0.0.1", first)
    starting = started()
    QCoreApplication.instance().aboutToQuit.emit()  # type: ignore[union-attr]
    assert link.receiver is None and not process_alive(starting) and not process_alive(moved)
