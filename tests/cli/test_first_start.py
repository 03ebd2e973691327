"""First start on a fresh machine: the missing xcb libraries named with their apt-get line, and
`make run` installing only what the app needs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from nurse_monitor import first_start_check
from nurse_monitor.cli import EXIT_REFUSED, main

ROOT = Path(__file__).resolve().parents[2]


def test_missing_xcb_libraries_print_the_exact_install_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    code = first_start_check.main("linux", {}, found=lambda library: library not in absent)
    assert code == first_start_check.EXIT_MISSING
    err = capsys.readouterr().err
    assert "sudo apt-get install -y libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1\n" in err
    assert "Reinstalling" not in err


def test_nothing_printed_when_all_present_or_not_on_xcb(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert first_start_check.main("linux", {}, found=lambda _library: True) == 0
    nothing = lambda _library: False  # noqa: E731
    assert first_start_check.main("darwin", {}, found=nothing) == 0
    assert first_start_check.main("linux", {"QT_QPA_PLATFORM": "offscreen"}, found=nothing) == 0
    assert first_start_check.main("linux", {"QT_QPA_PLATFORM": "xcb"}, found=nothing) == 3
    assert capsys.readouterr().err.count("apt-get install") == 1


def test_the_check_names_the_libraries_the_readme_names() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for package in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"):
        assert package in first_start_check.XCB_PLUGIN_LIBRARIES.values()
        assert package in readme


def test_the_app_stops_with_the_install_line_before_qt_starts(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(first_start_check, "loads", lambda library: "cursor" not in library)
    assert main(["--demo"]) == EXIT_REFUSED
    assert "sudo apt-get install -y libxcb-cursor0" in capsys.readouterr().err


def test_the_check_runs_with_the_standard_library_alone() -> None:
    """`make run` calls it with the system Python, before anything is installed."""
    done = subprocess.run(
        [sys.executable, "-S", "-m", "nurse_monitor.first_start_check"],
        cwd=ROOT,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_installs_the_app_alone_and_make_test_adds_the_dev_extra(tmp_path: Path) -> None:
    venv = tmp_path / "venv"

    def planned(target: str) -> str:
        done = subprocess.run(
            ["make", "-n", target.replace(".venv", str(venv)), f"VENV={venv}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    run = planned("run")
    assert "nurse_monitor.first_start_check" in run
    assert "pip install --quiet -e .\n" in run
    assert "[dev]" not in run
    assert run.index("first_start_check") < run.index("pip install")
    assert '-e ".[dev]"' in planned("test")
    assert '-e ".[dev]"' in planned(".venv/.installed")  # what .ci/run makes


def test_the_license_is_an_spdx_string() -> None:
    """setuptools warns about `project.license` as a table (PEP 639)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(project["license"], str)
