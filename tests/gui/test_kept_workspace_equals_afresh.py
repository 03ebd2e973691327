"""An open workspace kept up to date by the changes it hears (issue 13) shows what a workspace
opened afresh shows, after a mixed series of saves made elsewhere on the station (another
screen's services): readings, a rate step, a pause, pump reports and the pump's rate charted,
a reaction with its medicine, an amendment, an alarm log entry, the patient's phone, another
session charted. Compared: the infusion and pump panels' texts, the readings table, the
reactions panel, the timeline's rows and the chart's points."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import numpy as np
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.alarm_log import AlarmChange, log_alarm_changes
from nurse_monitor.services.amendments import amend_event
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import record_patient_phone
from nurse_monitor.services.patients import NewPatient, register_patient
from nurse_monitor.services.pump_binding import bind_pump
from nurse_monitor.services.pump_charting import chart_pump_rate
from nurse_monitor.services.pump_link import pump_panel
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.gui.station_steps import open_station, open_workspace
from tests.gui.test_pump_reports_in_the_workspace import shown as pump_shown
from tests.services.chair_walk import NORMAL_VITALS, begin_initial, running_session
from tests.services.test_pump_link import PUMP, pcd01
from tests.storage.conftest import Staff


def texts(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def shown(workspace: SessionWorkspace) -> dict[str, object]:
    """What the nurse sees of the session, panel by panel."""
    readings = workspace.readings_model
    points = {}
    for name, trace in workspace.chart.plot_items().items():
        x, _ = trace.curve.getData()
        points[name] = 0 if x is None else len(np.asarray(x))
    pump = pump_shown(workspace)
    for hidden_or_not in ("offer", "alarms"):  # a hidden button's old text is not seen
        visible, text = pump[hidden_or_not]  # type: ignore[misc]
        pump[hidden_or_not] = (visible, text if visible else "")
    return {
        **pump,
        "infusion": texts(workspace.infusion),
        "reactions": texts(workspace.reactions),
        "readings": [
            tuple(readings.data(readings.index(r, c)) for c in range(readings.columnCount()))
            for r in range(readings.rowCount())
        ],
        "chart points": points,
    }


def test_a_workspace_kept_from_the_changes_shows_what_one_opened_afresh_shows(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    bind_pump(db, nurse, session_id, PUMP)
    bob = register_patient(
        db, nurse, NewPatient("MRN-4242", "BROWN", "Bob", date(1975, 5, 5), "male", weight_kg=80)
    )
    bob_session = begin_initial(db, nurse, bob, "Chair 7").id
    window = open_station(qtbot, db, clock, nurse)
    workspace = open_workspace(window, session_id)
    controller = workspace.controller
    window.station.ops.pump_reports_timer.setInterval(0)
    alarm = AlarmCondition(Priority.MEDIUM, ("vitals_overdue",), None)

    def latest(event_type: str) -> int:
        return [t.event.id for t in controller.view.timeline if t.event.type == event_type][-1]

    def chart_offer() -> object:
        panel = pump_panel(db, nurse, session_id)
        assert panel is not None and panel.chart_offer is not None
        return chart_pump_rate(db, nurse, session_id, panel.chart_offer.id)

    steps: list[tuple[Callable[[], object], object]] = [
        (lambda: chair.record_vitals(db, nurse, session_id, NORMAL_VITALS), controller.changed),
        (lambda: receive_message(db, pcd01(30, control="p1")), controller.pump_reported),
        (lambda: chair.pause_infusion(db, nurse, session_id, "to the toilet"), controller.changed),
        (lambda: receive_message(db, pcd01(30, control="p2")), controller.pump_reported),
        (chart_offer, controller.changed),
        (
            lambda: chair.record_vitals(db, nurse, session_id, {**NORMAL_VITALS, "systolic": 86}),
            controller.changed,
        ),
        (
            lambda: reactions.record_reaction(
                db, nurse, session_id, severity="mild", symptoms=["pruritus"], ctcae_grade=1
            ),
            controller.changed,
        ),
        (
            lambda: reactions.record_intervention(
                db, nurse, session_id, drug="cetirizine", dose="10 mg", route="PO"
            ),
            controller.changed,
        ),
        (
            lambda: amend_event(db, nurse, latest("vitals"), "heart_rate", 118, "misread"),
            controller.changed,
        ),
        (
            lambda: log_alarm_changes(db, nurse, [AlarmChange(session_id, "raised", alarm)]),
            controller.alarm_logged,
        ),
        (lambda: chair.record_vitals(db, nurse, bob_session, NORMAL_VITALS), None),
        (lambda: record_patient_phone(db, nurse, alice.id, "+44 20 7946 0958"), None),
        (lambda: reactions.resolve_reaction(db, nurse, session_id, "settled"), controller.changed),
    ]
    for action, signal in steps:
        clock.advance(minutes=2)
        if signal is None:  # not this session's: nothing to show until the next that is
            action()
            continue
        with qtbot.waitSignal(signal, timeout=2000):
            action()
    assert any(line.charted_by for line in controller.view.pump_log)
    afresh = open_workspace(open_station(qtbot, db, clock, nurse), session_id)
    assert shown(workspace) == shown(afresh)
