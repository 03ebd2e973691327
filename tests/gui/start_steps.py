"""Driving the start-session dialog as a nurse does, shared by the GUI tests."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.ui.start.start_session_dialog import Page, StartSessionDialog


def scan(qtbot: QtBot, dialog: StartSessionDialog, text: str) -> None:
    """A wristband scanner types into the focused field and ends with Enter."""
    qtbot.keyClicks(dialog.finder.search, text)
    qtbot.keyClick(dialog.finder.search, Qt.Key.Key_Return)


def state_identity(qtbot: QtBot, dialog: StartSessionDialog, name: str, born: str) -> None:
    qtbot.keyClicks(dialog.identity.family_name, name)
    qtbot.keyClicks(dialog.identity.date_of_birth, born)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)


def fill_drug(qtbot: QtBot, dialog: StartSessionDialog, lot: str, expiry: str) -> None:
    qtbot.keyClicks(dialog.details.lot, lot)
    qtbot.keyClicks(dialog.details.expiry, expiry)
    dialog.details.bag_confirmed.setChecked(True)


def walk_to_drug_details(qtbot: QtBot, dialog: StartSessionDialog) -> None:
    scan(qtbot, dialog, "MRN-100234")
    state_identity(qtbot, dialog, "Morgan", "12/05/1984")
    assert dialog.current_page() is Page.PROTOCOL
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.current_page() is Page.DRUG
