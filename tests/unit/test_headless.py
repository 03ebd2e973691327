"""The domain runs without Qt or SQLAlchemy: the unit suite passes in a subprocess where
importing PySide6, sqlalchemy, alembic or pyqtgraph raises ImportError (as napari proves its
core headless)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCKED = ("PySide6", "sqlalchemy", "alembic", "pyqtgraph", "pytestqt")

BLOCKER = f"""
import sys

class Blocker:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BLOCKED!r}:
            raise ImportError(f"{{name}} is blocked: the domain must not need it")
        return None

sys.meta_path.insert(0, Blocker())
"""


def run_blocked(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-c", BLOCKER + code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,  # the whole unit suite again: minutes on a loaded 2-core machine
        check=False,
    )


def test_the_blocker_blocks(tmp_path: Path) -> None:
    result = run_blocked("import sqlalchemy", tmp_path)
    assert result.returncode != 0 and "sqlalchemy is blocked" in result.stderr


def test_every_domain_module_and_the_replay_import_headless(tmp_path: Path) -> None:
    modules = sorted(
        f"nurse_monitor.domain.{p.stem}"
        for p in (ROOT / "nurse_monitor" / "domain").glob("*.py")
        if p.stem != "__init__"
    )
    assert len(modules) >= 10
    code = "\n".join(f"import {m}" for m in [*modules, "nurse_monitor.replay"])
    result = run_blocked(code, tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_unit_suite_passes_headless(tmp_path: Path) -> None:
    # A minimal config: pytest-qt (blocked) is not loaded, so its ini keys would be unknown.
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    args = [
        "-q",
        "-p", "no:pytest-qt",
        "-p", "no:cacheprovider",
        "-c", str(tmp_path / "pytest.ini"),
        "--rootdir", str(ROOT),
        "--confcutdir", str(ROOT / "tests" / "unit"),
        "-W", "error::DeprecationWarning:nurse_monitor",
        str(ROOT / "tests" / "unit"),
        "--ignore", str(Path(__file__)),
    ]  # fmt: skip
    code = f"import pytest; sys.exit(pytest.main({args!r}))"
    result = run_blocked(code, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "failed" not in result.stdout
