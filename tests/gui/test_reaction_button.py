"""The Reaction button is drawn in its red, and its white word reads at 4.5:1 in every theme.

The screenshots showed it lightened to #f26b6b by Fusion (white on it: 2.9:1)."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import colors
from nurse_monitor.ui.themes import PALETTES, apply_theme
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.services.chair_walk import running_session
from tests.storage.conftest import Staff


@pytest.mark.parametrize("theme", tuple(PALETTES))
def test_the_reaction_button_s_word_reads_on_its_red(
    qtbot: QtBot,
    qapp: QApplication,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    theme: str,
) -> None:
    apply_theme(qapp, theme)
    try:
        session_id = running_session(db, staff.nurse, alice, clock)
        workspace = open_workspace(window_for(qtbot, db, staff, clock), session_id)
        image = workspace.reaction_button.grab().toImage()
        fill = Counter(
            image.pixelColor(x, y).name()
            for x in range(4, image.width() - 4)
            for y in range(4, image.height() - 4)
        ).most_common(1)[0][0]
        assert colors.contrast_ratio(QColor("white"), QColor(fill)) >= 4.5, fill
        workspace.window().close()
    finally:
        apply_theme(qapp, "light")
