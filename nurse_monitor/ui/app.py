"""Start the desktop program: QApplication, style, database (migrated first), main window."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from nurse_monitor import APP_DISPLAY_NAME, APP_NAME, ORGANIZATION
from nurse_monitor.clock import Clock
from nurse_monitor.paths import resource
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.database import CANNOT_OPEN, Database, open_database
from nurse_monitor.services.record_admin import is_in_memory, record_file
from nurse_monitor.services.users import has_users
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.board.signals_out import Chime
from nurse_monitor.ui.first_paint import AfterFirstPaint
from nurse_monitor.ui.garbage_collection import CollectBetweenEvents
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.record_check import RecordFileCheck, show_record_damage, start_record_check
from nurse_monitor.ui.sign_in_dialog import SignInDialog
from nurse_monitor.ui.themes import apply_theme
from nurse_monitor.ui.window_place import Zoom, place_window, remember_place

if TYPE_CHECKING:
    from nurse_monitor.demo.pumps import DemoPumpFeedThread  # only the demo needs it


def application() -> QApplication:
    """The one QApplication, created with the program's names and the Fusion style."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    set_application_names()
    app = QApplication(sys.argv[:1])
    install_plurals(app)
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(resource("icons/nurse-monitor.svg"))))
    return app


def set_application_names() -> None:
    """Organisation and application name for QSettings; no display name on purpose.

    On X11 and Windows Qt appends the display name to every window title that does not already
    end with it: the main window's "Nurse Monitor — DEMO DATA" became "Nurse Monitor — DEMO
    DATA — Nurse Monitor". Each window names itself instead.
    """
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APP_NAME)


def install_plurals(app: QApplication) -> QTranslator | None:
    """English plural forms for tr("%n ...", "", n): "1 chair in use", "4 chairs in use".

    The source strings say "chair(s)"; resources/translations/nurse_monitor_en.qm (compiled
    from the .ts beside it with pyside6-lrelease) holds the singular and plural of each.
    """
    translator = QTranslator()  # no Qt parent: Python owns it, and the app keeps it installed
    if not translator.load(str(resource("translations/nurse_monitor_en.qm"))):
        return None
    if not app.installTranslator(translator):
        return None
    _INSTALLED.append(translator)
    return translator


_INSTALLED: list[QTranslator] = []


WORKSPACE_PRELOAD_MS = 1500


def _load_workspace_module() -> None:
    import nurse_monitor.ui.workspace.workspace  # noqa: F401


def open_main_window(
    db: Database,
    clock: Clock,
    actor: Actor | None,
    demo: bool,
    record_check: RecordFileCheck | None = None,
) -> MainWindow:
    """The main window on the chairs; `record_check` is the file check still running, if any."""
    preferences = Preferences.for_station()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, preferences.theme)
    # The sound device opens once the board is on screen (AfterFirstPaint below); an alarm
    # found while the board is built sounds then.
    chime = Chime(held=True)
    window = MainWindow(db, clock, actor=actor, demo=demo, preferences=preferences, chime=chime)
    place_window(window, preferences)  # inside the screen, or where the nurse left it
    window.zoom = Zoom(window, preferences)  # type: ignore[attr-defined]
    window.show()
    if window.board is not None:
        window.sound_after_paint = AfterFirstPaint(window, chime.release)  # type: ignore[attr-defined]
    window.record_check = record_check
    if record_check is not None and record_check.problems is None:
        record_check.finished.connect(lambda _problems: show_record_damage(window, db))
    # The chair workspace (and pyqtgraph with it) is loaded once the board is up, so the first
    # chair the nurse opens does not wait for it.
    QTimer.singleShot(WORKSPACE_PRELOAD_MS, _load_workspace_module)
    if not demo:
        window.start_idle_lock()
    return window


def start_demo_pumps(db: Database, actor: Actor) -> DemoPumpFeedThread:
    """The demo's simulated pumps keep reporting while the demo runs, on a thread of their own
    (demo/pumps.py); what they report reaches the screens through the change edge."""
    from nurse_monitor.demo.pumps import DemoPumpFeedThread

    feeding = DemoPumpFeedThread(db, actor)
    feeding.start()
    return feeding


def ask_who_is_signing_in(db: Database) -> Actor | None:
    """First start: create the administrator; then sign in. None if the user closes it."""
    if not has_users(db):
        first = SignInDialog(db, first_start=True)
        if first.exec() != SignInDialog.DialogCode.Accepted:
            return None
    dialog = SignInDialog(db)
    chosen: list[Actor] = []
    dialog.signed_in.connect(chosen.append)
    if dialog.exec() != SignInDialog.DialogCode.Accepted or not chosen:
        return None
    return chosen[0]


def refuse_to_start(url: str, demo: bool, preferences: Preferences) -> str | None:
    """Why the desktop must not open this record, or None. An in-memory record would vanish
    at close; a record file this station used before that is now missing is a record lost
    (deleted, moved, a disk not mounted), and a new empty one is made only if the nurse says so.
    """
    if is_in_memory(url):
        return (
            "An in-memory database (sqlite://) keeps nothing after the program closes: the "
            "desktop needs a record file or a PostgreSQL address."
        )
    path = record_file(url)
    if demo or path is None or path.exists() or not preferences.knows_record(str(path.resolve())):
        return None
    create = dialogs.dialogs.confirm(
        None,
        APP_DISPLAY_NAME,
        f"The record {path} that this station used is missing (deleted, moved, or its disk is "
        "not mounted). Create a new, EMPTY record there? Choose No to restore the record first.",
    )
    if create:
        return None
    return f"The record {path} is missing; nothing was created. Restore it and start again."


def run_app(url: str, clock: Clock, *, demo: bool) -> int:
    """Open the database (refusing a damaged or newer one with a message), then the window.
    Python's cycle collector runs on the UI timer from the first dialog on (the sign-in too),
    with automatic collection off (ui/garbage_collection.py)."""
    app = application()
    collector = CollectBetweenEvents(app)
    collector.start()
    try:
        return _open_and_run(app, url, clock, demo=demo)
    finally:
        collector.stop()


def _open_and_run(app: QApplication, url: str, clock: Clock, *, demo: bool) -> int:
    refusal = refuse_to_start(url, demo, Preferences.for_station())
    if refusal is not None:
        print(f"nurse-monitor: {refusal}", file=sys.stderr)
        QMessageBox.critical(None, APP_DISPLAY_NAME, refusal)
        return 2
    try:
        # A demo record is small, and written at once: checked whole before it is used. Any other
        # at the current schema gets the quick look here and the full check beside the sign-in.
        db = open_database(url, clock, full_check=demo)
    except CANNOT_OPEN as exc:
        print(f"nurse-monitor: {exc}", file=sys.stderr)
        QMessageBox.critical(None, APP_DISPLAY_NAME, str(exc))
        return 2
    if not demo and db.status.file is not None:
        Preferences.for_station().remember_record(str(db.status.file.resolve()))
    record_check = start_record_check(db)
    try:
        if demo:
            from nurse_monitor.demo.seed import seed_demo  # only the demo needs it

            actor: Actor | None = seed_demo(db)
        else:
            actor = ask_who_is_signing_in(db)
        if actor is None:
            return 0
        window = open_main_window(db, clock, actor, demo, record_check)
        from nurse_monitor.ui.pump_receiver import StationPumpLink, show_pump_link

        pumps = StationPumpLink(db, window.preferences, window)
        show_pump_link(pumps, window)
        pumps.apply()  # follows the preference from here on, without a restart
        demo_pumps = start_demo_pumps(db, actor) if demo else None
        code = app.exec()
        if demo_pumps is not None:
            demo_pumps.stop()
        remember_place(window, window.preferences)
        window.close()
        pumps.stop()
        return int(code)
    finally:
        db.close()
