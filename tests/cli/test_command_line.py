"""The command line: version, database commands, headless message, training clock speed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nurse_monitor import __version__
from nurse_monitor.cli import HEADLESS_HELP, main
from nurse_monitor.services.database import sqlite_url_for


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"nurse-monitor {__version__}"


def test_db_upgrade_then_check_reports_no_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url_for(tmp_path / "cli.db")
    assert main(["--database-url", url, "db", "upgrade"]) == 0
    assert "is at schema" in capsys.readouterr().out
    assert main(["--database-url", url, "db", "check"]) == 0
    assert "No drift" in capsys.readouterr().out


def test_db_check_on_an_unmigrated_database_says_upgrade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_url_for(tmp_path / "empty.db")
    assert main(["--database-url", url, "db", "check"]) == 1
    assert "nurse-monitor db upgrade" in capsys.readouterr().out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the X11/Wayland check")
def test_no_display_gives_a_message_not_a_qt_abort(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["NURSE_MONITOR_DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "nurse_monitor", "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert HEADLESS_HELP.splitlines()[0] in done.stderr
    assert "Aborted" not in done.stderr


@pytest.mark.parametrize("speed", ["0", "-3", "fast"])
def test_clock_speed_must_be_a_positive_number(
    speed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--clock-speed", speed, "db", "check"])
    assert done.value.code == 2
    assert "--clock-speed" in capsys.readouterr().err
