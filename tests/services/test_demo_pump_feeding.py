"""The demo's simulated pumps report from a thread of their own, never the UI thread (issue 19):
the station hears of them through the change edge, as of a gateway's pumps."""

from __future__ import annotations

import threading
from datetime import timedelta

from nurse_monitor.clock import FakeClock
from nurse_monitor.demo.pumps import DemoPumpFeed, DemoPumpFeedThread
from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_link import pump_panel
from tests.services.test_demo_pumps import one_demo_chair_infusing
from tests.storage.conftest import Staff


def test_the_demo_pumps_report_on_their_own_thread_and_never_go_quiet(
    db: Database, staff: Staff, clock: FakeClock
) -> None:
    session_id = one_demo_chair_infusing(db, staff, clock)
    committed_on: list[threading.Thread] = []
    db.add_change_listener(lambda _changes: committed_on.append(threading.current_thread()))
    looks: list[int] = []
    five = threading.Event()

    def after_look(feed: DemoPumpFeed) -> None:  # on the feed's thread
        looks.append(len(feed.pumps))
        if len(looks) == 5:
            five.set()
        elif len(looks) < 5:
            clock.advance(timedelta(minutes=1))  # a minute between looks: each pump reports

    feeding = DemoPumpFeedThread(db, staff.nurse, every_s=0.001, on_tick=after_look)
    feeding.start()
    try:
        assert five.wait(60), "the demo pumps never looked five times"
    finally:
        feeding.stop()
    assert looks[:5] == [1] * 5
    assert committed_on and threading.main_thread() not in committed_on
    assert {t.name for t in committed_on} == {"demo-pumps"}
    panel = pump_panel(db, staff.nurse, session_id)
    assert panel is not None and panel.last_message_at == clock.now()
    assert "pump_quiet" not in {a.code for a in panel.alerts}  # four minutes, never quiet
