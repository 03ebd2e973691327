"""The timeline at the chair: amend an entry from it; the nurse's place is kept as it updates."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.amendments import amendments_for_session
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import EventRecord, PatientRecord
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.time_format import date_time
from nurse_monitor.ui.workspace.workspace import TAB_TIMELINE, TAB_VITALS, SessionWorkspace
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.storage.conftest import Staff


def a_reading_on_the_timeline(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> tuple[SessionWorkspace, int, EventRecord]:
    """A running session with one reading, its workspace open: (workspace, session, reading)."""
    session_id = running_session(db, staff.nurse, alice, clock)
    clock.advance(minutes=15)
    reading = chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    workspace = open_workspace(window_for(qtbot, db, staff, clock), session_id)
    workspace.tabs.setCurrentIndex(TAB_TIMELINE)  # the nurse amends on the Timeline tab
    return workspace, session_id, reading


def test_amend_a_reading_from_the_timeline_and_keep_the_selection(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    workspace, session_id, reading = a_reading_on_the_timeline(qtbot, db, staff, alice, clock)
    panel = workspace.timeline
    row = panel.model.row_of(reading.id)
    assert row is not None and panel.model.struck_rows() == []
    assert not panel.amend.isEnabled()  # nothing selected, nothing to amend

    panel.table.selectRow(row)
    assert panel.selected_entry() is not None and panel.amend.isEnabled()
    assert "Heart rate" in [panel.field.itemText(i) for i in range(panel.field.count())]
    assert "heart_rate" not in [panel.field.itemText(i) for i in range(panel.field.count())]
    panel.field.setCurrentIndex(panel.field.findData("heart_rate"))
    panel.value.whole.setValue(118)
    panel.reason.setText("typed the wrong value")
    qtbot.mouseClick(panel.amend, Qt.MouseButton.LeftButton)

    assert shown.shown == []
    [amendment] = amendments_for_session(db, staff.nurse, session_id)
    assert (amendment.field, amendment.original_value, amendment.new_value) == (
        "heart_rate",
        NORMAL_VITALS["heart_rate"],
        118,
    )
    # The original stays, struck through, with the amendment on the line below it.
    assert panel.model.struck_rows() == [row]
    below = panel.model.index(row + 1, 2).data()
    assert f"Heart rate: {NORMAL_VITALS['heart_rate']} → 118" in below
    assert "typed the wrong value" in below
    workspace.tabs.setCurrentIndex(TAB_VITALS)  # the readings table, brought up to date
    assert workspace.readings_model.rowCount() >= 1
    workspace.tabs.setCurrentIndex(TAB_TIMELINE)
    # The nurse's place is kept through the reload, and through a new entry from elsewhere.
    assert panel.selected_entry() is not None
    assert panel.selected_entry().event.id == reading.id  # type: ignore[union-attr]
    assert panel.reason.text() == ""
    clock.advance(minutes=15)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    workspace.controller.reload()
    view = workspace.controller.view  # its entries, the amendment, and the alarm log's lines
    assert panel.model.rowCount() == len(view.timeline) + 1 + len(view.alarm_log)
    assert panel.selected_entry().event.id == reading.id  # type: ignore[union-attr]


def test_an_amendment_refused_by_the_checks_records_nothing(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    workspace, session_id, _ = a_reading_on_the_timeline(qtbot, db, staff, alice, clock)
    panel = workspace.timeline
    started = next(
        t for t in workspace.controller.view.timeline if t.event.type == "infusion_started"
    )
    panel.table.selectRow(panel.model.row_of(started.event.id) or 0)
    panel.field.setCurrentIndex(panel.field.findData("rate_ml_h"))
    assert panel.value.currentWidget() is panel.value.number  # a number, not free text
    panel.value.number.setValue(5000)
    panel.reason.setText("typo")
    qtbot.mouseClick(panel.amend, Qt.MouseButton.LeftButton)
    # Refused in the banner, naming the field; nothing recorded, the input kept to correct.
    assert not workspace.banner.isHidden()
    assert workspace.banner.text().startswith("Rate (mL/h):")
    assert amendments_for_session(db, staff.nurse, session_id) == []
    assert panel.model.struck_rows() == []
    assert panel.value.value() == 5000 and panel.reason.text() == "typo"


def test_the_amendment_form_offers_typed_editors_in_nurse_words(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    workspace, session_id, _ = a_reading_on_the_timeline(qtbot, db, staff, alice, clock)
    panel = workspace.timeline
    timeline = workspace.controller.view.timeline

    def select(kind: str) -> list[str]:
        entry = next(t for t in timeline if t.event.type == kind)
        panel.table.selectRow(panel.model.row_of(entry.event.id) or 0)
        return [panel.field.itemText(i) for i in range(panel.field.count())]

    assert select("identity_confirmed") == [] and not panel.amend.isEnabled()
    assert "Heart rate" in select("vitals")
    assert select("screening_recorded") == ["Time", "Screening answers", "Override reasons"]
    panel.field.setCurrentIndex(panel.field.findData("answers"))
    assert panel.value.currentWidget() is panel.value.screening
    answers = [panel.value.answer.itemText(i) for i in range(panel.value.answer.count())]
    assert answers == ["Yes", "No", "Not asked"]
    panel.value.question.setCurrentIndex(panel.value.question.findData("vaccines"))
    panel.value.answer.setCurrentIndex(panel.value.answer.findData(False))
    panel.reason.setText("misheard the answer")
    qtbot.mouseClick(panel.amend, Qt.MouseButton.LeftButton)
    assert shown.shown == [] and workspace.banner.isHidden()
    [amendment] = amendments_for_session(db, staff.nurse, session_id)
    assert isinstance(amendment.new_value, dict) and amendment.new_value["vaccines"] is False
    assert select("iv_access_recorded")[:4] == ["Time", "Device", "Site", "Side"]
    panel.field.setCurrentIndex(panel.field.findData("side"))
    assert panel.value.currentWidget() is panel.value.choice


def test_a_stored_value_no_reader_can_parse_opens_as_entry_cannot_be_read(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    from nurse_monitor.services.alarms import snooze_alarm
    from tests.services.test_amendment_types import entry_id, store_as_an_older_version_might

    session_id = running_session(db, staff.nurse, alice, clock)
    snooze_alarm(db, staff.nurse, session_id, "vitals", 5, "patient asleep")
    screening = entry_id(db, staff, session_id, "screening_recorded")
    snoozed = entry_id(db, staff, session_id, "alarm_snoozed")
    store_as_an_older_version_might(db, staff, session_id, screening, "answers", "no")
    store_as_an_older_version_might(db, staff, session_id, snoozed, "until", "soon")
    window = window_for(qtbot, db, staff, clock)  # the main window and its board open
    assert window.board is not None
    window.board.reload()
    workspace = open_workspace(window, session_id)
    panel = workspace.timeline
    for target in (screening, snoozed):
        row = panel.model.row_of(target)
        assert row is not None
        assert "entry cannot be read" in panel.model.index(row, 2).data()
        panel.table.selectRow(row)
        assert panel.field.count() == 0 and not panel.amend.isEnabled()
    assert shown.shown == []


def test_amend_a_reading_time_from_the_timeline_in_local_time(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    """Issue 17: "Time" is offered for every entry, edited in the station's local time; the
    reading moves on the readings table and the timeline, the original time kept."""
    workspace, session_id, reading = a_reading_on_the_timeline(qtbot, db, staff, alice, clock)
    panel = workspace.timeline
    row = panel.model.row_of(reading.id)
    assert row is not None
    panel.table.selectRow(row)
    assert panel.field.itemText(0) == "Time" and panel.field.currentData() == "occurred_at"
    assert panel.value.currentWidget() is panel.value.moment
    shown_time = panel.value.moment.dateTime().toPython()
    assert shown_time == reading.occurred_at.astimezone().replace(tzinfo=None)  # local time
    earlier = reading.occurred_at - timedelta(minutes=3)
    panel.value.moment.setDateTime(QDateTime(earlier.astimezone().replace(tzinfo=None)))
    panel.reason.setText("charted after the round")
    qtbot.mouseClick(panel.amend, Qt.MouseButton.LeftButton)

    assert shown.shown == []
    [amendment] = amendments_for_session(db, staff.nurse, session_id)
    assert amendment.field == "occurred_at"
    assert datetime.fromisoformat(amendment.original_value) == reading.occurred_at
    assert datetime.fromisoformat(amendment.new_value) == earlier
    view = workspace.controller.view
    assert max(r.taken_at for r in view.readings) == earlier  # the reading moved too
    moved = panel.model.entry_at(panel.model.row_of(reading.id) or 0)
    assert moved is not None and moved.event.occurred_at == earlier
    assert panel.model.struck_rows() != []  # the original stays visible
    lines = [panel.model.index(r, 2).data() for r in range(panel.model.rowCount())]
    said = f"Time: {date_time(reading.occurred_at)} → {date_time(earlier)}"
    assert any(said in line for line in lines)  # in the nurse's local time, not ISO
