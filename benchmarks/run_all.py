"""Run every benchmark in sequence, one at a time (they compete for the CPU otherwise), keep
each one's full output in a folder, and print the lines that carry the targets.

    .venv/bin/python benchmarks/run_all.py [--out DIR] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Each script with its default arguments; history_scale first, since it seeds the shared file.
SCRIPTS = (
    ("history_scale", []),
    ("start_to_board", []),
    ("engine_status", []),
    ("commit_latency", []),
    ("vitals_save", []),
    ("chart_redraw", []),
    ("reading_to_chart", []),
    ("board_scale", []),
    ("pdf_export", []),
    ("alarm_latency", []),
)
KEY_WORDS = ("target", "median", "peak RSS", "batch:", "single PDF", "filter change")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="folder for the full outputs")
    parser.add_argument("--only", nargs="*", help="run only these (names without .py)")
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="nm-bench-run-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"{datetime.now():%Y-%m-%d %H:%M}, full outputs in {out}")
    failed = 0
    for name, extra in SCRIPTS:
        if args.only and name not in args.only:
            continue
        command = [sys.executable, str(HERE / f"{name}.py"), *extra]
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True)
        took = time.perf_counter() - began
        (out / f"{name}.txt").write_text(done.stdout + "\n--- stderr ---\n" + done.stderr)
        status = "ok" if done.returncode == 0 else f"FAILED ({done.returncode})"
        failed += done.returncode != 0
        print(f"\n== {name} ({took:.0f} s, {status}): {' '.join(command[1:])}")
        for line in done.stdout.splitlines():
            if any(word in line for word in KEY_WORDS):
                print(f"   {line.strip()}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
