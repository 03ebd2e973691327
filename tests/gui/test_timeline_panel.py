"""The timeline at the chair: amend an entry from it; the nurse's place is kept as it updates."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.amendments import amendments_for_session
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import EventRecord, PatientRecord
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
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
    return open_workspace(window_for(qtbot, db, staff, clock), session_id), session_id, reading


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
    panel.field.setCurrentText("Heart rate")  # the nurse's word, not the stored name
    panel.value.setText("118")
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
    assert f"heart_rate: {NORMAL_VITALS['heart_rate']} → 118" in below
    assert "typed the wrong value" in below
    assert workspace.readings_model.rowCount() >= 1
    # The nurse's place is kept through the reload, and through a new entry from elsewhere.
    assert panel.selected_entry() is not None
    assert panel.selected_entry().event.id == reading.id  # type: ignore[union-attr]
    assert panel.value.text() == "" and panel.reason.text() == ""
    clock.advance(minutes=15)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    workspace.controller.reload()
    assert panel.model.rowCount() == len(workspace.controller.view.timeline) + 1
    assert panel.selected_entry().event.id == reading.id  # type: ignore[union-attr]


def test_an_amendment_refused_by_the_checks_records_nothing(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
) -> None:
    workspace, session_id, reading = a_reading_on_the_timeline(qtbot, db, staff, alice, clock)
    panel = workspace.timeline
    panel.table.selectRow(panel.model.row_of(reading.id) or 0)
    panel.field.setCurrentText("Systolic")
    panel.value.setText("400")
    panel.reason.setText("typo")
    qtbot.mouseClick(panel.amend, Qt.MouseButton.LeftButton)
    # Refused in the banner, naming the field; nothing recorded, the input kept to correct.
    assert not workspace.banner.isHidden()
    assert workspace.banner.text().startswith("Systolic:")
    assert amendments_for_session(db, staff.nurse, session_id) == []
    assert panel.model.struck_rows() == []
    assert panel.value.text() == "400" and panel.reason.text() == "typo"
