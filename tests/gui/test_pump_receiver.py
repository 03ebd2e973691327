"""The station's pump listener: off by default, and a receipt reaches the open workspace."""

from __future__ import annotations

import socket
from pathlib import Path

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.preferences import Preferences, PumpLinkSetting
from nurse_monitor.ui.pump_receiver import StationPumpLink, show_pump_link
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.gui.workspace_steps import click
from tests.services.chair_walk import running_session
from tests.storage.conftest import Staff

PUMP_MESSAGE = Path(__file__).parents[1] / "fixtures" / "pump" / "pcd01_rates.hl7"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_off_unless_this_station_is_set_to_receive(db: Database, preferences: Preferences) -> None:
    assert preferences.pump_link == PumpLinkSetting(False, "127.0.0.1", 2575)
    link = StationPumpLink(db, preferences)
    link.apply()
    assert link.receiver is None and link.status == ""


def test_a_message_received_reaches_the_open_workspace_through_the_change_edge(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
) -> None:
    window = window_for(qtbot, db, staff, clock)
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    workspace = open_workspace(window, session_id)
    qtbot.keyClicks(workspace.pump.pump_id, "E0002")
    click(qtbot, workspace.pump.bind_button)
    link = StationPumpLink(db, window.preferences, window)
    show_pump_link(link, window)
    port = free_port()
    window.preferences.set_pump_link(True, "127.0.0.1", port)  # applies itself
    try:
        qtbot.waitUntil(lambda: link.address == f"127.0.0.1:{port}", timeout=20000)
        text = PUMP_MESSAGE.read_text().replace("HO2009002", alice.record_number)
        ops = window.station.ops
        with (
            # (the board's alarm log entries reach the edge too: wait for the pump's report)
            qtbot.waitSignal(
                ops.changed, timeout=5000, check_params_cb=lambda c: c.pump_reports_only
            ) as edge,
            socket.create_connection(("127.0.0.1", port), timeout=5) as sock,
        ):
            sock.sendall(b"\x0b" + text.encode() + b"\x1c\r")
            assert b"MSA|AA|" in sock.recv(65536)
        # One pump report, taken with any others of the same second: the chair reads it.
        assert edge.args[0].pump_reports_only and edge.args[0].session_ids == {session_id}
        assert workspace.pump.rate.text() == "15.4 mL/h"
    finally:
        link.stop()
