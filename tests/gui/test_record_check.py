"""The full check of the record file after a quick start: a damaged file stops the station
saving, says so, and an intact one changes nothing."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import patients
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.demo import seed_demo
from nurse_monitor.services.errors import DatabaseUnavailable
from nurse_monitor.storage.migration_runner import NotADatabase
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.record_check import watch_record_file
from tests.services.conftest import ALICE


def demo_file(path: Path, clock: FakeClock) -> None:
    db = open_database(sqlite_url_for(path), clock)
    seed_demo(db)
    db.close()


def scribble_over_table(path: Path, table: str) -> None:
    """Garbage over a table's root page: the schema and the revision still read."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        page = root.fetchone()[0]
    raw = bytearray(path.read_bytes())
    start = (page - 1) * page_size
    raw[start : start + page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(raw))


def check_after_start(
    qtbot: QtBot, db: Database, clock: FakeClock, preferences: Preferences, actor: Actor | None
) -> tuple[MainWindow, list[str]]:
    """The main window shown on `db`, and what the record-file check found once it is done."""
    window = MainWindow(
        db,
        clock,
        actor=actor,
        preferences=preferences,
        chime=RecordingChime(),
        notifier=RecordingNotifier(),
    )
    qtbot.addWidget(window)
    window.show()
    check = watch_record_file(window, db)
    assert check is not None
    with qtbot.waitSignal(check.finished, timeout=10_000) as done:
        pass
    assert done.args is not None
    return window, done.args[0]


def test_a_damaged_file_found_after_start_stops_the_saving_and_says_why(
    qtbot: QtBot,
    tmp_path: Path,
    clock: FakeClock,
    preferences: Preferences,
    shown: dialogs.RecordingDialogs,
) -> None:
    path = tmp_path / "record.db"
    demo_file(path, clock)
    scribble_over_table(path, "audit_log")
    with pytest.raises(NotADatabase):  # what every open but the desktop start does
        open_database(sqlite_url_for(path), clock).close()
    db = open_database(sqlite_url_for(path), clock, full_check=False)
    try:
        assert not db.status.fully_checked
        # No one signed in: signing in would write, and nothing may before the check.
        window, problems = check_after_start(qtbot, db, clock, preferences, None)
        assert problems
        assert [kind for kind, _, _ in shown.shown] == ["error"]
        _, title, text = shown.shown[0]
        assert title == "Record file damaged" and "will not save anything more" in text
        notices = [
            w
            for w in window.statusBar().findChildren(QLabel)
            if w.accessibleName() == "Record file warning"
        ]
        assert len(notices) == 1 and "nothing can be saved" in notices[0].text()
        with pytest.raises(DatabaseUnavailable, match="Nothing was recorded"), db.write():
            pass
    finally:
        db.close()


def test_an_intact_file_passes_the_check_and_saving_goes_on(
    qtbot: QtBot,
    tmp_path: Path,
    clock: FakeClock,
    preferences: Preferences,
    shown: dialogs.RecordingDialogs,
) -> None:
    path = tmp_path / "record.db"
    demo_file(path, clock)
    db = open_database(sqlite_url_for(path), clock, full_check=False)
    try:
        nurse = seed_demo(db)
        _, problems = check_after_start(qtbot, db, clock, preferences, nurse)
        assert problems == []
        assert shown.shown == []
        new = replace(ALICE, record_number="MRN-990001")
        assert patients.register_patient(db, nurse, new).record_number == "MRN-990001"
    finally:
        db.close()


def test_a_file_checked_in_full_at_open_is_not_checked_again(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, preferences: Preferences
) -> None:
    path = tmp_path / "record.db"
    demo_file(path, clock)
    db = open_database(sqlite_url_for(path), clock)
    try:
        window = MainWindow(db, clock, preferences=preferences)
        qtbot.addWidget(window)
        assert db.status.fully_checked
        assert watch_record_file(window, db) is None
    finally:
        db.close()
