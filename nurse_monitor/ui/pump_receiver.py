"""The station's pump listener, when this station is set to receive pump messages.

Off by default. The setting is a station preference (`Preferences.pump_link`: enabled, host,
port; 127.0.0.1 and 2575 by default), edited in the Preferences dialog and applied at once. The
listener runs on its own thread (services); what it keeps reaches the screens through the
station's change edge (ui/station.py), pump reports taken together once a second.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QMainWindow

from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_listener import PumpListener, why_not_listening
from nurse_monitor.services.pump_receiving import PumpReceipt
from nurse_monitor.ui import colors, dialogs
from nurse_monitor.ui.preferences import Preferences

log = logging.getLogger(__name__)


class PumpReceiver(QObject):
    """One listener on one address.

    Signals:
        received(object): a PumpReceipt, on the UI thread.
    """

    received = Signal(object)

    def __init__(self, db: Database, host: str, port: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listener = PumpListener(db, host, port, on_receipt=self._on_listener_receipt)

    def start(self) -> str:
        address = self.listener.start()
        return f"{address.host}:{address.port}"

    def stop(self) -> None:
        self.listener.stop()

    def _on_listener_receipt(self, receipt: PumpReceipt) -> None:
        self.received.emit(receipt)  # called on the listener's thread: queued to the UI's


class StationPumpLink(QObject):
    """This station's receiver, following the pump link preference without a restart.

    `apply()` stops the running receiver and starts one on the address now chosen; a change
    of `preferences.pump_link` applies itself. A bind failure ("Port 2575 is in use by another
    program") is never a crash: the listener is left off, `failed` says why, and the status
    label (in the main window's status bar) keeps saying so until the next apply.

    Signals:
        received(object): a PumpReceipt, on the UI thread.
        status_changed(str): the status label's new text ("" when the link is off).
        failed(str): the listener could not start; why, in plain words.
    """

    received = Signal(object)
    status_changed = Signal(str)
    failed = Signal(str)

    def __init__(
        self, db: Database, preferences: Preferences, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.preferences = preferences
        self.receiver: PumpReceiver | None = None
        self.status = ""
        self.problem: str | None = None
        preferences.changed.connect(self._on_preferences_changed)

    def apply(self) -> None:
        self.stop()
        setting = self.preferences.pump_link
        if not setting.enabled:
            self._say("", None)
            return
        receiver = PumpReceiver(self.db, setting.host, setting.port, self)
        try:
            where = receiver.start()
        except (OSError, TimeoutError) as error:
            receiver.stop()
            why = why_not_listening(error, setting.host, setting.port)
            log.error("pump link not started: %s", why)
            self._say(f"Pump link off: {why}", why)
            self.failed.emit(why)
            return
        receiver.received.connect(self.received)
        self.receiver = receiver
        log.info("pump link listening on %s", where)
        self._say(f"Pump link: receiving on {where}", None)

    def stop(self) -> None:
        if self.receiver is not None:
            self.receiver.stop()
            self.receiver.received.disconnect(self.received)
            self.receiver.deleteLater()
            self.receiver = None

    def _say(self, status: str, problem: str | None) -> None:
        self.problem = problem
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)

    def _on_preferences_changed(self, key: str) -> None:
        if key == "pump_link":
            self.apply()


def show_pump_link(link: StationPumpLink, window: QMainWindow) -> QLabel:
    """The link's status in the window's status bar, and a failure told plainly. (What a pump
    said reaches the board and its chair's workspace through the station's change edge, taken
    together once a second: never a chair's work per message on this thread.)"""
    label = QLabel(link.status, window)
    label.setAccessibleName(window.tr("Pump link status"))
    label.setVisible(bool(link.status))

    def show_status(text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        label.setStyleSheet(colors.text_style("error") if link.problem else "")

    def tell(why: str) -> None:
        dialogs.dialogs.error(
            window,
            window.tr("Pump link not started"),
            window.tr("%1. Pump messages are not received at this station; choose another "
                      "port in Preferences, or stop the other program.").replace("%1", why),
        )  # fmt: skip

    link.status_changed.connect(show_status)
    link.failed.connect(tell)
    window.statusBar().addPermanentWidget(label)
    show_status(link.status)
    return label
