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
from nurse_monitor.demo.seed import DEMO_PASSWORD, seed_demo
from nurse_monitor.services import patients
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.services.errors import DatabaseUnavailable
from nurse_monitor.services.sign_in import sign_in
from nurse_monitor.storage.migration_runner import NotADatabase
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.app import open_main_window
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.record_check import RecordFileCheck, start_record_check
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


def finished_check(qtbot: QtBot, check: RecordFileCheck | None) -> list[str]:
    """What the record-file check found, once it is done."""
    assert check is not None
    if check.problems is None:
        with qtbot.waitSignal(check.finished, timeout=30_000):
            pass
    assert check.problems is not None
    return check.problems


def warnings_shown(window: MainWindow) -> list[str]:
    labels = window.statusBar().findChildren(QLabel)
    return [w.text() for w in labels if w.accessibleName() == "Record file warning"]


def test_a_damaged_file_found_during_sign_in_stops_the_saving_and_says_why(
    qtbot: QtBot,
    tmp_path: Path,
    clock: FakeClock,
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
        check = start_record_check(db)  # as run_app: before anyone signs in
        assert finished_check(qtbot, check)
        assert [kind for kind, _, _ in shown.shown] == ["error"]
        _, title, text = shown.shown[0]
        assert title == "Record file damaged" and "will not save anything more" in text
        assert str(path) in text and "call IT" in text
        with pytest.raises(DatabaseUnavailable, match="Nothing was recorded"), db.write():
            pass
        # Signing in records the sign-in: refused too, with words the sign-in dialog can show.
        with pytest.raises(DatabaseUnavailable, match=r"failed its integrity check.*call IT"):
            sign_in(db, "demo.nurse", DEMO_PASSWORD)
        # The window opened afterwards says so too, in red, for as long as it is open.
        window = open_main_window(db, clock, None, demo=False, record_check=check)
        qtbot.addWidget(window)
        assert warnings_shown(window) == ["Record file damaged: nothing can be saved"]
    finally:
        db.close()


def test_a_damage_found_after_the_window_opened_shows_there(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock, shown: dialogs.RecordingDialogs
) -> None:
    path = tmp_path / "record.db"
    demo_file(path, clock)
    scribble_over_table(path, "session_events")
    db = open_database(sqlite_url_for(path), clock, full_check=False)
    try:
        check = RecordFileCheck(db)  # not started yet: the window is up first
        window = open_main_window(db, clock, None, demo=False, record_check=check)
        qtbot.addWidget(window)
        assert warnings_shown(window) == []
        check.start()
        assert finished_check(qtbot, check)
        assert warnings_shown(window) == ["Record file damaged: nothing can be saved"]
        assert len(shown.shown) == 1
    finally:
        db.close()


def test_an_intact_file_passes_the_check_and_saving_goes_on(
    qtbot: QtBot,
    tmp_path: Path,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    path = tmp_path / "record.db"
    demo_file(path, clock)
    db = open_database(sqlite_url_for(path), clock, full_check=False)
    try:
        check = start_record_check(db)
        nurse = seed_demo(db)
        window = open_main_window(db, clock, nurse, demo=False, record_check=check)
        qtbot.addWidget(window)
        assert finished_check(qtbot, check) == []
        assert shown.shown == [] and warnings_shown(window) == []
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
        assert db.status.fully_checked
        assert start_record_check(db) is None
    finally:
        db.close()
