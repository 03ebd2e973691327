"""The station's pump listener, when this station is set to receive pump messages.

Off by default. Settings live in this station's QSettings under `pump_link/` (enabled, host,
port; 127.0.0.1 and 2575 by default). The listener runs on its own thread (services); each
receipt crosses to the UI thread as `received` and the open workspace of that session reads its
pump again.

Signals:
    received(object): a PumpReceipt, on the UI thread.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QSettings, Signal

from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_listener import DEFAULT_HOST, DEFAULT_PORT, PumpListener
from nurse_monitor.services.pump_receiving import PumpReceipt

log = logging.getLogger(__name__)


class PumpLinkSettings:
    """This station's pump link settings: a typed wrapper that receives its QSettings."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @property
    def enabled(self) -> bool:
        return str(self._settings.value("pump_link/enabled", "false")).lower() == "true"

    @property
    def host(self) -> str:
        return str(self._settings.value("pump_link/host", DEFAULT_HOST)) or DEFAULT_HOST

    @property
    def port(self) -> int:
        text = str(self._settings.value("pump_link/port", DEFAULT_PORT))
        return int(text) if text.isdigit() and 0 <= int(text) <= 65535 else DEFAULT_PORT

    def set(self, enabled: bool, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        if not 0 <= port <= 65535:
            raise ValueError("Pump link port: 1 to 65535")
        self._settings.setValue("pump_link/enabled", "true" if enabled else "false")
        self._settings.setValue("pump_link/host", host.strip() or DEFAULT_HOST)
        self._settings.setValue("pump_link/port", port)


class PumpReceiver(QObject):
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


def start_pump_receiver(
    db: Database, settings: PumpLinkSettings, window: object
) -> PumpReceiver | None:
    """Start receiving when this station is set to; the open workspaces follow their pumps."""
    if not settings.enabled:
        return None
    receiver = PumpReceiver(db, settings.host, settings.port)
    try:
        where = receiver.start()
    except (OSError, TimeoutError) as error:
        log.error("pump link not started: %s", error)
        return None
    log.info("pump link listening on %s", where)

    def follow(receipt: PumpReceipt) -> None:
        workspaces = getattr(window, "workspaces", {})
        workspace = workspaces.get(receipt.session_id) if receipt.session_id else None
        if workspace is not None:
            workspace.pump_link.reload()

    receiver.received.connect(follow)
    return receiver
