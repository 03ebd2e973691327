"""A pump report with the chair's workspace open (issue 13, "One edge for changes"): a change
naming only pump observations refreshes the pump panel, the chart's pump line and the
timeline's pump lines from the view the workspace carries; the chair is not read again, and
what it shows equals a workspace opened afresh."""

from __future__ import annotations

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import pump_link as pump_link_service
from nurse_monitor.services import view_update
from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_binding import bind_pump
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.workspace import chair_controller
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.gui.station_steps import open_station, open_workspace
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.services.test_pump_link import pcd01
from tests.storage.conftest import Staff

RATES = (30, 30, 45, 45, 45, 60, 120, 120)  # a steady rate, steps up, one above the plan's


def shown(workspace: SessionWorkspace) -> dict[str, object]:
    panel = workspace.pump
    labels = (panel.title, panel.rate, panel.delivered, panel.remaining, panel.status)
    trace = workspace.chart.plot_items()["pump_rate"]
    x, y = trace.curve.getData()
    model = workspace.timeline.model
    return {
        "panel": [label.text() for label in (*labels, panel.last_message)],
        "alarms": (panel.alarms.isVisibleTo(panel), panel.alarms.text()),
        "offer": (panel.chart_button.isVisibleTo(panel), panel.chart_button.text()),
        "pump line": (
            [] if x is None else np.asarray(x).tolist(),
            [] if y is None else np.nan_to_num(np.asarray(y), nan=-1.0).tolist(),
        ),
        "rate scale": workspace.chart.rate_plot.viewRange()[1],
        "timeline": [
            tuple(model.data(model.index(r, c)) for c in range(3)) for r in range(model.rowCount())
        ],
    }


def test_pump_reports_refresh_only_the_pump_and_equal_a_workspace_opened_afresh(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    bind_pump(db, staff.nurse, session_id, "E0002")
    window = open_station(qtbot, db, clock, staff.nurse)
    workspace = open_workspace(window, session_id)
    controller = workspace.controller
    ops = window.station.ops
    ops.pump_reports_timer.setInterval(0)  # taken together at once, not after a second
    full: list[object] = []
    controller.changed.connect(full.append)
    chair_reads: list[object] = []
    build = pump_link_service.build_view

    def no_chair_read(*args: object, **kwargs: object) -> object:
        chair_reads.append(args)
        return build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pump_link_service, "build_view", no_chair_read)
    monkeypatch.setattr(view_update, "build_view", no_chair_read)
    monkeypatch.setattr(chair_controller, "chair_view", no_chair_read)
    for n, rate in enumerate(RATES):
        clock.advance(minutes=1)
        with qtbot.waitSignal(controller.pump_reported, timeout=2000):
            receive_message(db, pcd01(rate, alice.record_number, f"r{n}"))
    assert full == [] and chair_reads == []  # neither the chair nor the panel read it again
    monkeypatch.undo()
    assert len(workspace.controller.view.pump_log) >= 4  # 30, 45, 60, 120 at least
    assert "120" in workspace.pump.rate.text()

    fresh = open_workspace(open_station(qtbot, db, clock, staff.nurse), session_id)
    assert shown(workspace) == shown(fresh)
    assert workspace.controller.view.pump_log == fresh.controller.view.pump_log

    # A save after the reports (the whole path again): still the same as afresh.
    clock.advance(minutes=1)
    assert controller.perform(chair.record_vitals, NORMAL_VITALS)
    again = open_workspace(open_station(qtbot, db, clock, staff.nurse), session_id)
    assert shown(workspace) == shown(again)
