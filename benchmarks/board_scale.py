"""The chair board with 40 chairs in use, 300 events each: a full reload, and one chair's change
through the change edge, beside a hand-written sqlite3 read of the same rows (the floor).

One session is recorded through the services (engine_status.long_session), then copied at the
SQL level to `--chairs` chairs (new rows only: the record stays append-only). Times, medians of
`--runs`, all in this process:

  floor            sqlite3: the 40 sessions' rows, events, readings and reactions fetched, and
                   each event's JSON payload parsed
  full reload      ChairBoard.reload(): every chair read through the services, the board model set,
                   then the program's between-events collection (ui/garbage_collection.py); also
                   printed with Python's automatic collector on, for comparison
  one chair        ChairBoard.show_changes(Changes naming one session), after a reading was
                   committed at that chair (the commit itself is not counted)

Targets (issue 13): full reload <= 3x the floor; one chair <= 1/5 of the full reload.

    .venv/bin/python benchmarks/board_scale.py [--chairs 40] [--events 300] [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_status import long_session
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.ui.board.chair_board import ChairBoard
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
from nurse_monitor.ui.garbage_collection import CollectBetweenEvents
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.station import Station
from tests.services.chair_walk import NORMAL_VITALS


def median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def copy_session(path: Path, session_id: int, chairs: int) -> list[int]:
    """`chairs - 1` copies of the session at other chairs (INSERTs only); all the ids."""
    con = sqlite3.connect(path)
    columns = [r[1] for r in con.execute("PRAGMA table_info(infusion_sessions)") if r[1] != "id"]
    event_cols = [r[1] for r in con.execute("PRAGMA table_info(session_events)") if r[1] != "id"]
    reading_cols = [
        r[1] for r in con.execute("PRAGMA table_info(vital_sign_readings)") if r[1] != "id"
    ]
    ids = [session_id]
    with con:
        for n in range(2, chairs + 1):
            picked = ", ".join("?" if c == "chair" else c for c in columns)
            cur = con.execute(
                f"INSERT INTO infusion_sessions ({', '.join(columns)}) "
                f"SELECT {picked} FROM infusion_sessions WHERE id = ?",
                (f"Chair {n:02d}", session_id),
            )
            new = cur.lastrowid
            assert new is not None
            ids.append(new)
            mapping = {}
            for (old_id,) in con.execute(
                "SELECT id FROM session_events WHERE session_id = ? ORDER BY id", (session_id,)
            ).fetchall():
                sel = ", ".join("?" if c == "session_id" else c for c in event_cols)
                mapping[old_id] = con.execute(
                    f"INSERT INTO session_events ({', '.join(event_cols)}) "
                    f"SELECT {sel} FROM session_events WHERE id = ?",
                    (new, old_id),
                ).lastrowid
            for old_id, event_id in con.execute(
                "SELECT id, event_id FROM vital_sign_readings WHERE session_id = ?", (session_id,)
            ).fetchall():
                sel = ", ".join("?" if c in ("session_id", "event_id") else c for c in reading_cols)
                params = [
                    new if c == "session_id" else mapping.get(event_id)
                    for c in reading_cols
                    if c in ("session_id", "event_id")
                ]
                con.execute(
                    f"INSERT INTO vital_sign_readings ({', '.join(reading_cols)}) "
                    f"SELECT {sel} FROM vital_sign_readings WHERE id = ?",
                    (*params, old_id),
                )
    con.close()
    return ids


def floor_read(path: Path, ids: list[int]) -> None:
    con = sqlite3.connect(path)
    try:
        for sid in ids:
            con.execute("SELECT * FROM infusion_sessions WHERE id = ?", (sid,)).fetchone()
            cur = con.execute(
                "SELECT * FROM session_events WHERE session_id = ? ORDER BY occurred_at, id",
                (sid,),
            )
            at = [d[0] for d in cur.description].index("payload")
            for row in cur.fetchall():
                json.loads(row[at]) if isinstance(row[at], str) else None
            con.execute("SELECT * FROM vital_sign_readings WHERE session_id = ?", (sid,)).fetchall()
            con.execute("SELECT * FROM reactions WHERE session_id = ?", (sid,)).fetchall()
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chairs", type=int, default=40)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="board-scale-"))
    path = folder / "board.db"
    clock = FakeClock(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    db = open_database(sqlite_url_for(path), clock)
    staff, session_id = long_session(db, clock, events=args.events)
    db.close()
    ids = copy_session(path, session_id, args.chairs)
    db = open_database(sqlite_url_for(path), clock)
    prefs = Preferences(QSettings(str(folder / "station.ini"), QSettings.Format.IniFormat))
    station = Station(db, clock, prefs, staff.nurse)
    ops = station.ops
    board = ChairBoard(station, RecordingChime(), RecordingNotifier())
    assert len(board.chairs) == args.chairs, len(board.chairs)

    floor = median_ms(lambda: floor_read(path, ids), args.runs)
    automatic_gc = median_ms(board.reload, args.runs)
    # As the program runs (ui/app.py): the cycle collector on the UI timer, between events.
    collector = CollectBetweenEvents()
    collector.start()
    full = median_ms(lambda: (board.reload(), collector.collect()), args.runs)
    collector.stop()

    def one_chair() -> float:
        chair_actions.record_vitals(db, staff.nurse, ids[-1], NORMAL_VITALS)
        changes = db.last_changes
        start = time.perf_counter()
        board.show_changes(changes)
        return (time.perf_counter() - start) * 1000

    ops.detach()  # time show_changes by hand, not through the listener as well
    one = statistics.median(one_chair() for _ in range(args.runs))
    print(f"board of {args.chairs} chairs x {args.events} events (SQLite, WAL, FULL)")
    print(f"  floor: sqlite3 read of the same rows   {floor:8.1f} ms")
    print(
        f"  full board reload, automatic gc        {automatic_gc:8.1f} ms"
        f"  = {automatic_gc / floor:.2f}x the floor"
    )
    print(
        f"  full board reload                      {full:8.1f} ms  = {full / floor:.2f}x the floor"
        f"  (target <= 3x: {'met' if full <= 3 * floor else 'NOT met'})"
    )
    print(
        f"  one chair through the change edge      {one:8.1f} ms"
        f"  = 1/{full / one:.0f} of the reload"
        f"  (target <= 1/5: {'met' if one * 5 <= full else 'NOT met'})"
    )
    db.close()
    del app


if __name__ == "__main__":
    main()
