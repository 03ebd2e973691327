"""The follow-up worklist's columns fit their words (the screenshots showed the table cut at
"Tries" behind a scroll bar, with row numbers no nurse needs)."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import record_patient_phone
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.follow_up.worklist import FollowUpWorklist
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.preferences import Preferences
from tests.services.follow_up_walk import signed_session
from tests.storage.conftest import Staff


def test_each_column_fits_its_words_and_no_row_numbers(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
) -> None:
    record_patient_phone(db, staff.nurse, alice.id, "01632 960123")
    signed_session(db, staff, alice, clock)
    clock.set(clock.now().replace(hour=9, minute=30) + timedelta(days=1))
    window = MainWindow(
        db, clock, actor=staff.nurse, preferences=preferences, chime=chime, notifier=notifier
    )
    qtbot.addWidget(window)
    window.tabs.setCurrentWidget(window.follow_ups)
    worklist = window.findChild(FollowUpWorklist)
    assert worklist is not None
    table = worklist.table
    assert table.rowCount() == 1
    assert not table.verticalHeader().isVisibleTo(worklist)
    metrics = table.fontMetrics()
    header = table.horizontalHeader()
    for column in range(table.columnCount() - 1):
        words = table.item(0, column).text()
        assert header.sectionSize(column) >= metrics.horizontalAdvance(words), words
    window.close()  # before the test's references go (PySide would delete items under Qt)
