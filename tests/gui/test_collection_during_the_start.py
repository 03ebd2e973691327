"""The desktop starts with Python's automatic cycle collection off, from before its imports
(cli.main) through the sign-in, the window and the event loop: the collector's timer collects
from the sign-in on (ui/garbage_collection.py), and automatic collection is back once the
program returns."""

from __future__ import annotations

import gc
from pathlib import Path
from unittest import mock

import pytest

from nurse_monitor import cli
from nurse_monitor.clock import SystemClock
from nurse_monitor.services.database import sqlite_url_for
from nurse_monitor.ui import app as desktop
from nurse_monitor.ui.garbage_collection import CollectBetweenEvents


@pytest.fixture(autouse=True)
def collection_back_on():
    yield
    gc.enable()  # whatever a failing test left


def test_the_command_line_turns_automatic_collection_off_before_the_desktop(
    tmp_path: Path,
) -> None:
    seen: list[bool] = []

    def desktop_start(url: str, clock: object, *, demo: bool) -> int:
        seen.append(gc.isenabled())
        return 0

    url = sqlite_url_for(tmp_path / "record.db")
    with mock.patch("nurse_monitor.ui.app.run_app", side_effect=desktop_start):
        assert cli.main(["--database-url", url]) == 0
    assert seen == [False]
    assert gc.isenabled()


def test_the_sign_in_runs_with_the_collector_on_its_timer(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    at_sign_in: list[tuple[bool, bool]] = []

    def nobody_signs_in(db: object) -> None:
        collectors = qapp.findChildren(CollectBetweenEvents)
        at_sign_in.append((gc.isenabled(), any(c.timer.isActive() for c in collectors)))
        return None

    monkeypatch.setattr(desktop, "ask_who_is_signing_in", nobody_signs_in)
    url = sqlite_url_for(tmp_path / "record.db")
    assert desktop.run_app(url, SystemClock(), demo=False) == 0
    assert at_sign_in == [(False, True)]
    assert gc.isenabled()
    assert not any(c.timer.isActive() for c in qapp.findChildren(CollectBetweenEvents))
