"""Start the desktop program: QApplication, style, database (migrated first), main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from nurse_monitor import APP_DISPLAY_NAME, APP_NAME, ORGANIZATION
from nurse_monitor.clock import Clock
from nurse_monitor.paths import resource
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.database import CANNOT_OPEN, Database, open_database
from nurse_monitor.services.users import has_users
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.record_check import RecordFileCheck, show_record_damage, start_record_check
from nurse_monitor.ui.sign_in_dialog import SignInDialog
from nurse_monitor.ui.themes import apply_theme


def application() -> QApplication:
    """The one QApplication, created with the program's names and the Fusion style."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    app.setWindowIcon(QIcon(str(resource("icons/nurse-monitor.svg"))))
    return app


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
    window = MainWindow(db, clock, actor=actor, demo=demo, preferences=preferences)
    window.resize(1366, 768)
    window.show()
    window.record_check = record_check
    if record_check is not None and record_check.problems is None:
        record_check.finished.connect(lambda _problems: show_record_damage(window, db))
    # The chair workspace (and pyqtgraph with it) is loaded once the board is up, so the first
    # chair the nurse opens does not wait for it.
    QTimer.singleShot(WORKSPACE_PRELOAD_MS, _load_workspace_module)
    if not demo:
        window.start_idle_lock()
    return window


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


def run_app(url: str, clock: Clock, *, demo: bool) -> int:
    """Open the database (refusing a damaged or newer one with a message), then the window."""
    app = application()
    try:
        # A demo record is small, and written at once: checked whole before it is used. Any other
        # at the current schema gets the quick look here and the full check beside the sign-in.
        db = open_database(url, clock, full_check=demo)
    except CANNOT_OPEN as exc:
        print(f"nurse-monitor: {exc}", file=sys.stderr)
        QMessageBox.critical(None, APP_DISPLAY_NAME, str(exc))
        return 2
    record_check = start_record_check(db)
    try:
        if demo:
            from nurse_monitor.services.demo import seed_demo  # only the demo needs it

            actor: Actor | None = seed_demo(db)
        else:
            actor = ask_who_is_signing_in(db)
        if actor is None:
            return 0
        window = open_main_window(db, clock, actor, demo, record_check)
        from nurse_monitor.ui.pump_receiver import PumpLinkSettings, start_pump_receiver

        pumps = start_pump_receiver(db, PumpLinkSettings(QSettings()), window)
        code = app.exec()
        window.close()
        if pumps is not None:
            pumps.stop()
        return int(code)
    finally:
        db.close()
