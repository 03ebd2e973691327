"""A take-over (station.actor_changed) and a preference change reach screens already open: each
screen reads the station at the time of use instead of keeping what it was built with."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.start.start_session_dialog import StartSessionDialog
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.gui.start_steps import fill_drug, walk_to_drug_details
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff


@pytest.fixture
def window(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
):  # type: ignore[no-untyped-def]
    """Ana's station (a nurse), as the program opens it."""
    window = MainWindow(
        db, clock, actor=staff.nurse, preferences=preferences, chime=chime, notifier=notifier
    )
    qtbot.addWidget(window)
    return window


@pytest.fixture
def workspace(
    window: MainWindow, db: Database, staff: Staff, alice: PatientRecord
) -> SessionWorkspace:
    """Ana's open chair: a session just begun for Alice."""
    opened = window.open_session(begin_initial(db, staff.nurse, alice).id)
    opened.stop_live_updates()
    return opened


def test_a_session_started_after_a_take_over_is_the_new_nurses(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    shown: dialogs.RecordingDialogs,
) -> None:
    window.new_session_action.trigger()  # Ana opens the start dialog...
    dialog = window._start_dialog
    assert isinstance(dialog, StartSessionDialog)
    window.take_over(staff.charge)  # ...and Ben takes over the station before it is done
    walk_to_drug_details(qtbot, dialog)
    fill_drug(qtbot, dialog, "H0123B", "31/01/2027")
    with qtbot.waitSignal(dialog.session_started) as started:
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    view = chair_view(db, staff.charge, started.args[0])
    assert view.nurse.startswith("Ben Charge")  # recorded as the nurse now at the station


def test_the_overdue_grace_reaches_an_open_chair(
    workspace: SessionWorkspace, preferences: Preferences
) -> None:
    assert workspace.infusion.overdue_after == timedelta(minutes=5)
    preferences.overdue_after_minutes = 12
    assert workspace.infusion.overdue_after == timedelta(minutes=12)


def test_switching_the_us_checklists_asks_an_open_screening_again(
    workspace: SessionWorkspace, preferences: Preferences
) -> None:
    workspace.show_step(Step.SCREENING)
    before = workspace.step_forms[Step.SCREENING]
    assert before.us_checklists
    preferences.us_checklists = False
    after = workspace.step_forms[Step.SCREENING]
    assert after is not before and not after.us_checklists
    assert workspace.steps.currentWidget() is after


def test_a_session_opened_from_history_shows_the_stations_temperature_unit(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    from nurse_monitor.ui.review.session_detail import SessionDetailView
    from nurse_monitor.ui.vitals.readings_table import Column
    from tests.gui.station_steps import station_at
    from tests.services.chair_walk import running_session

    session_id = running_session(db, staff.nurse, alice, clock)
    station = station_at(db, staff.charge, clock)
    station.preferences.temperature_unit = "F"
    view = SessionDetailView(station, session_id)
    qtbot.addWidget(view)
    model = view.readings.readings_model
    assert model.rowCount() >= 1
    assert model.headerData(Column.TEMP, Qt.Orientation.Horizontal) == "Temp °F"


def test_after_a_take_over_the_iv_access_is_offered_as_placed_by_the_new_nurse(
    window: MainWindow, workspace: SessionWorkspace, db: Database, staff: Staff
) -> None:
    form = workspace.step_forms[Step.IV_ACCESS]
    assert form.placed_by.text() == staff.nurse.signature
    window.take_over(staff.charge)
    assert form.placed_by.text() == staff.charge.signature
    form.record.click()
    timeline = chair_view(db, staff.charge, workspace.controller.session_id).timeline
    (entry,) = [e.payload for e in timeline if e.event.type == "iv_access_recorded"]
    assert entry["placed_by"] == staff.charge.signature


def test_a_typed_placer_is_kept_through_a_take_over(
    window: MainWindow, workspace: SessionWorkspace, staff: Staff
) -> None:
    form = workspace.step_forms[Step.IV_ACCESS]
    form.placed_by.setText("Dr Vascular Access")
    window.take_over(staff.charge)
    assert form.placed_by.text() == "Dr Vascular Access"


def test_open_review_windows_follow_the_date_format(
    window: MainWindow, workspace: SessionWorkspace, staff: Staff, preferences: Preferences
) -> None:
    from nurse_monitor.ui.review.audit_log import AuditLogView
    from nurse_monitor.ui.review.history_window import HistoryWindow
    from nurse_monitor.ui.time_format import use_date_format

    window.take_over(staff.charge)  # the charge nurse's Review menu: history and audit log
    window.review._on_history_triggered()
    window.review._on_audit_triggered()
    history = next(w for w in window.review.windows if isinstance(w, HistoryWindow))
    audit = next(w for w in window.review.windows if isinstance(w, AuditLogView))
    detail = history.open_session(workspace.controller.session_id)
    assert detail is not None
    day = window.clock.now().astimezone().date().isoformat()
    default = preferences.date_format
    preferences.date_format = "%Y-%m-%d"
    shown = (audit.table.item(0, 0).text(), detail.header.text())
    use_date_format(default)  # the station-wide format back for the tests that follow
    window.review.close_windows()
    assert shown[0].startswith(day) and day in shown[1]
