"""How long the session PDF takes: one ~4-hour session with a reaction, and a batch of 1,000.

Targets (the export issue): one session in under 300 ms; 1,000 sessions in under 3 minutes.

The record is made through the services, as at the chair (tests/reports/conftest.py: check-in
09:00, a mild reaction at 10:10, medicines, resolution, titration to the end, observation,
discharge 13:44, signature, an amendment). The batch exports `--sessions` files through
`services.exports.export_session` (chair_view read, PDF with chart, atomic write, audit entry):
`--distinct` different recorded sessions, the rest repeat them round-robin, each to its own
file. Every file costs the same work whether its session is a copy or not, since nothing is
cached between exports. Prints figures; not part of the test run.

    .venv/bin/python benchmarks/pdf_export.py [--sessions 1000] [--distinct 20] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import exports, patients
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.ui.export.session_pdf import SessionPdfRenderer
from tests.reports.conftest import record_whole_session
from tests.services.conftest import ALICE
from tests.storage.conftest import make_staff


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--distinct", type=int, default=20)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    app = QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="pdf-bench-"))
    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    db = open_database(sqlite_url_for(folder / "record.db"), clock)
    staff = make_staff(db)
    started = time.perf_counter()
    ids = []
    for n in range(args.distinct):
        patient = patients.register_patient(
            db,
            staff.nurse,
            patients.NewPatient(
                **{**ALICE.__dict__, "record_number": f"MRN-{300000 + n}"},
            ),
        )
        clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        ids.append(
            record_whole_session(db, staff, patient, clock, f"Chair {n % 12 + 1}").session_id
        )
    took = time.perf_counter() - started
    print(f"recorded {len(ids)} sessions through the services in {took:.1f} s")

    view = chair_view(db, staff.charge, ids[0])
    span = (view.status.observation_ends_at or view.now) - view.timeline[0].event.occurred_at
    print(
        f"one session: {span} from check-in to end of observation, {len(view.readings)} readings, "
        f"{len(view.timeline)} entries, {len(view.reactions)} reaction"
    )
    render = SessionPdfRenderer("Benchmark Infusion Unit", "A4", staff.charge.signature, clock.now)
    first = time.perf_counter()
    render(view)
    print(f"first PDF (chart widget built): {(time.perf_counter() - first) * 1000:.0f} ms")
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        data = render(chair_view(db, staff.charge, ids[0]))
        times.append((time.perf_counter() - t) * 1000)
    print(
        f"single PDF (read + render), {args.runs} runs: median {statistics.median(times):.0f} ms, "
        f"max {max(times):.0f} ms, {len(data) / 1024:.0f} KiB  (target < 300 ms)"
    )

    out = folder / "out"
    out.mkdir()
    t = time.perf_counter()
    failed = 0
    for n in range(args.sessions):
        session_id = ids[n % len(ids)]
        try:
            exports.export_session(
                db, staff.charge, session_id, out / f"{n:05d}-{session_id}.pdf", render, "pdf"
            )
        except Exception as exc:  # a benchmark counts failures, it does not stop
            failed += 1
            print(f"  {session_id}: {exc}")
    total = time.perf_counter() - t
    print(
        f"batch: {args.sessions} PDFs (audited, atomic) in {total:.1f} s, "
        f"{total / args.sessions * 1000:.0f} ms each, {failed} failed  (target < 180 s for 1000)"
    )
    render.close()
    db.close()
    del app


if __name__ == "__main__":
    main()
