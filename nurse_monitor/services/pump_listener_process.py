"""The station's pump listener in a process of its own: how it is started and what it says back.

A station that receives pumps starts `nurse-monitor pump listen --for-station` (the headless
listener) as a child process, so the listener's parsing, writing and answering never share the
interpreter lock with the station's screens. The child writes to the same record; the station
learns of the pump reports through the change edge's cross-station path (NOTIFY on PostgreSQL;
on SQLite, `PRAGMA data_version` plus the child's commit numbers, below).

The child speaks one line at a time on its standard output (UTF-8 whatever the platform's own
encoding, no patient data):

    listening HOST:PORT      bound; receiving from now on
    failed WHY               could not listen (a port in use...); the child then exits 1
    mark N                   SQLite: the child committed; N is that commit's number
    changes JSON             SQLite: what that commit changed (`Changes.as_json`)

The commit numbers let the station count the child's commits as its own (not another
station's, which would have every screen read everything again), and the changes carry the
pumps' session ids to the board. On PostgreSQL the child's NOTIFYs carry the same news.

The child stops when its standard input closes (the station stopped it, or the station is
gone however it ended: no orphan listener keeps the port), or on SIGINT/SIGTERM.
No Qt here: ui/pump_receiver.py runs the process with QProcess.
"""

from __future__ import annotations

import io
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TextIO

from nurse_monitor.clock import Clock, ScaledClock
from nurse_monitor.services.changes import Changes
from nurse_monitor.services.database import Database
from nurse_monitor.storage.commit_marks import OwnCommits

DATABASE_URL_VARIABLE = "NURSE_MONITOR_DATABASE_URL"  # read by the command line (cli.py)
CLOCK_VARIABLE = "NURSE_MONITOR_STATION_CLOCK"  # a training clock's "speed@now", see below
LISTENING = "listening"
FAILED = "failed"
MARK = "mark"
CHANGES = "changes"


def listener_command(host: str, port: int) -> list[str]:
    """The program and arguments that start the station's listener (no shell). The record's
    address goes in the environment (DATABASE_URL_VARIABLE), never on the command line, where
    any user of the computer could read a password in it."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: its executable is the CLI
        program = [sys.executable]
    else:
        program = [sys.executable, "-m", "nurse_monitor"]
    return [*program, "pump", "listen", "--host", host, "--port", str(port), "--for-station"]


def station_clock(clock: Clock) -> str | None:
    """A training clock (`--clock-speed`, demo only) handed to the listener process as
    "speed@its now@the computer's time then", so the pumps' reports are stamped on the
    station's time, not the computer's (which would have every pump look quiet for minutes);
    None for the real clock."""
    if isinstance(clock, ScaledClock):
        return f"{clock.speed!r}@{clock.now().isoformat()}@{time.time()!r}"
    return None


def clock_for_listener(setting: str | None, default: Clock) -> Clock:
    """The listener process's clock: the station's training clock when it handed one on (run
    on from the moment it was read, however long the process took to start)."""
    if not setting:
        return default
    try:
        speed_text, origin_text, then_text = setting.split("@")
        speed, then = float(speed_text), float(then_text)
        origin = datetime.fromisoformat(origin_text)
        waited = max(0.0, time.time() - then)
        return ScaledClock(speed, origin + timedelta(seconds=waited * speed))
    except ValueError:  # not one we wrote: the real clock, never a guess
        return default


@dataclass(frozen=True)
class ListenerNews:
    """One line from the listener process, read."""

    kind: str  # LISTENING, FAILED, MARK, CHANGES, or "" for a line that is none of them
    text: str = ""  # LISTENING: "host:port"; FAILED: why
    mark: int | None = None
    changes: Changes | None = None


def read_news(line: str) -> ListenerNews:
    """A line from the child; anything unrecognised is kept as text, never trusted further."""
    kind, _, rest = line.strip().partition(" ")
    if kind in (LISTENING, FAILED):
        return ListenerNews(kind, rest[:300])
    if kind == MARK and rest.isascii() and rest.isdigit():
        return ListenerNews(MARK, mark=int(rest))
    if kind == CHANGES:
        return ListenerNews(CHANGES, changes=Changes.from_json(rest))
    return ListenerNews("", line.strip()[:300])


class AnnouncedCommits(OwnCommits):
    """The child's own commit numbers, each also said on the station's pipe at once (after
    the commit: a number is only said once it is the record's)."""

    def __init__(self, say: Callable[[str], None]) -> None:
        super().__init__()
        self._say = say

    def note(self, mark: int) -> None:
        super().note(mark)
        self._say(f"{MARK} {mark:d}")


class StationPipe:
    """The child's side: lines to the station, one writer at a time, each flushed."""

    def __init__(self, out: TextIO) -> None:
        if isinstance(out, io.TextIOWrapper):  # the station reads UTF-8 on every platform
            out.reconfigure(encoding="utf-8", errors="replace")  # (Windows: not the ANSI page)
        self._out = out
        self._lock = threading.Lock()
        self.broken = threading.Event()  # the station stopped reading: stop too

    def say(self, line: str) -> None:
        with self._lock:
            try:
                self._out.write(line + "\n")
                self._out.flush()
            except (OSError, ValueError):
                self.broken.set()

    def announce_commits_of(self, db: Database) -> None:
        """SQLite: every commit of this process is told to the station (its number, then what
        it changed). PostgreSQL's NOTIFY already tells every station."""
        if db.engine.dialect.name != "sqlite":
            return
        db.own_commits = AnnouncedCommits(self.say)
        db.add_change_listener(lambda changes: self.say(f"{CHANGES} {changes.as_json()}"))


def wait_for_the_station(stdin: TextIO, stop: threading.Event) -> threading.Thread:
    """Set `stop` when standard input closes: the station stopped us, or it is gone."""

    def read_until_closed() -> None:
        try:
            while stdin.readline():
                pass
        except (OSError, ValueError):
            pass
        stop.set()

    reader = threading.Thread(target=read_until_closed, name="station-pipe", daemon=True)
    reader.start()
    return reader
