"""Start to the chair board shown, with a 100,000-session database, against the start of a bare
PySide6 window holding one pyqtgraph plot, measured side by side in one invocation.

Both sides run as fresh processes of this same script (`--child app` / `--child floor`),
alternating (floor, app, app, floor, ...), after one untimed warm-up each. Time is measured from
just before the parent spawns the child (CLOCK_MONOTONIC, shared by all processes) to the end of
the window's first paint: the child's application-wide event filter sees the first Paint event of
its main window, queues a zero timer (it fires once the whole first frame is painted and
flushed), prints the monotonic time and exits. Interpreter start, imports, QApplication,
database and window are all inside the figure, for both sides alike.

The watcher is installed once the window is shown (no paint comes before `show()`: painting
waits for the event loop), on both sides. Installed before the window was built, as it was until
session 5, it sent every event of the construction through Python (a wrapper for the event and
for each widget, the event type converted to a Python enum): nothing for the floor's three
widgets, but 80 to 130 ms of the app's figure for its hundreds, a cost of the measuring that the
program does not have (measured with the watcher before and after the build, same code).

The app side does what `nurse-monitor` does: automatic cycle collection off before the desktop's
imports (`cli.main`, session 5: it took about 35 ms of the start), then what
`nurse_monitor.ui.app.run_app` does after sign-in: `application()` and its collector,
`open_database` (the quick look at the file: header, schema, revision; a file needing a migration
is checked whole and migrated), the signed-in nurse, `open_main_window` (station preferences in a
temporary folder, theme, MainWindow 1366x768 on the ChairBoard). In the program the file's full
page-by-page check starts when the database opens and runs while the nurse signs in (about
1.4 s for this file), so it is over before the board is built; the target figure leaves it out.
A third side, "+check", starts it beside the board instead (a sign-in that took no time), and
its figure is printed too. The three sides take turns going first. The database is
a copy of benchmarks/history_scale.py's seeded file (seeded if absent, ~2 min) with the demo staff
and chairs added (`seed_demo`), so the board shows four chairs over 100,000 finished sessions.
Target (issue): at most 1.5x the floor. Prints figures; not part of the test run.

    .venv/bin/python benchmarks/start_to_board.py [--runs 7] [--folder DIR]
"""

from __future__ import annotations

import time

CHILD_STARTED = time.clock_gettime(time.CLOCK_MONOTONIC)

import argparse  # noqa: E402  (the timestamp above comes first)
import compileall  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

HERE = Path(__file__).resolve()
MARK = "START_TO_BOARD "
BOARD_FILE = "board-bench.db"
ROWS: list[int] = []  # chairs on the board, as the app child saw them


def now() -> float:
    return time.clock_gettime(time.CLOCK_MONOTONIC)


# ----- the two children ---------------------------------------------------------------------


def report_first_paint(app: object, window_type: type, phases: dict[str, float]) -> None:
    """Print the monotonic time once the first frame of a `window_type` window is painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not self.seen
                and event.type() == QEvent.Type.Paint
                and isinstance(watched.window(), window_type)  # type: ignore[attr-defined]
            ):
                self.seen = True
                phases["first paint event"] = now()
                QTimer.singleShot(0, self.done)
            return False

        def done(self) -> None:
            phases["first frame painted"] = now()
            found = {"started": CHILD_STARTED, "phases": phases, "rows": ROWS}
            print(MARK + json.dumps(found), flush=True)
            os._exit(0)  # skip teardown (PySide6 6.12 finalization abort; see chart_redraw.py)

    watcher = FirstPaint()
    app.installEventFilter(watcher)  # type: ignore[attr-defined]
    report_first_paint.watcher = watcher  # type: ignore[attr-defined]  (keep it alive)


def child_floor() -> None:
    """A bare QMainWindow with one pyqtgraph PlotWidget (one line of 300 points), 1366x768."""
    phases: dict[str, float] = {}
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication, QMainWindow

    phases["imports"] = now()
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    plot = pg.PlotWidget()
    plot.plot(list(range(300)), [(i * 7) % 25 for i in range(300)])
    window.setCentralWidget(plot)
    window.resize(1366, 768)
    window.show()
    phases["shown"] = now()
    report_first_paint(app, QMainWindow, phases)  # shown, not yet painted (see the docstring)
    app.exec()


def child_app(url: str, username: str, *, check_beside: bool) -> None:
    """The program's own start after sign-in, up to the ChairBoard painted.

    In the program the file's full check starts when the database opens and runs while the
    nurse signs in (1.4 s for this file, less than any sign-in takes), so it is over when the
    board is built: `check_beside=False`. With `check_beside=True` it runs beside the board
    instead, as it would if the sign-in took no time at all.
    """
    phases: dict[str, float] = {}
    import gc

    gc.disable()  # as cli.main does before the desktop's imports (run_app's collector follows)
    from nurse_monitor.clock import SystemClock
    from nurse_monitor.services.database import open_database
    from nurse_monitor.services.users import actor_by_username
    from nurse_monitor.ui.app import application, open_main_window
    from nurse_monitor.ui.garbage_collection import CollectBetweenEvents
    from nurse_monitor.ui.main_window import MainWindow
    from nurse_monitor.ui.record_check import start_record_check

    phases["imports"] = now()
    app = application()
    collector = CollectBetweenEvents(app)  # as run_app: collects on the event loop's timer
    collector.start()
    phases["QApplication"] = now()
    clock = SystemClock()
    db = open_database(url, clock, full_check=False)  # as run_app: the full check runs beside
    record_check = start_record_check(db) if check_beside else None
    phases["database opened"] = now()
    actor = actor_by_username(db, username)
    window = open_main_window(db, clock, actor, demo=False, record_check=record_check)
    phases["window built, shown"] = now()
    report_first_paint(app, MainWindow, phases)  # shown, not yet painted (see the docstring)
    ROWS.append(len(window.board.chairs) if window.board is not None else 0)
    app.exec()


# ----- the parent ---------------------------------------------------------------------------


def board_database(folder: Path, sessions: int) -> Path:
    """history_scale.py's seeded file, copied once and given the demo staff and chairs."""
    import sqlite3

    sys.path.insert(0, str(HERE.parent))
    from history_scale import prepare

    from nurse_monitor.clock import SystemClock
    from nurse_monitor.services.database import open_database, sqlite_url_for

    target = folder / BOARD_FILE
    if target.exists():
        with sqlite3.connect(target) as conn:
            have = conn.execute("SELECT count(*) FROM infusion_sessions").fetchone()[0]
            demo = conn.execute("SELECT 1 FROM users WHERE username = 'demo.nurse'").fetchone()
        if have >= sessions and demo:
            print(f"reusing {target} ({have:,} sessions, demo chairs in)")
            return target
        target.unlink()
    source_db, source = prepare(folder, sessions)
    source_db.close()
    began = time.perf_counter()
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    db = open_database(sqlite_url_for(target), SystemClock())
    add_demo_staff(db)
    from nurse_monitor.demo.seed import seed_demo

    seed_demo(db)
    db.close()
    took = time.perf_counter() - began
    print(f"made {target} (copy + demo staff and chairs) in {took:.1f} s")
    return target


def add_demo_staff(db: object) -> None:
    """seed_demo adds its staff only to an empty user table; the seeded file has seed staff."""
    from argon2 import PasswordHasher

    from nurse_monitor.demo.seed import DEMO_PASSWORD, DEMO_STAFF
    from nurse_monitor.storage.models import User
    from nurse_monitor.storage.repositories import users

    password_hash = PasswordHasher().hash(DEMO_PASSWORD)
    with db.write() as s:  # type: ignore[attr-defined]
        for username, name, credentials, role in DEMO_STAFF:
            if users.user_by_username(s, username) is None:
                users.add_user(
                    s,
                    User(
                        username=username,
                        full_name=name,
                        credentials=credentials,
                        role=role,
                        password_hash=password_hash,
                        active=True,
                        failed_logins=0,
                        created_at=db.clock.now(),  # type: ignore[attr-defined]
                    ),
                )


def run_child(kind: str, url: str, settings: Path) -> dict[str, Any]:
    """Spawn one child and return its phases, as milliseconds from the spawn."""
    env = dict(os.environ, XDG_CONFIG_HOME=str(settings), PYTHONDONTWRITEBYTECODE="1")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    command = [sys.executable, str(HERE), "--child", kind, "--database-url", url]
    spawned = now()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith(MARK)]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{kind} child failed ({done.returncode}):\n{done.stderr[-2000:]}")
    result = json.loads(lines[-1][len(MARK) :])
    phases = {"interpreter up": (result["started"] - spawned) * 1000}
    phases.update({name: (at - spawned) * 1000 for name, at in result["phases"].items()})
    return {"phases": phases, "rows": result["rows"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed starts of each side")
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "nm-bench", help="databases"
    )
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument(
        "--child", choices=("app", "app-check-beside", "floor"), help=argparse.SUPPRESS
    )
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--username", default="demo.nurse", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child == "floor":
        child_floor()
        return 1  # not reached: the child exits at its first paint
    if args.child in ("app", "app-check-beside"):
        child_app(args.database_url, args.username, check_beside=args.child != "app")
        return 1

    sys.path.insert(0, str(HERE.parent.parent))
    args.folder.mkdir(parents=True, exist_ok=True)
    path = board_database(args.folder, args.sessions)
    size = path.stat().st_size / 1e6
    from nurse_monitor.services.database import sqlite_url_for

    url = sqlite_url_for(path)
    settings = Path(tempfile.mkdtemp(prefix="nm-start-settings-"))
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    print(f"database {path} ({size:.0f} MB); platform {platform}")
    # Bytecode for the program, as an installed one has (pip and PyInstaller compile it); the
    # floor's libraries in site-packages have theirs. Without this, where PYTHONDONTWRITEBYTECODE
    # is set (this machine sets it), the app side compiled its 150 modules at every start.
    compileall.compile_dir(str(HERE.parent.parent / "nurse_monitor"), quiet=1)
    kinds = ("floor", "app", "app-check-beside")
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    for kind in kinds:  # warm-up: page cache, .pyc files
        run_child(kind, url, settings)
    for n in range(args.runs):
        for kind in kinds[n % 3 :] + kinds[: n % 3]:  # each kind first in turn
            runs[kind].append(run_child(kind, url, settings))

    def median(kind: str, phase: str) -> float | None:
        values = [r["phases"][phase] for r in runs[kind] if phase in r["phases"]]
        return statistics.median(values) if values else None

    heading = f"ms from spawn (median of {args.runs})"
    print(f"\n{heading:34} {'floor':>8} {'app':>8} {'+check':>8}")
    names = list(runs["app-check-beside"][0]["phases"])
    names += [n for n in runs["floor"][0]["phases"] if n not in names]
    for name in sorted(names, key=lambda n: median("app", n) or median("floor", n) or 0):
        cells = [median(kind, name) for kind in kinds]
        text = " ".join(f"{c:8.0f}" if c is not None else f"{'':>8}" for c in cells)
        print(f"  {name:32} {text}")
    floor_ms = median("floor", "first frame painted") or 0.0
    app_ms = median("app", "first frame painted") or 0.0
    for kind in kinds:
        every = " ".join(f"{r['phases']['first frame painted']:.0f}" for r in runs[kind])
        print(f"{kind} runs (ms): {every}")
    print(f"chairs on the board: {runs['app'][0]['rows']}")
    ratio = app_ms / floor_ms
    beside_ms = median("app-check-beside", "first frame painted") or 0.0
    print(
        f"with the file check running beside the board (no sign-in time): {beside_ms:.0f} ms, "
        f"{beside_ms / floor_ms:.2f}x"
    )
    print(
        f"start to board painted {app_ms:.0f} ms, floor {floor_ms:.0f} ms: {ratio:.2f}x "
        f"(target <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
