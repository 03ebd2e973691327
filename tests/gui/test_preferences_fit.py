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


def test_each_label_is_centred_on_its_field_and_whole(
    qtbot: QtBot, preferences: Preferences
) -> None:
    """Fusion set the labels at the top of the 48 px fields, and cut "Temperature unit"."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    forms = dialog.findChildren(QFormLayout)
    assert forms
    for form in forms:
        for row in range(form.rowCount()):
            if form.itemAt(row, QFormLayout.ItemRole.SpanningRole) is not None:
                continue  # a note across the form, no label of its own
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
            assert isinstance(label, QLabel)
            middle = label.geometry().center().y()
            assert abs(middle - field.geometry().center().y()) <= 4, label.text()
            assert label.width() >= label.sizeHint().width(), label.text()


def test_the_users_form_labels_are_centred_on_their_fields(
    qtbot: QtBot, staff, station_for
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFormLayout

    from nurse_monitor.ui.users_dialog import UsersDialog

    dialog = UsersDialog(station_for(staff.admin))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    (form,) = dialog.findChildren(QFormLayout)
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
        assert abs(label.geometry().center().y() - field.geometry().center().y()) <= 4
