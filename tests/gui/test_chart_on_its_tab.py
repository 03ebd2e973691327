"""The chart at the chair: brought up to date when its tab is shown, on a time axis that moves
in steps rather than with every reading."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.vitals.chart_series import epoch_seconds
from nurse_monitor.ui.workspace.workspace import TAB_INFUSION, TAB_VITALS
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.storage.conftest import Staff

READING = {
    "systolic": "131",
    "diastolic": "79",
    "heart_rate": "88",
    "respiratory_rate": "17",
    "temperature": "37.1",
    "spo2": "97",
}


def test_a_reading_saved_on_the_vitals_tab_is_on_the_chart_when_it_is_shown(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    workspace = open_workspace(window_for(qtbot, db, staff, clock), session_id)
    workspace.tabs.setCurrentIndex(TAB_VITALS)
    clock.advance(minutes=15)
    form = workspace.vitals_form
    for name, text in READING.items():
        form.number_edits[name].setText(text)
    form.consciousness.setCurrentIndex(form.consciousness.findData("alert"))
    form.submit()
    readings = workspace.controller.view.readings
    assert readings[-1].systolic == 131
    workspace.tabs.setCurrentIndex(TAB_INFUSION)
    qtbot.waitUntil(workspace.chart.isVisible)
    shown = workspace.chart.plot_items()["systolic"].getData()[1]
    assert list(shown) == [r.systolic for r in readings]


def test_the_time_axis_moves_in_quarter_hours(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    workspace = open_workspace(window_for(qtbot, db, staff, clock), session_id)
    workspace.tabs.setCurrentIndex(TAB_INFUSION)
    qtbot.waitUntil(workspace.chart.isVisible)

    def x_range() -> tuple[float, float]:
        low, high = workspace.chart.rate_plot.getViewBox().state["targetRange"][0]
        return float(low), float(high)

    def save_a_reading() -> None:
        chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
        workspace.controller.reload()

    quarter = 15 * 60
    clock.advance(seconds=quarter - epoch_seconds(clock.now()) % quarter + 60)  # hh:m1
    save_a_reading()
    first = x_range()
    assert first[1] >= epoch_seconds(clock.now()) + quarter - 60  # room to the next step
    clock.advance(minutes=2)
    save_a_reading()
    assert x_range() == first  # a reading within the quarter hour: the axis holds still
    clock.advance(minutes=15)
    save_a_reading()
    assert x_range()[1] > first[1]  # the next quarter hour: one step on
