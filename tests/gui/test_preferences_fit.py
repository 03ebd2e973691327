"""Preferences fit a 1366x768 screen with their Save button, and say °C, not C.

The screenshots showed the dialog's thirteen 48 px rows running past the bottom of the screen,
Save and Cancel out of reach."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.preferences_dialog import PreferencesDialog

SCREEN_HEIGHT, TITLE_BAR = 768, 28


def test_the_dialog_fits_the_screen_and_names_the_units(
    qtbot: QtBot, preferences: Preferences
) -> None:
    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    assert dialog.minimumSizeHint().height() <= SCREEN_HEIGHT - TITLE_BAR
    assert dialog.sizeHint().height() <= SCREEN_HEIGHT - TITLE_BAR
    assert dialog.sizeHint().width() <= 1366
    assert dialog.findChild(QDialogButtonBox) is not None
    assert dialog.unit.currentText() == "°C (Celsius)"
    dialog.unit.setCurrentIndex(1)
    assert dialog.save()
    assert preferences.temperature_unit == "F"
