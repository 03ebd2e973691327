"""Words on the session detail window and the follow-up call form, read off the real widgets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_ups import follow_up_for_session
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.follow_up.call_form import CallForm
from nurse_monitor.ui.review.session_detail import SessionDetailView
from nurse_monitor.ui.time_format import calendar_date, use_date_format
from tests.gui.station_steps import station_at
from tests.services.follow_up_walk import signed_session
from tests.storage.conftest import Staff


def test_the_session_window_is_titled_by_patient_date_and_drug_not_its_id(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = signed_session(db, staff, alice, clock)
    view = SessionDetailView(station_at(db, staff.nurse, clock), session_id)
    qtbot.addWidget(view)
    title = view.windowTitle()
    assert title == f"{alice.display_name} — {calendar_date(clock.now())} — Ocrevus"
    assert "Session" not in title and str(session_id) not in title.split("—")[0]


def test_the_call_form_offers_the_onset_in_the_station_date_format_and_labels_severity(
    qtbot: QtBot, db: Database, staff: Staff
) -> None:
    form = CallForm(station_at(db, staff.nurse))
    qtbot.addWidget(form)
    headache = next(r for r in form.rows if r.question.id == "headache")
    assert headache.onset.placeholderText() == "04 Dec 2026 14:30"
    assert "YYYY" not in headache.onset.placeholderText()
    assert [label.text() for label in form.column_labels[:3]] == ["Symptom", "Began", "Severity"]
    assert headache.severity.itemText(0) == "severity…"
    assert headache.severity.accessibleName() == "Headache: severity"
    headache.present.setChecked(True)
    headache.onset.setText("04 Dec 2026 07:00")  # as the station writes dates
    assert headache.answer().onset == "2026-12-04 07:00"
    try:
        use_date_format("%d/%m/%Y")
        form2 = CallForm(station_at(db, staff.nurse))
        qtbot.addWidget(form2)
        assert form2.rows[0].onset.placeholderText() == "04/12/2026 14:30"
    finally:
        use_date_format("%d %b %Y")


def test_an_unreadable_onset_is_refused_with_the_station_format_and_nothing_recorded(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = signed_session(db, staff, alice, clock)
    station = station_at(db, staff.nurse, clock)
    item = follow_up_for_session(db, staff.nurse, session_id, station.preferences.working_weekdays)
    form = CallForm(station)
    qtbot.addWidget(form)
    form.show_item(item)
    headache = next(r for r in form.rows if r.question.id == "headache")
    headache.present.setChecked(True)
    headache.onset.setText("yesterday morning")
    with qtbot.assertNotEmitted(form.recorded):
        qtbot.mouseClick(form.record, Qt.MouseButton.LeftButton)
    assert form.error.text() == "Headache: the onset as 04 Dec 2026 14:30"
    after = follow_up_for_session(db, staff.nurse, session_id, station.preferences.working_weekdays)
    assert after is not None and after.open
