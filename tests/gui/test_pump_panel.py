"""The pump beside the record at the chair: binding, the other-patient alarm, and one-click
charting of the pump's rate."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.gui.workspace_steps import click
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.storage.conftest import Staff

PUMP_MESSAGE = Path(__file__).parents[1] / "fixtures" / "pump" / "pcd01_rates.hl7"


def pcd01(rate: float, patient: str) -> str:
    text = PUMP_MESSAGE.read_text(encoding="utf-8").replace("HO2009002", patient)
    return text.replace("|15.4|", f"|{rate:g}|")


def bound_workspace(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> SessionWorkspace:
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    workspace = open_workspace(window_for(qtbot, db, staff, clock), session_id)
    panel = workspace.pump
    assert panel.title.text() == "No pump bound"
    qtbot.keyClicks(panel.pump_id, "E0002")
    click(qtbot, panel.bind_button)
    assert panel.title.text().startswith("Pump E0002 (bound")
    assert panel.unbind_button.isVisibleTo(workspace)
    assert not panel.bind_button.isVisibleTo(workspace)
    return workspace


def test_a_pump_is_bound_from_the_workspace_and_a_wrong_id_is_refused(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    workspace = bound_workspace(qtbot, db, staff, alice, clock)
    click(qtbot, workspace.pump.unbind_button)
    assert workspace.pump.title.text() == "No pump bound"
    qtbot.keyClicks(workspace.pump.pump_id, "bad|id")
    click(qtbot, workspace.pump.bind_button)
    assert workspace.pump.refusal.text().startswith("Pump: letters, digits")
    assert workspace.pump.title.text() == "No pump bound"


def test_another_patient_on_the_pump_shows_the_high_alarm_and_no_chart_button(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    workspace = bound_workspace(qtbot, db, staff, alice, clock)
    receive_message(db, pcd01(30, "HO2009002"))
    workspace.pump_link.reload()
    panel = workspace.pump
    assert panel.alarms.isVisibleTo(workspace)
    assert panel.alarms.text().startswith("The pump reports another patient (HO2009002)")
    assert "#b71c1c" in panel.alarms.styleSheet()
    assert not panel.chart_button.isVisibleTo(workspace)


def test_the_pump_rate_is_charted_with_one_click(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    workspace = bound_workspace(qtbot, db, staff, alice, clock)
    clock.advance(timedelta(minutes=30))
    chair.record_vitals(db, staff.nurse, workspace.controller.session_id, NORMAL_VITALS)
    workspace.controller.reload()
    receive_message(db, pcd01(60, alice.record_number))
    clock.advance(timedelta(seconds=5))
    workspace.refresh()  # the pump is read again on the clock
    panel = workspace.pump
    assert panel.rate.text() == "60 mL/h"
    assert panel.delivered.text() == "0 mL" and panel.remaining.text() == "250 mL"
    assert panel.status.text() == "Infusing"
    assert "runs at 60 mL/h; the record says 30 mL/h" in panel.alarms.text()
    assert panel.chart_button.text() == f"Chart pump: 60 mL/h at {panel.last_message.text()}"
    assert workspace.infusion.rate.text() == "30 mL/h"
    click(qtbot, panel.chart_button)
    assert workspace.infusion.rate.text() == "60 mL/h"
    assert not panel.chart_button.isVisibleTo(workspace)
    assert not panel.alarms.isVisibleTo(workspace)


def test_the_pumps_delivered_total_is_offered_beside_the_volume_never_put_in_it(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    workspace = bound_workspace(qtbot, db, staff, alice, clock)
    form = workspace.step_forms[Step.END_OF_INFUSION]
    assert not form.pump_total.isVisibleTo(form)
    receive_message(db, pcd01(30, alice.record_number).replace("1.1.2.7|0.0|", "1.1.2.7|42.5|"))
    workspace.pump_link.reload()
    assert form.pump_total.isVisibleTo(form)
    assert form.pump_total.text() == "Pump says 42.5 mL"
    assert form.volume.text() == ""  # offered beside the field, never put in it unasked
    click(qtbot, form.pump_total)
    assert form.volume.text() == "42.5"


def test_the_pumps_stop_is_offered_as_a_pause_and_charted_with_one_click(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    workspace = bound_workspace(qtbot, db, staff, alice, clock)
    stop = (
        (PUMP_MESSAGE.parent / "pcd10_delivery_start.hl7")
        .read_text(encoding="utf-8")
        .replace("HO2009002", alice.record_number)
        .replace("197288^MDC_EVT_PUMP_DELIV_START", "0^MDC_EVT_PUMP_DELIV_STOP")
        .replace("^pump-status-infusing", "^pump-status-not-infusing")
        .replace("1.1.1.2|15.4|", "1.1.1.2|0|")
    )
    receive_message(db, stop)
    workspace.pump_link.reload()
    panel = workspace.pump
    assert "stopped while the record says the infusion is running" in panel.alarms.text()
    assert panel.stop_button.text() == f"Chart pause: pump stopped at {panel.last_message.text()}"
    click(qtbot, panel.stop_button)
    assert workspace.controller.view.status.phase.value == "paused"
    assert not panel.stop_button.isVisibleTo(workspace)
    assert not panel.alarms.isVisibleTo(workspace)
