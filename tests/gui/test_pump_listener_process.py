"""The station's pump listener runs in a process of its own (issue 19, the UI's frame time under
ingest): the station starts it, a pump's message reaches the board through the change edge,
the process ends when the link is turned off, when the program quits, and when it dies it is
started again; on both backends."""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.changes import Changes
from nurse_monitor.services.database import Database, sqlite_url_for
from nurse_monitor.services.pump_binding import bind_pump
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.pump_receiver import StationPumpLink, show_pump_link
from tests.gui.station_steps import open_station
from tests.gui.test_pump_link_preferences import answers, process_alive
from tests.gui.test_pump_receiver import PUMP_MESSAGE, free_port
from tests.plugins.databases import BACKENDS, _fresh_postgres_database
from tests.services.chair_walk import running_session
from tests.storage.conftest import Staff

PUMP = "E0002"  # the device identifier in the fixture message (OBX-18)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Both backends here (the GUI tests' default is SQLite only): the listener process finds
    the station's record, and the station hears of its commits, on each."""
    if request.param == "sqlite":
        yield sqlite_url_for(tmp_path / "record.db")
    else:
        yield from _fresh_postgres_database()


def station_receiving(qtbot: QtBot, window: MainWindow) -> tuple[StationPumpLink, int]:
    """The station as the program runs it: watching the record, its pump link on a free port."""
    window.reopen_sessions()  # watches other stations: data_version, or LISTEN
    listener = window.station.ops._listener
    if listener is not None:
        assert listener.ready.wait(10)
    link = StationPumpLink(window.db, window.preferences, window)
    show_pump_link(link, window)
    port = free_port()
    window.preferences.set_pump_link(True, "127.0.0.1", port)  # applies itself
    qtbot.waitUntil(lambda: link.address == f"127.0.0.1:{port}", timeout=20000)
    return link, port


def send(port: int, text: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"\x0b" + text.encode() + b"\x1c\r")
        return sock.recv(65536)


def pid_of(link: StationPumpLink) -> int:
    assert link.receiver is not None
    return int(link.receiver.process.processId())


def test_the_board_shows_the_pumps_rate_from_the_listener_process_and_off_ends_it(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    bind_pump(db, staff.nurse, session_id, PUMP)
    window = open_station(qtbot, db, clock, staff.nurse)
    board = window.board
    assert board is not None
    link, port = station_receiving(qtbot, window)
    try:
        pid = pid_of(link)
        assert pid != os.getpid() and process_alive(pid)
        seen: list[Changes] = []
        window.station.ops.changed.connect(seen.append)
        text = PUMP_MESSAGE.read_text().replace("HO2009002", alice.record_number)
        assert b"MSA|AA|" in send(port, text)
        # The pump's rate on the board (it disagrees with the charted 30 mL/h), brought by the
        # change edge: the listener's commit was this station's, never another's.
        qtbot.waitUntil(
            lambda: any("The pump runs at 15.4 mL/h" in a for c in board.chairs for a in c.alerts),
            timeout=10000,
        )
        assert not [c for c in seen if c.everything]
        assert any(c.pump_reports_only and session_id in c.session_ids for c in seen)
        window.preferences.set_pump_link(False, "127.0.0.1", port)  # turned off
        assert link.receiver is None and not process_alive(pid)
        with pytest.raises(ConnectionRefusedError):
            answers(port)
    finally:
        link.stop()


def test_a_listener_that_dies_is_started_again_and_quitting_the_program_ends_it(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock
) -> None:
    window = open_station(qtbot, db, clock, staff.nurse)
    link, port = station_receiving(qtbot, window)
    try:
        first = pid_of(link)
        with qtbot.waitSignal(link.status_changed, timeout=10000) as said:
            os.kill(first, signal.SIGKILL)
        assert said.args[0].startswith("Pump link interrupted:")
        assert link.problem
        qtbot.waitUntil(lambda: link.address == f"127.0.0.1:{port}", timeout=20000)
        assert link.status == f"Pump link: receiving on 127.0.0.1:{port}" and not link.problem
        second = pid_of(link)
        assert second != first and answers(port)
        QCoreApplication.instance().aboutToQuit.emit()  # type: ignore[union-attr]
        assert link.receiver is None and not process_alive(second)
    finally:
        link.stop()
