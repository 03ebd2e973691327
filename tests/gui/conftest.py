"""GUI fixtures: every QTimer a test leaves running fails that test (napari's check)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.patients import register_patient
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
from nurse_monitor.ui.preferences import Preferences
from tests.services.conftest import ALICE
from tests.storage.conftest import Staff, make_staff


@pytest.fixture(autouse=True)
def station_settings(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings() in a test writes to a temporary INI, never to the real station's."""
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


@pytest.fixture
def preferences(tmp_path: Path) -> Preferences:
    return Preferences(QSettings(str(tmp_path / "station.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def chime() -> RecordingChime:
    return RecordingChime()


@pytest.fixture
def notifier() -> RecordingNotifier:
    return RecordingNotifier()


@pytest.fixture(autouse=True)
def no_dangling_timers(qapp: QApplication) -> Iterator[None]:
    yield
    QApplication.processEvents()
    running = [t for t in qapp.findChildren(QTimer) if t.isActive()]
    for widget in QApplication.topLevelWidgets():
        running += [t for t in widget.findChildren(QTimer) if t.isActive()]
    assert not running, f"test left {len(running)} QTimer(s) running"


@pytest.fixture
def db(tmp_path: Path, clock: FakeClock) -> Iterator[Database]:
    """A migrated SQLite database of its own for each GUI test."""
    database = open_database(sqlite_url_for(tmp_path / "station.db"), clock)
    try:
        yield database
    finally:
        database.close()


@pytest.fixture
def staff(db: Database) -> Staff:
    return make_staff(db)


@pytest.fixture
def alice(db: Database, staff: Staff) -> PatientRecord:
    return register_patient(db, staff.nurse, ALICE)


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> dialogs.RecordingDialogs:
    """Message boxes recorded instead of shown (a blocking exec() would hang the test)."""
    recording = dialogs.RecordingDialogs()
    monkeypatch.setattr(dialogs, "dialogs", recording)
    return recording
