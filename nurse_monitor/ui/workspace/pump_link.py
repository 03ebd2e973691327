"""The chair's edge to the pump link services: bind, unbind, read the pump, chart its rate.

Charting goes through the chair controller (`perform`), so a pump rate is charted exactly like a
typed one: with the version the screen showed, committed before the screen says it is done.

Signals:
    changed(object): the PumpPanel now (None when no pump is bound).
    refused(str, str): the field at fault and the message for the nurse.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QObject, Signal

from nurse_monitor.services.errors import InvalidInput, ServiceError
from nurse_monitor.services.pump_binding import bind_pump, unbind_pump
from nurse_monitor.services.pump_charting import chart_pump_rate, chart_pump_stop
from nurse_monitor.services.pump_link import PumpPanel, pump_panel
from nurse_monitor.ui.workspace.chair_controller import ChairController

READ_EVERY = timedelta(seconds=5)  # how often the chair looks at the pump's last message


class PumpLink(QObject):
    changed = Signal(object)
    refused = Signal(str, str)

    def __init__(self, controller: ChairController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.panel: PumpPanel | None = None
        self._read_at: datetime | None = None

    def reload(self) -> PumpPanel | None:
        c = self.controller
        try:
            self.panel = pump_panel(c.db, c.actor, c.session_id, c.view)  # its record as held
        except ServiceError as error:
            self.refused.emit("Pump", str(error))
            return self.panel
        self._read_at = c.clock.now()
        self.changed.emit(self.panel)
        return self.panel

    def follow_record(self) -> None:
        """The record changed: read the bound pump again, its alarms compare it with the record.
        With no pump bound at the last look there is nothing to compare: a pump bound since
        (at the board, or another station) is found by the next tick, within READ_EVERY, as
        it is when nothing is saved."""
        if self.panel is not None or self._read_at is None:
            self.reload()

    def tick(self) -> None:
        """Read the pump again when READ_EVERY has passed on the clock."""
        now = self.controller.clock.now()
        if self._read_at is None or now - self._read_at >= READ_EVERY:
            self.reload()

    def bind(self, pump_id: str) -> bool:
        c = self.controller
        try:
            bind_pump(c.db, c.actor, c.session_id, pump_id)
        except InvalidInput as refusal:
            self.refused.emit(refusal.field, refusal.detail)
            return False
        except ServiceError as error:
            self.refused.emit("Pump", str(error))
            return False
        self.reload()
        return True

    def unbind(self) -> bool:
        c = self.controller
        try:
            unbind_pump(c.db, c.actor, c.session_id)
        except ServiceError as error:
            self.refused.emit("Pump", str(error))
            return False
        self.reload()
        return True

    def chart_offer(self) -> bool:
        """Chart the offered pump rate (the nurse's click); True once committed."""
        offer = self.panel.chart_offer if self.panel is not None else None
        if offer is None:
            return False
        done = self.controller.perform(chart_pump_rate, offer.id)
        self.reload()
        return done

    def chart_stop(self) -> bool:
        """Chart the pump's stop as a pause (the nurse's click); True once committed."""
        offer = self.panel.stop_offer if self.panel is not None else None
        if offer is None:
            return False
        done = self.controller.perform(chart_pump_stop, offer.id)
        self.reload()
        return done
