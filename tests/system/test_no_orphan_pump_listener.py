"""A station killed outright (a crash, kill -9) leaves no pump listener behind holding the port:
the listener process stops when its station's pipe closes."""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from nurse_monitor.services.database import Database
from tests.gui.test_pump_receiver import free_port

STATION = Path(__file__).with_name("pump_station.py")


def running(pid: int) -> bool:
    """Alive and not a zombie waiting for a parent that is gone."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_station_leaves_no_listener_holding_the_port(db: Database) -> None:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    station = subprocess.Popen(
        [sys.executable, str(STATION), db.engine.url.render_as_string(False), str(port)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert station.stdout is not None
        line = station.stdout.readline()  # waits for the listener to be bound
        word, pid_text, _ = line.split()
        listener = int(pid_text)
        assert word == "listening" and running(listener)
        ended = os.pidfd_open(listener)  # readable once the listener process has ended
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.settimeout(30)
            station.send_signal(signal.SIGKILL)  # no chance to stop anything itself
            station.wait(30)
            # The listener ends with its station: its connections close (EOF, not a timeout).
            assert sock.recv(1024) == b""
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        readable, _, _ = select.select([ended], [], [], 30)
        os.close(ended)
        assert readable and not running(listener)
    finally:
        if station.poll() is None:
            station.kill()
            station.wait(30)
