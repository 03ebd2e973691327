"""A pump report with the chair's workspace open: the station's main-thread time per report.

One running session on a SQLite file, its pump bound, `--hours` of one report a simulated
minute already kept (as at the pump ingest benchmark's 60x: a report a second), vital signs every
15 minutes. The station is the desktop's main window (the chair board) with the chair's
workspace open on screen. Each report is committed (not timed: the pump listener's process does
that off the main thread), then the change edge hands the gathered pump reports to every screen
(`StationOps` once a second; called directly here) and that is timed: the board judging the
pump's alarms and the workspace refreshing its pump panel and chart.

Floor, in the same run: the same with the workspace closed (the board alone). Prints medians and
95th percentiles in ms, their ratio, and the load average. Not part of the test run.

    .venv/bin/python benchmarks/pump_report_workspace.py [--hours 2] [--reports 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.services.pump_binding import bind_pump
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
from nurse_monitor.ui.main_window import MainWindow
from tests.plugins.databases import make_staff
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.services.conftest import ALICE
from tests.services.test_pump_link import pcd01

PUMP = "E0002"  # the fixture message's pump


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hours", type=float, default=2.0)
    parser.add_argument("--reports", type=int, default=40, help="timed reports per part")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="pump-report-ws-"))
    clock = FakeClock()
    db = open_database(sqlite_url_for(folder / "record.db"), clock)
    staff = make_staff(db)
    from nurse_monitor.services.patients import register_patient

    alice = register_patient(db, staff.nurse, ALICE)
    session_id = running_session(db, staff.nurse, alice, clock)
    bind_pump(db, staff.nurse, session_id, PUMP)
    for minute in range(int(args.hours * 60)):
        clock.advance(minutes=1)
        if minute % 15 == 0:
            chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
        rate = 30 if minute < 30 else 60
        receive_message(db, pcd01(rate, alice.record_number, f"seed{minute}"))

    window = MainWindow(
        db, clock, actor=staff.nurse, chime=RecordingChime(), notifier=RecordingNotifier()
    )
    window.resize(1366, 768)
    window.show()
    ops = window.station.ops
    ops.pump_reports_timer.stop()

    def timed(tag: str) -> list[float]:
        ms = []
        for n in range(args.reports):
            clock.advance(minutes=1)
            receive_message(db, pcd01(60 + n % 2, alice.record_number, f"{tag}{n}"))
            ops.pump_reports_timer.stop()  # handed on here, timed
            app.processEvents()
            start = time.perf_counter()
            ops._on_pump_reports_timer_timeout()
            app.processEvents()  # the repaint the change asked for
            ms.append((time.perf_counter() - start) * 1000)
        return ms

    board_alone = timed("b")
    workspace = window.open_session(session_id)
    workspace.stop_live_updates()
    app.processEvents()
    with_workspace = timed("w")
    print(f"load average {os.getloadavg()[0]:.2f}; {args.hours:g} h of reports kept")
    for name, ms in (("board alone (floor)", board_alone), ("board + workspace", with_workspace)):
        p95 = statistics.quantiles(ms, n=20)[-1]
        print(f"{name:22s} median {statistics.median(ms):6.1f} ms  95th {p95:6.1f} ms")
    ratio = statistics.median(with_workspace) / statistics.median(board_alone)
    print(f"workspace open / board alone: {ratio:.2f}x")
    window.close()
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
