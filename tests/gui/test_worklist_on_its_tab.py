"""The follow-up worklist on a hidden tab: a change (a save at a chair, a call recorded at
another screen) is read when the tab is shown, not on every change meanwhile."""

from __future__ import annotations

from datetime import timedelta

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import record_attempt, record_patient_phone
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.follow_up.worklist import FollowUpWorklist
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.preferences import Preferences
from tests.services.follow_up_walk import signed_session
from tests.storage.conftest import Staff


def test_a_change_on_a_hidden_worklist_is_shown_when_its_tab_is(
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
    session_id = signed_session(db, staff, alice, clock)
    clock.set(clock.now().replace(hour=9, minute=30) + timedelta(days=1))
    window = MainWindow(
        db, clock, actor=staff.nurse, preferences=preferences, chime=chime, notifier=notifier
    )
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.follow_ups)  # built and read when first chosen
    worklist = window.findChild(FollowUpWorklist)
    assert worklist is not None and worklist.table.item(0, 5).text() == "0"
    window.show_chairs()
    assert not worklist.isVisible()  # the chairs' tab is in front

    record_attempt(db, staff.nurse, session_id, "no answer", preferences.working_weekdays)
    assert worklist.table.item(0, 5).text() == "0"  # not read while hidden

    window.tabs.setCurrentWidget(window.follow_ups)
    qtbot.waitUntil(lambda: worklist.table.item(0, 5).text() == "1")
