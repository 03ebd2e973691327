"""How long the vitals chart takes to redraw after a save, with a long session on it.

Measures `VitalsChart.show_data` alone (what a save costs the event loop) and show_data plus a
synchronous repaint of the 800x450 chart (what the nurse waits for). Target: median < 16 ms
with 300 readings. Prints figures; not part of the test run.

    .venv/bin/python benchmarks/chart_redraw.py [--readings 300] [--runs 100]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from nurse_monitor.services.chair_view import ReadingRecord
from nurse_monitor.ui.vitals.vitals_chart import ChartMarker, VitalsChart

START = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def session(
    count: int,
) -> tuple[list[ReadingRecord], list[tuple[datetime, float]], list[ChartMarker]]:
    """`count` readings a minute apart with a wobble, rate steps every 30 min, a few markers."""
    readings = [
        ReadingRecord(
            id=i,
            taken_at=START + timedelta(minutes=i),
            systolic=120 + (i * 7) % 25 - 12,
            diastolic=76 + (i * 3) % 9 - 4,
            heart_rate=72 + (i * 5) % 30,
            respiratory_rate=14 + i % 6,
            temperature_c=36.5 + (i % 10) / 10,
            spo2=94 + i % 5,
            on_oxygen=False,
            consciousness="alert",
            pain=None,
            news2_total=1,
            news2_band="low",
            note="",
            recorded_by="Benchmark",
            parameter_scores={},
        )
        for i in range(count)
    ]
    rates = [(START + timedelta(minutes=30 * k), 30.0 * (k + 1)) for k in range(count // 30 + 1)]
    markers = [ChartMarker(START, "premedication", "Methylprednisolone 100 mg")]
    markers += [ChartMarker(at, "rate", f"{rate:g}") for at, rate in rates[1:]]
    markers.append(ChartMarker(START + timedelta(minutes=count // 3), "reaction", "Reaction"))
    return readings, rates, markers


def milliseconds(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (
        f"median {statistics.median(ordered) * 1000:6.2f} ms   p95 {p95 * 1000:6.2f} ms   "
        f"max {ordered[-1] * 1000:6.2f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readings", type=int, default=300)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    chart = VitalsChart()
    chart.resize(800, 450)
    chart.show()
    app.processEvents()
    readings, rates, markers = session(args.readings)
    now = readings[-1].taken_at + timedelta(minutes=5)

    show_only: list[float] = []
    with_paint: list[float] = []
    for run in range(args.runs + 5):  # 5 warm-up runs
        # Each save adds a reading: redraw with one more (or one fewer) reading than before.
        batch = readings[: args.readings - (run % 2)]
        started = time.perf_counter()
        chart.show_data(batch, rates, markers, now)
        shown = time.perf_counter()
        chart.view.viewport().repaint()
        painted = time.perf_counter()
        if run >= 5:
            show_only.append(shown - started)
            with_paint.append(painted - started)

    platform = QApplication.platformName()
    print(f"VitalsChart 800x450, {args.readings} readings, {args.runs} runs, platform {platform}")
    print(f"  show_data only:           {milliseconds(show_only)}")
    print(f"  show_data + repaint:      {milliseconds(with_paint)}")
    target = statistics.median(with_paint) * 1000
    print(f"  target median < 16 ms:    {'met' if target < 16 else 'NOT met'} ({target:.2f} ms)")
    sys.stdout.flush()
    # Skip interpreter teardown: PySide6 6.12.0 on Python 3.11 over-releases True on every
    # Python-side signal emit, and finalization then aborts (see the report with this file).
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
