"""`nurse-monitor pump listen` and `nurse-monitor pump-simulator`: the headless listener as a
process and the simulator's refusals (the log, its purge and the gateways, which sign in, are in
test_pump_log_sign_in.py)."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest

from nurse_monitor import pump_simulator
from nurse_monitor.cli import main
from nurse_monitor.clock import FakeClock
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.services.pump_admin import recent_log
from tests.storage.conftest import make_staff

SCENARIO = Path(__file__).parents[1] / "fixtures" / "scenarios" / "ocrevus-initial-on-schedule.json"
ROOT = Path(__file__).parents[2]


async def no_wait(_: float) -> None:
    return None


@pytest.mark.system
def test_headless_listener_answers_records_itself_and_stops_on_sigterm(tmp_path: Path) -> None:
    url = sqlite_url_for(tmp_path / "centre.db")
    assert main(["--database-url", url, "db", "upgrade"]) == 0
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    listener = subprocess.Popen(
        [sys.executable, "-m", "nurse_monitor", "--database-url", url, "pump", "listen",
         "--port", "0"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert listener.stdout is not None
        line = listener.stdout.readline()
        assert line.startswith("Listening for pump messages on 127.0.0.1:"), line
        target = line.rsplit(" ", 1)[1].strip()
        out, err = io.StringIO(), io.StringIO()
        # No pump is bound: every message is answered (AE) and logged, the simulator says so.
        code = pump_simulator.main(target, "0012210000000000", str(SCENARIO), 10_000.0, out, err,
                                   pace=no_wait)  # fmt: skip
        assert code == pump_simulator.EXIT_NOT_ACKNOWLEDGED
        assert " 0 acknowledged" in out.getvalue()
    finally:
        listener.send_signal(signal.SIGTERM)
        stdout, stderr = listener.communicate(timeout=30)
    assert listener.returncode == 0, stderr
    assert "Pump listener stopped." in stdout
    db = open_database(url, FakeClock(datetime(2026, 3, 2, tzinfo=UTC)))
    try:
        staff = make_staff(db)
        log = recent_log(db, staff.admin, 1000)
        assert len(log) > 150 and {e.ack_code for e in log} == {"AE"}
        charge = staff.charge
        assert [e.username for e in audit_trail(db, charge) if e.action == "pump_listen"] == [
            f"pump listener {target}"
        ]
    finally:
        db.close()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"events": []}, "no infusion_started"),
        ({"bag_volume_ml": -1}, "bag_volume_ml"),
        ({"events": [{"type": "infusion_started", "at": "09:30", "rate_ml_h": 30}]}, "'at'"),
    ],
)
def test_simulator_refuses_a_bad_scenario(tmp_path: Path, change: dict, words: str) -> None:
    scenario = json.loads(SCENARIO.read_text()) | change
    path = tmp_path / "s.json"
    path.write_text(json.dumps(scenario))
    err = io.StringIO()
    code = pump_simulator.main("127.0.0.1:1", "P1", str(path), 60.0, io.StringIO(), err)
    assert code == pump_simulator.EXIT_BAD_INPUT
    assert words in err.getvalue()


@pytest.mark.parametrize("target", ["localhost", "h:0", "h:99999", ":2575"])
def test_simulator_refuses_a_bad_address(target: str) -> None:
    err = io.StringIO()
    assert pump_simulator.main(target, "P1", str(SCENARIO), 60.0, io.StringIO(), err) == 2
    assert "--to: HOST:PORT" in err.getvalue()


def test_simulator_plays_one_message_a_simulated_minute_with_the_events() -> None:
    bag, steps = pump_simulator.rate_history(json.loads(SCENARIO.read_text()))
    moments = list(pump_simulator.pump_moments(bag, steps))
    assert moments[0].event == "START" and moments[-1].event == "COMP"
    assert [m.event for m in moments].count(None) == len(moments) - 2
    gaps = {(b.at - a.at).total_seconds() for a, b in pairwise(moments)}
    assert max(gaps) == 60
    assert moments[-1].delivered_ml == pytest.approx(250, abs=0.5)
