"""How long one recorded action takes to be durable: `record_vitals` through the service on a
SQLite file with WAL and synchronous=FULL (the shipped PRAGMAs), from the call to the return after
COMMIT, early in a session and late in a long one.

The floor beside it is the same durability by hand: one INSERT and COMMIT with the sqlite3
module on a WAL, synchronous=FULL file in the same folder, i.e. what the disk's fsync costs.
The file must be on a real disk: the script prints the file system of the folder and warns on
tmpfs. Target (issue): median < 10 ms. Prints figures; not part of the test run.

    .venv/bin/python benchmarks/commit_latency.py [--runs 100] [--long 300] [--folder DIR]
"""

from __future__ import annotations

import argparse
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
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from tests.services.chair_walk import NORMAL_VITALS


def file_system(folder: Path) -> str:
    """The mount and type holding `folder` (longest matching mount point in /proc/mounts)."""
    best, kind = "", "unknown"
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return kind
    target = str(folder.resolve())
    for line in mounts:
        _device, point, fstype, *_ = line.split()
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fstype
    return f"{kind} on {best}"


def service_commits(
    db: Database, clock: FakeClock, nurse: Actor, session_id: int, runs: int
) -> list[float]:
    """`runs` readings through the service, a minute apart; seconds per call."""
    samples = []
    for _ in range(runs):
        clock.advance(minutes=1)
        began = time.perf_counter()
        chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
        samples.append(time.perf_counter() - began)
    return samples


def raw_commits(path: Path, runs: int) -> list[float]:
    """The floor: one INSERT + COMMIT by hand, WAL and synchronous=FULL, same folder."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, at TEXT, payload TEXT)")
    samples = []
    for n in range(runs + 5):
        began = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t (at, payload) VALUES (?, ?)", (str(n), "{}" * 40))
        conn.execute("COMMIT")
        if n >= 5:
            samples.append(time.perf_counter() - began)
    conn.close()
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100, help="timed commits per case")
    parser.add_argument("--long", type=int, default=300, help="readings before the late case")
    parser.add_argument("--folder", type=Path, default=None, help="where the SQLite files go")
    args = parser.parse_args(argv)
    folder = args.folder or Path(tempfile.mkdtemp(prefix="nm-commit-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    where = file_system(folder)
    print(f"folder {folder} ({where})")
    if where.startswith("tmpfs") or where.startswith("ramfs"):
        print("  WARNING: memory file system, fsync costs nothing here; use --folder on a disk")

    clock = FakeClock()
    db = open_database(sqlite_url_for(folder / "commit.db"), clock)
    with db.engine.connect() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous")
        }
    print(f"PRAGMAs as the app sets them: {pragmas} (synchronous 2 = FULL)")
    staff, session_id = long_session(db, clock, readings=1)
    early_start = len(chair_view(db, staff.nurse, session_id).timeline)
    early = service_commits(db, clock, staff.nurse, session_id, args.runs)
    # Grow the session to --long readings, untimed, then time the same action again.
    have = len(chair_view(db, staff.nurse, session_id).readings)
    service_commits(db, clock, staff.nurse, session_id, max(args.long - have, 0))
    late_start = len(chair_view(db, staff.nurse, session_id).timeline)
    late = service_commits(db, clock, staff.nurse, session_id, args.runs)
    floor = raw_commits(folder / "floor.db", args.runs)
    db.close()

    early_ms = statistics.median(early) * 1000
    late_ms = statistics.median(late) * 1000
    floor_ms = statistics.median(floor) * 1000
    print(f"\n{'record_vitals through the service':52} figures ({args.runs} commits each)")
    label = f"  early: events {early_start}..{early_start + args.runs}"
    print(f"{label:52} {figures(early)}   {early_ms / floor_ms:4.1f}x floor")
    label = f"  late:  events {late_start}..{late_start + args.runs}"
    print(f"{label:52} {figures(late)}   {late_ms / floor_ms:4.1f}x floor")
    print(f"{'floor: sqlite3 INSERT + COMMIT (WAL, FULL)':52} {figures(floor)}")
    for name, value in (("early", early_ms), ("late", late_ms)):
        verdict = "met" if value < 10 else "NOT met"
        print(f"target: commit median < 10 ms ({name}): {verdict} ({value:.2f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
