"""The administrator's centre settings dialog (File menu): saved for every station, refusals
shown in the dialog with nothing written."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.site_settings import CentreSettings, centre_settings
from nurse_monitor.ui.follow_up.centre_dialog import CentreSettingsDialog
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.preferences import Preferences
from tests.gui.station_steps import open_station
from tests.storage.conftest import Staff


def file_actions(window: MainWindow) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [a.text() for a in menu.actions()]


def test_an_administrator_sets_the_centre_for_every_station(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
) -> None:
    admin_window = open_station(qtbot, db, clock, staff.admin, preferences, chime, notifier)
    assert "&Centre settings…" in file_actions(admin_window)
    nurse_window = open_station(qtbot, db, clock, staff.nurse, preferences, chime, notifier)
    assert "&Centre settings…" not in file_actions(nurse_window)

    dialog = CentreSettingsDialog(admin_window.station, admin_window)
    qtbot.addWidget(dialog)
    dialog.name.setText("Riverside Infusion Centre")
    dialog.phone.setText("call us")
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("Phone: digits")
    assert centre_settings(db) == CentreSettings()
    dialog.closed_days.setPlainText("2026-12-25\n26/12")
    dialog.phone.setText("01234 567890")
    qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert "'26/12' is not a date" in dialog.message.text()
    dialog.closed_days.setPlainText("2026-12-25\n2026-12-26")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.save, Qt.MouseButton.LeftButton)
    assert centre_settings(db).closed_days == (date(2026, 12, 25), date(2026, 12, 26))
