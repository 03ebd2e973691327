"""The session history at scale: seed (or reuse) a 100,000-session SQLite database, then measure
how fast the history window shows its first rows and answers a filter change, against the same
rows from a hand-written sqlite3 query, and the peak memory with the window open.

Targets (issue): first rows < 100 ms, filter change median < 100 ms (later: < 50 ms and at most
2x the hand-written query), peak RSS < 300 MB. Prints figures; not part of the test run.

    .venv/bin/python benchmarks/history_scale.py [--folder DIR] [--sessions 100000] [--runs 7]

The peak memory target is checked in a fresh child process (`--window-only`) that opens only the
window, since ru_maxrss of this process also counts the seeding and the filter runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex, QSettings
from PySide6.QtWidgets import QApplication

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.history import HistoryFilter, history_page, treatment_protocol_ids
from nurse_monitor.services.seed import seed_sessions
from nurse_monitor.services.users import actor_by_username
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.review.history_model import HistoryModel
from nurse_monitor.ui.review.history_window import HistoryWindow
from nurse_monitor.ui.station import Station

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PAGE = HistoryModel.PAGE  # the window's page: both sides fetch PAGE + 1 rows, as the model does
SCROLLED_ROWS = 800  # rows scrolled into the window before the memory is read

# The same page as the service returns, written by hand: the yardstick for ORM/Core overhead.
RAW_PAGE = """
SELECT s.id, s.version, s.created_at, s.chair, s.patient_id, p.family_name, p.given_name,
       p.record_number, s.protocol_id, s.infusion_number, s.nurse_id, u.full_name,
       s.started_at, s.ended_at, s.duration_min, s.volume_infused_ml, s.highest_news2,
       s.worst_grade, s.status, s.needs_review, s.amended
FROM infusion_sessions s JOIN patients p ON p.id = s.patient_id JOIN users u ON u.id = s.nurse_id
WHERE {where}
ORDER BY s.created_at DESC, s.id DESC LIMIT {limit}
"""
RAW_COUNT = "SELECT count(*) FROM infusion_sessions s WHERE {where}"


def raw_where(f: HistoryFilter) -> tuple[str, list[object]]:
    """The filter as plain SQL (SQLite stores UTC as naive text)."""
    clauses, params = ["1 = 1"], []  # type: list[str], list[object]

    def utc(moment: datetime) -> str:
        return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")

    if f.since:
        clauses.append("s.created_at >= ?")
        params.append(utc(f.since))
    if f.until:
        clauses.append("s.created_at < ?")
        params.append(utc(f.until))
    if f.patient_text:
        needle = f.patient_text.lower()
        clauses.append(
            "s.patient_id IN (SELECT id FROM patients WHERE lower(record_number) LIKE ? "
            "OR lower(family_name) LIKE ? OR lower(given_name) LIKE ? "
            "OR lower(given_name || ' ' || family_name) LIKE ?)"
        )
        params += [f"{needle}%", f"%{needle}%", f"%{needle}%", f"%{needle}%"]
    if f.nurse_id is not None:
        clauses.append("s.nurse_id = ?")
        params.append(f.nurse_id)
    ids = treatment_protocol_ids(f.treatment)
    if ids is not None:
        clauses.append(f"s.protocol_id IN ({', '.join('?' * len(ids))})")
        params += list(ids)
    if f.min_grade is not None:
        clauses.append("s.worst_grade >= ?")
        params.append(f.min_grade)
    if f.status:
        statuses = {"in_progress": ("planned", "in_progress")}.get(f.status, (f.status,))
        clauses.append(f"s.status IN ({', '.join('?' * len(statuses))})")
        params += list(statuses)
    if f.awaiting_cosign:
        clauses.append("(s.status = 'signed' OR (s.status = 'cosigned' AND s.needs_review = 1))")
    return " AND ".join(clauses), params


def timed(action: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        began = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), result


def prepare(folder: Path, sessions: int) -> tuple[Database, Path]:
    path = folder / "history-bench.db"
    db = open_database(sqlite_url_for(path), FakeClock(NOW))
    with sqlite3.connect(path) as conn:
        have = conn.execute("SELECT count(*) FROM infusion_sessions").fetchone()[0]
    if have >= sessions:
        print(f"reusing {path} ({have:,} sessions)")
        return db, path

    def progress(done: int, total: int) -> None:
        if done % 10_000 == 0 or done == total:
            print(f"  seeded {done:,}/{total:,}", flush=True)

    report = seed_sessions(db, sessions - have, progress=progress)
    print(
        f"seed: {report.sessions:,} sessions, {report.events:,} events, {report.readings:,} "
        f"readings, {report.reactions:,} reactions, {report.amendments:,} amendments in "
        f"{report.seconds:.1f} s ({path.stat().st_size / 1e6:.0f} MB)"
    )
    return db, path


def charge_station(db: Database, path: Path) -> Station:
    """The charge nurse's station, its preferences in a file beside the record."""
    preferences = Preferences(QSettings(str(path.with_suffix(".ini")), QSettings.Format.IniFormat))
    return Station(db, db.clock, preferences, actor_by_username(db, "h.achterberg"))


def window_only(path: Path) -> int:
    """Child process: open the database and the history window (pages scrolled in up to
    SCROLLED_ROWS rows), nothing else, and print the peak RSS."""
    rss_before = peak_rss_of_this_process()
    db = open_database(sqlite_url_for(path), FakeClock(NOW))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = HistoryWindow(charge_station(db, path))
    window.show()
    app.processEvents()
    scroll_in(window)
    app.processEvents()
    rss = peak_rss_of_this_process()
    print(f"RSS {rss:.0f} {rss_before:.0f} {window.model.rowCount()}", flush=True)
    os._exit(0)  # skip teardown (PySide6 finalization abort; see chart_redraw.py)


def scroll_in(window: HistoryWindow) -> None:
    """Fetch pages as scrolling would, until SCROLLED_ROWS rows are in (or the history ends)."""
    while window.model.rowCount() < SCROLLED_ROWS and window.model.canFetchMore(QModelIndex()):
        window.model.fetchMore(QModelIndex())


def peak_rss_of_this_process() -> float:
    """VmHWM in MB: the peak of this process image. Not ru_maxrss, which Linux carries over
    from the parent across fork and exec (a child of a big parent reports the parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_of_window_only(path: Path) -> tuple[float, float, int]:
    """Peak RSS of a fresh process that only opened the window (no seeding, no filter runs)."""
    done = subprocess.run(
        [sys.executable, __file__, "--window-only", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("RSS "))
    peak, before, rows = line.split()[1:]
    return float(peak), float(before), int(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "nm-bench")
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--window-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.window_only:
        return window_only(args.window_only)
    args.folder.mkdir(parents=True, exist_ok=True)
    db, path = prepare(args.folder, args.sessions)
    charge = actor_by_username(db, "h.achterberg")
    with sqlite3.connect(path) as conn:
        nurse_id = conn.execute("SELECT id FROM users WHERE username = 'e.vasquez'").fetchone()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    app = QApplication.instance() or QApplication(sys.argv)
    began = time.perf_counter()
    window = HistoryWindow(charge_station(db, path))
    first_rows = (time.perf_counter() - began) * 1000
    window.show()
    app.processEvents()
    shown = (time.perf_counter() - began) * 1000
    print(f"first rows: {first_rows:.1f} ms (window built and first page in); shown {shown:.1f} ms")
    scroll_in(window)
    print(f"rows in the view after scrolling: {window.model.rowCount()}")

    month = NOW - timedelta(days=30)
    filters = {
        "patient 'morg'": HistoryFilter(patient_text="morg"),
        "record number prefix": HistoryFilter(patient_text="seed-00001"),
        "nurse": HistoryFilter(nurse_id=nurse_id[0]),
        "drug natalizumab": HistoryFilter(treatment="natalizumab"),
        "grade >= 2": HistoryFilter(min_grade=2),
        "status signed": HistoryFilter(status="signed"),
        "awaiting co-sign": HistoryFilter(awaiting_cosign=True),
        "last 30 days": HistoryFilter(since=month),
        "30 days + ocrevus + grade>=1": HistoryFilter(
            since=month, treatment="ocrelizumab", min_grade=1
        ),
    }
    raw = sqlite3.connect(path)
    model_ms, page_ms, raw_ms, raw_total_ms = [], [], [], []
    print(f"\n{'filter':32} {'rows':>7} {'window':>8} {'page':>7} {'sqlite3':>8} {'ratio':>6}")
    for name, f in filters.items():
        window_median, _ = timed(lambda f=f: window.model.set_filter(f), args.runs)
        service_median, page = timed(
            lambda f=f: history_page(db, charge, f, offset=0, limit=PAGE + 1), args.runs
        )
        where, params = raw_where(f)
        sql = RAW_PAGE.format(where=where, limit=PAGE + 1)
        raw_median, raw_rows = timed(
            lambda sql=sql, params=params: raw.execute(sql, params).fetchall(), args.runs
        )
        count_sql = RAW_COUNT.format(where=where)
        count_median, _ = timed(
            lambda sql=count_sql, params=params: raw.execute(sql, params).fetchone(), args.runs
        )
        assert [r.session_id for r in page] == [r[0] for r in raw_rows], name  # type: ignore
        model_ms.append(window_median)
        page_ms.append(service_median)
        raw_ms.append(raw_median)
        raw_total_ms.append(raw_median + count_median)
        print(
            f"{name:32} {window.model.total():>7,} {window_median:>6.1f}ms {service_median:>5.1f}ms"
            f" {raw_median:>6.1f}ms {service_median / max(raw_median, 0.01):>5.1f}x"
        )
    print(
        f"\nfilter change (window: count + first page) median {statistics.median(model_ms):.1f} ms"
        f"; hand-written sqlite3 count + page median {statistics.median(raw_total_ms):.1f} ms"
    )
    print(
        f"first page alone: service median {statistics.median(page_ms):.1f} ms, sqlite3 median "
        f"{statistics.median(raw_ms):.1f} ms"
    )
    window_ratio = statistics.median(model_ms) / statistics.median(raw_total_ms)
    page_ratio = statistics.median(page_ms) / statistics.median(raw_ms)
    for name, ratio in (("window vs sqlite3 count + page", window_ratio), ("page", page_ratio)):
        verdict = "met" if ratio <= 2 else "NOT met"
        print(f"target: {name} at most 2x (ratio of medians): {verdict} ({ratio:.2f}x)")
    median_window = statistics.median(model_ms)
    verdict = "met" if median_window < 50 else "NOT met"
    print(f"target: filter change median < 50 ms: {verdict} ({median_window:.1f} ms)")
    print("\nEXPLAIN QUERY PLAN (hand-written page query):")
    for name in ("patient 'morg'", "grade >= 2", "30 days + ocrevus + grade>=1"):
        where, params = raw_where(filters[name])
        plan = raw.execute(
            "EXPLAIN QUERY PLAN " + RAW_PAGE.format(where=where, limit=PAGE + 1), params
        ).fetchall()
        print(f"  {name}: " + " | ".join(str(step[3]) for step in plan))
    for key in ("news2", "duration", "patient"):
        from nurse_monitor.services.history import HistorySort

        sort_ms, _ = timed(
            lambda key=key: history_page(
                db, charge, HistoryFilter(), HistorySort(key), 0, PAGE + 1
            ),
            args.runs,
        )
        print(f"sort by {key}: {sort_ms:.1f} ms (first page)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\npeak RSS of this process (seeding, if any, and every filter above included): "
        f"{rss:.0f} MB (before Qt: {rss_before:.0f} MB)"
    )
    window.close()
    db.close()
    peak, before, rows = rss_of_window_only(path)
    print(
        f"peak RSS of a fresh process that only opened the history window ({rows} rows in): "
        f"{peak:.0f} MB (interpreter + imports before opening: {before:.0f} MB)  "
        f"(target < 300 MB: {'met' if peak < 300 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
