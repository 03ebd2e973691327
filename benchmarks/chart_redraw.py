"""How long the vitals chart takes to redraw after a save, with a long session on it.

Measures `VitalsChart.show_data` alone (what a save costs the event loop) and show_data plus a
synchronous repaint of the 800x450 chart (what the nurse waits for). Target: median < 16 ms
with 300 readings. Prints figures; not part of the test run.

Three cases, each after 5 warm-up runs:
  alternating   300 and 299 readings in turn, `now` fixed (the original figure: the time axis
                stays put, so only the data change)
  appended      one reading more each run, `now` moving to it as after a real save: the time
                axis moves, so every tick, marker and label is placed again (300 readings and up)
  other session all 300 readings replaced by another session's, which starts 7 minutes later
                (a full redraw, as when the workstation switches chairs)

    .venv/bin/python benchmarks/chart_redraw.py [--readings 300] [--runs 100]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

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


def other_session(
    count: int,
) -> tuple[list[ReadingRecord], list[tuple[datetime, float]], list[ChartMarker]]:
    """Another chair's session: the same shape, other values, 7 minutes later."""
    readings, rates, markers = session(count)
    shift = timedelta(minutes=7)
    moved = [
        replace(r, taken_at=r.taken_at + shift, heart_rate=(r.heart_rate or 0) + 3, spo2=97)
        for r in readings
    ]
    return (
        moved,
        [(at + shift, rate) for at, rate in rates],
        [replace(m, at=m.at + shift) for m in markers],
    )


def timed(chart: VitalsChart, calls: list[tuple[Any, ...]]) -> tuple[list[float], list[float]]:
    """Time show_data and show_data + repaint for each call; the first 5 are warm-up."""
    show_only: list[float] = []
    with_paint: list[float] = []
    for run, args in enumerate(calls):
        started = time.perf_counter()
        chart.show_data(*args)
        shown = time.perf_counter()
        chart.view.viewport().repaint()
        painted = time.perf_counter()
        if run >= 5:
            show_only.append(shown - started)
            with_paint.append(painted - started)
    return show_only, with_paint


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

    # One reading appended per run, `now` following it: the session grows as it does at a chair.
    total = args.readings + args.runs + 5
    grown, grown_rates, grown_markers = session(total)
    appended_calls = []
    for count in range(args.readings, total):
        saved_at = grown[count - 1].taken_at + timedelta(seconds=30)
        appended_calls.append(
            (
                grown[:count],
                [step for step in grown_rates if step[0] <= saved_at],
                [m for m in grown_markers if m.at <= saved_at],
                saved_at,
            )
        )
    appended_chart = VitalsChart()
    appended_chart.resize(800, 450)
    appended_chart.show()
    first = appended_calls[0]
    appended_chart.show_data(grown[: args.readings - 1], first[1], first[2], first[3])
    app.processEvents()
    appended = timed(appended_chart, appended_calls)

    # Every reading replaced: two sessions shown in turn.
    other = (*other_session(args.readings), now + timedelta(minutes=7))
    this = (readings, rates, markers, now)
    switching = timed(chart, [other if run % 2 == 0 else this for run in range(args.runs + 5)])

    platform = QApplication.platformName()
    print(f"VitalsChart 800x450, {args.readings} readings, {args.runs} runs, platform {platform}")
    print(f"  show_data only:           {milliseconds(show_only)}")
    print(f"  show_data + repaint:      {milliseconds(with_paint)}")
    target = statistics.median(with_paint) * 1000
    print(f"  target median < 16 ms:    {'met' if target < 16 else 'NOT met'} ({target:.2f} ms)")
    timed_from = args.readings + 5  # after the warm-up runs
    print(
        f"One reading appended a minute later, as in the app ({timed_from} to {total - 1} "
        "readings):"
    )
    print(f"  show_data only:           {milliseconds(appended[0])}")
    print(f"  show_data + repaint:      {milliseconds(appended[1])}")
    print(f"Other session shown (all {args.readings} readings replaced, time axis moving):")
    print(f"  show_data only:           {milliseconds(switching[0])}")
    print(f"  show_data + repaint:      {milliseconds(switching[1])}")
    sys.stdout.flush()
    # Skip interpreter teardown: PySide6 6.12.0 on Python 3.11 over-releases True on every
    # Python-side signal emit, and finalization then aborts (see the report with this file).
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
