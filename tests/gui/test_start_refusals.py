"""Issue 16 defect 10 at the desktop start: an in-memory record is refused, and a record this
station used before that is now missing is created again only when the nurse says so."""

from __future__ import annotations

from pathlib import Path

from nurse_monitor.services.database import sqlite_url_for
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.app import refuse_to_start
from nurse_monitor.ui.preferences import Preferences


def test_an_in_memory_record_is_refused_for_the_desktop(
    preferences: Preferences, shown: dialogs.RecordingDialogs
) -> None:
    refusal = refuse_to_start("sqlite://", False, preferences)
    assert refusal is not None and "in-memory" in refusal


def test_a_missing_record_this_station_used_is_not_silently_recreated(
    tmp_path: Path, preferences: Preferences, shown: dialogs.RecordingDialogs
) -> None:
    path = tmp_path / "nurse-monitor.db"
    url = sqlite_url_for(path)
    assert refuse_to_start(url, False, preferences) is None  # a first start: no question
    assert shown.shown == []
    preferences.remember_record(str(path.resolve()))
    shown.confirm_answers = [False]
    refusal = refuse_to_start(url, False, preferences)
    assert refusal is not None and "nothing was created" in refusal
    assert shown.shown[-1][0] == "confirm" and "EMPTY" in shown.shown[-1][2]
    assert not path.exists()
    shown.confirm_answers = [True]
    assert refuse_to_start(url, False, preferences) is None  # the nurse chose a new record
