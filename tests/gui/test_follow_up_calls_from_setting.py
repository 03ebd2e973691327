"""The administrator sets "follow-up calls from" in the centre settings (issue 18): saved for
every station; a date that is not one, or in the future, is refused with nothing written."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.site_settings import follow_up_calls_from
from nurse_monitor.ui.follow_up.centre_dialog import CentreSettingsDialog
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.preferences import Preferences
from tests.storage.conftest import Staff


def test_an_administrator_sets_the_date_calls_start_from(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
) -> None:
    window = MainWindow(
        db, clock, actor=staff.admin, preferences=preferences, chime=chime, notifier=notifier
    )
    qtbot.addWidget(window)
    dialog = CentreSettingsDialog(window.station, window)
    qtbot.addWidget(dialog)
    assert dialog.calls_from.text() == ""  # a new record: every infusion makes its call
    dialog.calls_from.setText("1 March")
    qtbot.mouseClick(dialog.save_calls_from, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("Follow-up calls from: a date as YYYY-MM-DD")
    dialog.calls_from.setText("2099-01-01")
    qtbot.mouseClick(dialog.save_calls_from, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Follow-up calls from: today or an earlier date"
    assert follow_up_calls_from(db) is None
    dialog.calls_from.setText("2026-02-16")
    qtbot.mouseClick(dialog.save_calls_from, Qt.MouseButton.LeftButton)
    assert follow_up_calls_from(db) == date(2026, 2, 16)
    assert "2026-02-16" in dialog.message.text()
    again = CentreSettingsDialog(window.station, window)
    qtbot.addWidget(again)
    assert again.calls_from.text() == "2026-02-16"
