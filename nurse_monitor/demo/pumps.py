"""The demo's pumps keep reporting while the demo runs, as real pumps do about once a minute.

Each demo chair's simulated pump hands a PCD-01 message to the same service the listener uses
(no network), with what the record says is running; so the pump panel stays live and the demo
raises no "pump quiet" alarm of its own making. A pump unbound at the end stops reporting.
"""

from __future__ import annotations

from datetime import timedelta

from nurse_monitor.demo.chairs import DemoPump
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import chair_view, open_session_ids
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.pump_link import pump_panel

REPORT_EVERY = timedelta(minutes=1)  # IHE PCD-01 pumps report about once a minute


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
