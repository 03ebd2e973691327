"""`nurse-monitor db verify` at scale: seed (or reuse) a SQLite record, then time the chain walk
against a plain sequential read of the same rows.

Target (issue 16, defect 7b): a 100,000-session record verified in at most 3x the time of a
plain sequential read of the same rows. Two floors are printed: the same typed SQLAlchemy query
the walk uses, only iterated (the target's floor), and raw sqlite3 fetching the same columns.
Prints figures; not part of the test run.

    .venv/bin/python benchmarks/verify_chain.py [--folder DIR] [--sessions 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.record_admin import verify_record
from nurse_monitor.services.seed import seed_sessions
from nurse_monitor.storage.record_chain import FORMS

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def typed_read(db: Database) -> int:
    """The walk's own query, rows only: what any reader of the record pays."""
    count = 0
    with db.engine.connect() as conn, conn.begin():
        for form in FORMS.values():
            table = form.table
            query = select(*form.columns, table.c.chain_hash).order_by(table.c.id)
            for _row in conn.execution_options(yield_per=5000).execute(query):
                count += 1
    return count


def raw_read(path: Path) -> int:
    count = 0
    with sqlite3.connect(path) as conn:
        for form in FORMS.values():
            names = ", ".join([*form.names, "chain_hash"])
            for _row in conn.execute(f"SELECT {names} FROM {form.table.name} ORDER BY id"):
                count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=None, help="keep the seeded record here")
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="nm-verify-"))
    path = folder / f"verify-{args.sessions}.db"
    db = open_database(sqlite_url_for(path), FakeClock(NOW))
    try:
        with db.read() as s:
            have = s.execute(select(FORMS["session_events"].table.c.id).limit(1)).first()
        if have is None:
            began, began_cpu = time.perf_counter(), time.process_time()
            seed_sessions(db, args.sessions)
            seconds, cpu_seconds = time.perf_counter() - began, time.process_time() - began_cpu
            print(f"seeded {args.sessions} sessions in {seconds:.0f} s ({cpu_seconds:.0f} s CPU)")
        # Wall time, and this process's CPU time: on a shared machine the CPU time is the
        # fairer comparison (the walk and the reads are CPU-bound once the file is cached).
        wall: dict[str, list[float]] = {"verify": [], "typed": [], "raw": []}
        cpu: dict[str, list[float]] = {"verify": [], "typed": [], "raw": []}
        rows = 0
        report = None
        for _ in range(args.runs):  # the three take turns, so drift hits each alike
            for name in ("typed", "raw", "verify"):
                began, began_cpu = time.perf_counter(), time.process_time()
                if name == "typed":
                    rows = typed_read(db)
                elif name == "raw":
                    raw_read(path)
                else:
                    report = verify_record(db)
                wall[name].append(time.perf_counter() - began)
                cpu[name].append(time.process_time() - began_cpu)
        assert report is not None and report.intact, report and report.summary()
        print(report.summary())
        print(f"rows walked: {rows:,} ({args.sessions:,} sessions, {path.stat().st_size >> 20} MB)")
        met = True
        for label, figures in (("wall", wall), ("CPU", cpu)):
            verify_m, typed_m, raw_m = (
                statistics.median(figures[n]) for n in ("verify", "typed", "raw")
            )
            print(f"[{label}] db verify: {verify_m:.2f} s (median of {args.runs})")
            print(f"[{label}] plain typed read: {typed_m:.2f} s -> {verify_m / typed_m:.2f}x")
            print(f"[{label}] raw sqlite3 read: {raw_m:.2f} s -> {verify_m / raw_m:.2f}x")
            met = met and verify_m <= 3 * typed_m
        print(f"target: at most 3x the plain read: {'met' if met else 'NOT met'}")
    finally:
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
