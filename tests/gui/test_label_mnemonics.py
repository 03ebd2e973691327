"""A label's "&" is a keyboard shortcut only with a buddy; without one the nurse reads "&Volume".

The screenshots showed "&Volume infused (pump)" on the end-of-infusion step.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.services.chair_walk import running_session
from tests.storage.conftest import Staff

MNEMONIC = re.compile(r"(?<!&)&(?!&)\w")


def shown_ampersands(top: QWidget) -> list[str]:
    """Plain-text labels with a single "&" before a letter and no buddy to take it."""
    return [
        label.text()
        for label in top.findChildren(QLabel)
        if label.textFormat() != Qt.TextFormat.RichText
        and "<" not in label.text()
        and MNEMONIC.search(label.text())
        and label.buddy() is None
    ]


def test_no_workspace_label_shows_a_bare_ampersand(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    workspace = open_workspace(window_for(qtbot, db, staff, clock), session_id)
    assert shown_ampersands(workspace) == []
