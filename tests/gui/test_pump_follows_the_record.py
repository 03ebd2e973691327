"""A save reads the chair's pump again only when one is bound (its alarms compare it with the
record); with none bound, a pump bound elsewhere is found by the panel's next look, every
READ_EVERY, as when nothing is saved."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_binding import bind_pump
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.workspace import pump_link
from tests.gui.test_chair_workspace import open_workspace, window_for
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.storage.conftest import Staff


def test_a_save_reads_the_pump_only_when_one_is_bound(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    workspace = open_workspace(window_for(qtbot, db, staff, clock), session_id)
    workspace.stop_live_updates()
    reads: list[int] = []
    read = pump_link.pump_panel

    def counted(*args: object) -> object:
        reads.append(1)
        return read(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(pump_link, "pump_panel", counted)
    clock.advance(minutes=15)
    assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    assert reads == [] and workspace.pump.title.text() == "No pump bound"

    bind_pump(db, staff.nurse, session_id, "E0002")  # at the board
    clock.advance(seconds=5)
    workspace.refresh()  # the panel's next look
    assert workspace.pump.title.text().startswith("Pump E0002 (bound")
    looked = len(reads)
    clock.advance(minutes=15)
    assert workspace.controller.perform(chair.record_vitals, NORMAL_VITALS)
    assert len(reads) == looked + 1  # bound: read again with the record
