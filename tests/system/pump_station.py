"""A station receiving pumps, as a real process: its pump link on, headless.

    python pump_station.py DATABASE_URL PORT

It opens the record, starts the station's pump link (which starts the listener process) and
prints `listening <listener pid> <port>` once the listener is bound; then it runs until killed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nurse_monitor.clock import SystemClock  # noqa: E402
from nurse_monitor.services.database import open_database  # noqa: E402
from nurse_monitor.ui.preferences import Preferences  # noqa: E402
from nurse_monitor.ui.pump_receiver import StationPumpLink  # noqa: E402


def main() -> int:
    url, port = sys.argv[1], int(sys.argv[2])
    app = QApplication([])
    db = open_database(url, SystemClock())
    settings = QSettings(
        str(Path(os.environ.get("TMPDIR", "/tmp")) / f"pump-station-{os.getpid()}.ini"),
        QSettings.Format.IniFormat,
    )
    preferences = Preferences(settings)
    link = StationPumpLink(db, preferences)

    def said(status: str) -> None:
        if link.address and link.receiver is not None:
            print(f"listening {link.receiver.process.processId()} {port}", flush=True)

    link.status_changed.connect(said)
    preferences.set_pump_link(True, "127.0.0.1", port)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(app.quit)
    deadline.start(120_000)  # never left running by a test that went wrong
    app.exec()
    link.stop()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
