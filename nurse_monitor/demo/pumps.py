"""The demo's pumps keep reporting while the demo runs, as real pumps do about once a minute.

Each demo chair's simulated pump hands a PCD-01 message to the same service the listener uses
(no network), with what the record says is running; so the pump panel stays live and the demo
raises no "pump quiet" alarm of its own making. A pump unbound at the end stops reporting.
`DemoPumpFeedThread` does it on a thread of its own, as a gateway would: the station's UI
thread only hears of it through the change edge.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from nurse_monitor.demo.chairs import DemoPump
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import chair_view, open_session_ids
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.pump_link import pump_panel

REPORT_EVERY = timedelta(minutes=1)  # IHE PCD-01 pumps report about once a minute
LOOK_EVERY_S = 15.0  # the demo pumps look this often whether a minute has passed (ours)
_log = logging.getLogger(__name__)


class DemoPumpFeed:
    """The demo's bound pumps; `tick()` (from a timer) has each report when a minute passed."""

    def __init__(self, db: Database, nurse: Actor) -> None:
        self.db, self.nurse = db, nurse
        self.pumps: list[DemoPump] = []
        for session_id in open_session_ids(db, nurse):
            panel = pump_panel(db, nurse, session_id)
            if panel is None:
                continue
            patient = chair_view(db, nurse, session_id).patient.record_number
            self.pumps.append(DemoPump(db, nurse, session_id, panel.pump_id, patient, bind=False))

    def tick(self) -> None:
        for pump in list(self.pumps):
            try:
                if pump_panel(self.db, self.nurse, pump.session_id) is None:
                    self.pumps.remove(pump)  # unbound at the end of its infusion
                    continue
                pump.report(every=REPORT_EVERY)
            except ServiceError:
                continue  # the record unreachable: the board says so; try at the next tick


class DemoPumpFeedThread:
    """The demo's pumps, fed on a thread of their own (never the UI thread).

    `every_s` paces the looks (the feed's own clock decides whether a pump reports);
    `on_tick`, if given, is called on that thread after each look.
    """

    def __init__(
        self,
        db: Database,
        nurse: Actor,
        every_s: float = LOOK_EVERY_S,
        on_tick: Callable[[DemoPumpFeed], None] | None = None,
    ) -> None:
        self.db, self.nurse, self.every_s, self.on_tick = db, nurse, every_s, on_tick
        self.feed: DemoPumpFeed | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="demo-pumps", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(10)

    def _run(self) -> None:
        try:
            self.feed = DemoPumpFeed(self.db, self.nurse)  # reading the chairs: here too
        except ServiceError as error:
            _log.warning("demo pumps not started: %s", error)
            return
        while not self._stop.wait(self.every_s):
            try:
                self.feed.tick()
            except Exception:  # the demo's pumps must never take the station down
                _log.exception("demo pumps: a look failed")
            if self.on_tick is not None:
                self.on_tick(self.feed)
