"""The service's unit of work for one vital-signs save, alone: `record_vitals` as the station
calls it (inside an action id, expected version given), on a session already holding
`--readings` readings, on a SQLite file (WAL, synchronous=FULL), beside a bare sqlite3
INSERT + COMMIT on a file of its own (the floor `reading_to_chart.py` uses). No Qt.

"its CPU time" is the thread's own CPU time during the save (time.thread_time): the part of the
figure the code decides, less the waits (fsync, the other programs on a shared machine).
`--profile N`: cProfile N more saves and print the top functions by cumulative time.
Prints figures; not part of the test run.

    .venv/bin/python benchmarks/vitals_save.py [--readings 300] [--runs 50] [--profile 0]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_status import figures, long_session

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import action_ids, chair_actions
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.storage.engine import sqlite_url
from tests.services.chair_walk import NORMAL_VITALS
from tests.storage.conftest import Staff


def one_save(
    db: Database, clock: FakeClock, staff: Staff, session_id: int, version: int, action_id: str
) -> int:
    """One save as the station performs it: inside its action (id made before), version given."""
    clock.advance(minutes=1)
    with db.actions.performing(action_id, "record_vitals", staff.nurse.user_id):
        chair_actions.record_vitals(
            db, staff.nurse, session_id, NORMAL_VITALS, expected_version=version
        )
    return db.last_changes.sessions[0].version or version + 1


def floor(folder: Path, runs: int) -> list[float]:
    conn = sqlite3.connect(folder / "floor.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS r (id INTEGER PRIMARY KEY, at TEXT, v REAL)")
    spent = []
    for i in range(runs):
        t0 = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO r (at, v) VALUES (?, ?)", (str(i), 1.0 * i))
        conn.execute("COMMIT")
        spent.append(time.perf_counter() - t0)
    conn.close()
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readings", type=int, default=300)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", type=int, default=0, help="saves to profile afterwards")
    parser.add_argument("--url", default=None, help="a database URL instead of a SQLite file")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="nm-vitals-save-"))
    clock = FakeClock()
    db = open_database(args.url or sqlite_url(folder / "save.db"), clock)
    staff, session_id = long_session(db, clock, readings=args.readings)
    version = chair_view(db, staff.nurse, session_id).session.version
    for _ in range(3):  # warm-up
        version = one_save(db, clock, staff, session_id, version, action_ids.new_action_id())
    spent, cpu = [], []
    for _ in range(args.runs):
        action_id = action_ids.new_action_id()  # the station makes it before the first attempt
        t0, c0 = time.perf_counter(), time.thread_time()
        version = one_save(db, clock, staff, session_id, version, action_id)
        spent.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
    bare = floor(folder, args.runs)
    print(f"{args.readings} readings, {args.runs} saves ({db.engine.dialect.name})")
    print(f"{'record_vitals (unit of work)':32} {figures(spent)}")
    print(f"{'  its CPU time (this thread)':32} {figures(cpu)}")
    print(f"{'bare sqlite3 INSERT+COMMIT':32} {figures(bare)}")
    print(f"ratio of medians: {statistics.median(spent) / statistics.median(bare):.1f}x")
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.profile):
            version = one_save(db, clock, staff, session_id, version, action_ids.new_action_id())
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
