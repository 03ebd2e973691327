"""`nurse-monitor --self-test` in a real process: one marker line and exit 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from nurse_monitor.self_test import MARKER


def test_the_self_test_passes_in_a_fresh_process(tmp_path: Path) -> None:
    env = dict(os.environ, NURSE_MONITOR_DATA_DIR=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "nurse_monitor", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(MARKER)
    assert "propagateSizeHints" not in done.stderr
