"""GUI fixtures: SQLite only, station settings in a temporary INI, recorded chime and dialogs.

The dangling-QTimer check is the root conftest's (it covers every test that uses `qapp`)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from nurse_monitor.ui import dialogs
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
from nurse_monitor.ui.preferences import Preferences


@pytest.fixture(autouse=True)
def station_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings() in a test writes to a temporary INI, never to the real station's."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


@pytest.fixture
def preferences(station_preferences: Preferences) -> Preferences:
    """The test's station preferences (tests/plugins/stations.py): the same object a
    `station_for` station holds, so a change made here reaches its screens."""
    return station_preferences


@pytest.fixture
def chime() -> RecordingChime:
    return RecordingChime()


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture
def database_url(sqlite_database_url: str) -> str:
    """GUI tests run on SQLite; the backends are covered in tests/storage and tests/services."""
    return sqlite_database_url


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> dialogs.RecordingDialogs:
    """Message boxes recorded instead of shown (a blocking exec() would hang the test)."""
    recording = dialogs.RecordingDialogs()
    monkeypatch.setattr(dialogs, "dialogs", recording)
    return recording
