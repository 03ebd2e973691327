"""A second station as a real process: a chair board on the change edge, headless.

    python board_station.py DATABASE_URL USER_ID USERNAME ROLE

It opens the database, shows its board (offscreen), watches other stations through the edge
(LISTEN on PostgreSQL, data_version on SQLite), prints `ready`, and prints `seen <wall time>`
the moment its board shows a chair it did not have, then exits. A 30-second safety poll is
not what brings it: the board's own timer is not started.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nurse_monitor.clock import SystemClock  # noqa: E402
from nurse_monitor.services.actors import Actor  # noqa: E402
from nurse_monitor.services.database import open_database  # noqa: E402
from nurse_monitor.ui.board.chair_board import ChairBoard  # noqa: E402
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier  # noqa: E402
from nurse_monitor.ui.preferences import Preferences  # noqa: E402
from nurse_monitor.ui.station import Station  # noqa: E402


def main() -> int:
    url, user_id, username, role = sys.argv[1:5]
    app = QApplication([])
    db = open_database(url, SystemClock())
    actor = Actor(int(user_id), username, username, role)
    settings = QSettings(
        str(Path(os.environ.get("TMPDIR", "/tmp")) / f"board-{os.getpid()}.ini"),
        QSettings.Format.IniFormat,
    )
    station = Station(db, SystemClock(), Preferences(settings), actor)
    ops = station.ops
    board = ChairBoard(station, RecordingChime(), RecordingNotifier())
    before = len(board.chairs)
    ops.watch_other_stations()
    listener = ops._listener
    if listener is not None:  # PostgreSQL: LISTEN is in place before we say ready
        listener.ready.wait(10)

    def look() -> None:
        if len(board.chairs) > before:
            print(f"seen {time.time():.6f}", flush=True)
            ops.detach()
            app.quit()

    ops.changed.connect(lambda _changes: look())
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(app.quit)
    deadline.start(20_000)
    print("ready", flush=True)
    app.exec()
    ops.detach()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
