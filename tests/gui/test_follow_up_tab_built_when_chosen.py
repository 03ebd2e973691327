"""The follow-up worklist beside the chairs is built the first time its tab is chosen, not while
the station starts; what it shows then is the record as it stands at that moment."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock, local_date
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import record_attempt, record_patient_phone
from nurse_monitor.services.follow_ups import follow_up_worklist
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.follow_up.worklist import FollowUpWorklist
from nurse_monitor.ui.preferences import Preferences
from tests.gui.station_steps import open_station
from tests.services.follow_up_walk import signed_session
from tests.storage.conftest import Staff


def test_the_worklist_is_built_when_its_tab_is_first_chosen_and_reads_the_record_then(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
) -> None:
    record_patient_phone(db, staff.nurse, alice.id, "01632 960123")
    session_id = signed_session(db, staff, alice, clock)
    clock.set(clock.now().replace(hour=9, minute=30) + timedelta(days=1))
    window = open_station(qtbot, db, clock, staff.nurse, preferences, chime, notifier, show=True)
    assert window.tabs.currentWidget() is window.board
    assert window.findChild(FollowUpWorklist) is None
    assert window.follow_ups.worklist is None

    # A call tried at another station before this one ever showed its worklist.
    record_attempt(db, staff.nurse, session_id, "no answer", preferences.working_weekdays)

    window.tabs.setCurrentWidget(window.follow_ups)
    worklist = window.findChild(FollowUpWorklist)
    assert worklist is not None and worklist is window.follow_ups.worklist
    assert worklist.isVisible()
    expected = follow_up_worklist(
        db, staff.nurse, local_date(clock.now()), preferences.working_weekdays, with_closed=True
    )
    assert [i.session_id for i in worklist.items] == [i.session_id for i in expected]
    assert worklist.table.rowCount() == 1
    assert worklist.table.item(0, 1).text() == "Due today"
    assert worklist.table.item(0, 5).text() == "1"  # the attempt made before the tab was built
    assert "1 to make" in worklist.day_label.text()

    window.show_chairs()
    window.tabs.setCurrentWidget(window.follow_ups)
    assert window.findChildren(FollowUpWorklist) == [worklist]  # built once


START = """
import sys
import nurse_monitor.ui.app
import nurse_monitor.ui.main_window
for name in ("hl7", "nurse_monitor.services.pump_listener", "nurse_monitor.ui.follow_up.worklist"):
    assert name not in sys.modules, f"the start imported {name}"
print("ok")
"""


def test_the_start_imports_neither_the_pump_listener_nor_the_worklist() -> None:
    done = subprocess.run(
        [sys.executable, "-c", START], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
