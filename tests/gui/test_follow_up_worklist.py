"""The follow-up worklist beside the chairs: from a call due to a call done, through the real
widgets, and the charge nurse's cancel with a reason."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.follow_up import Status
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import record_patient_phone
from nurse_monitor.services.follow_ups import follow_up_for_session
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.follow_up.worklist import FollowUpWorklist
from nurse_monitor.ui.preferences import Preferences
from tests.gui.station_steps import open_station
from tests.services.follow_up_walk import signed_session
from tests.storage.conftest import Staff


def test_a_call_from_due_to_done_on_the_tab_beside_the_chairs(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
    shown: dialogs.RecordingDialogs,
) -> None:
    record_patient_phone(db, staff.nurse, alice.id, "01632 960123")
    session_id = signed_session(db, staff, alice, clock)
    clock.set(clock.now().replace(hour=9, minute=30) + timedelta(days=1))  # Tuesday morning
    window = open_station(qtbot, db, clock, staff.nurse, preferences, chime, notifier)
    assert window.tabs.tabText(window.tabs.indexOf(window.follow_ups)) == "Follow-up calls"
    assert window.findChild(FollowUpWorklist) is None  # built when its tab is first chosen
    window.tabs.setCurrentWidget(window.follow_ups)
    worklist = window.findChild(FollowUpWorklist)
    assert worklist is not None
    table = worklist.table
    assert table.rowCount() == 1
    assert table.item(0, 1).text() == "Due today"
    assert table.item(0, 4).text() == "01632 960123"
    assert "Rate reached: 180 mL/h" in table.item(0, 6).text()
    assert not worklist.charge.isVisibleTo(worklist)  # a nurse neither adds nor cancels

    table.selectRow(0)
    form = worklist.form
    assert "Attempts: 0" in form.heading.text()
    form.attempt_note.setText("no answer")
    qtbot.mouseClick(form.attempt, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: table.item(0, 5).text() == "1")

    clock.advance(minutes=40)
    headache = next(r for r in form.rows if r.question.id == "headache")
    headache.present.setChecked(True)
    qtbot.mouseClick(form.record, Qt.MouseButton.LeftButton)
    assert form.error.isVisibleTo(form)
    assert "Headache" in form.error.text() and "severity" in form.error.text()

    headache.onset.setText(f"{clock.now():%Y-%m-%d} 07:00")
    headache.severity.setCurrentIndex(headache.severity.findData("moderate"))
    headache.resolved.setChecked(True)
    form.notes.setText("settled with paracetamol")
    qtbot.mouseClick(form.record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: table.item(0, 1).text() == "Done")
    assert "AMBER: Review within 24 hours" in form.heading.text()
    assert not form.record.isEnabled()
    item = follow_up_for_session(db, staff.nurse, session_id, preferences.working_weekdays)
    assert item is not None and item.status is Status.DONE
    assert item.outcome is not None and item.outcome.by == staff.nurse.signature


def test_the_charge_nurse_cancels_a_call_with_a_reason(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
    shown: dialogs.RecordingDialogs,
) -> None:
    signed_session(db, staff, alice, clock)
    clock.advance(timedelta(days=1))
    window = open_station(qtbot, db, clock, staff.charge, preferences, chime, notifier)
    window.tabs.setCurrentWidget(window.follow_ups)
    worklist = window.findChild(FollowUpWorklist)
    assert worklist is not None
    assert worklist.charge.isVisibleTo(worklist)
    worklist.table.selectRow(0)
    qtbot.mouseClick(worklist.cancel, Qt.MouseButton.LeftButton)
    assert "Reason" in worklist.charge_error.text()
    worklist.reason.setText("admitted to hospital; the ward will follow up")
    qtbot.mouseClick(worklist.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: worklist.table.item(0, 1).text() == "Cancelled")


def test_working_days_are_a_station_preference(qtbot: QtBot, preferences: Preferences) -> None:
    from nurse_monitor.ui.preferences_dialog import PreferencesDialog

    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    assert dialog.working_days.text() == "Mon,Tue,Wed,Thu,Fri"
    dialog.working_days.setText("Mon, Funday")
    assert not dialog.save()
    assert "Working days: 'Funday' is not one of Mon" in dialog.error.text()
    assert preferences.working_weekdays == frozenset(range(5))
    dialog.working_days.setText("Mon,Wed,Sat")
    assert dialog.save()
    assert preferences.working_weekdays == frozenset({0, 2, 5})
