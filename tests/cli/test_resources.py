"""Every file the program refers to is where paths.py says, and the bundle carries it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from nurse_monitor import paths

ROOT = Path(__file__).resolve().parents[2]


def test_every_referenced_resource_exists() -> None:
    for relative in (
        "icons/nurse-monitor.svg",
        "icons/nurse-monitor.png",
        "icons/nurse-monitor.ico",
    ):
        assert paths.resource(relative).is_file()
    assert sorted(p.stem for p in paths.protocols_dir().glob("*.toml")) == [
        "natalizumab",
        "ocrevus-iv-initial",
        "ocrevus-iv-short",
        "ocrevus-iv-standard",
        "ocrevus-zunovo-sc",
        "rituximab-first",
        "rituximab-subsequent",
    ]
    assert (paths.migrations_dir() / "env.py").is_file()
    assert list((paths.migrations_dir() / "versions").glob("*.py"))


def test_a_missing_resource_is_a_clear_error() -> None:
    with pytest.raises(FileNotFoundError, match="resource missing from this installation"):
        paths.resource("icons/no-such-icon.svg")


def test_the_bundle_carries_resources_and_migrations_as_data() -> None:
    spec = (ROOT / "build.spec").read_text()
    assert re.search(r'root / "resources"\), "resources"', spec)
    assert re.search(r'root / "migrations"\), "migrations"', spec)
    for module in ("PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets"):
        assert f'"{module}"' in spec  # pyqtgraph imports them dynamically
