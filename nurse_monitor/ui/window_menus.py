"""The main window's menus and what each menu entry does (File, Review, Help).

Rebuilt from the signed-in user in one place (`_build_menus`), again on each take-over: the
entries depend on the role. `MainWindow` (ui/main_window.py) is this with the chairs, the open
workspaces, the lock screen and the status bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

import nurse_monitor
from nurse_monitor.clock import Clock
from nurse_monitor.domain.protocol_files import ProtocolFileError
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.audit import record_site_setting
from nurse_monitor.services.database import Database
from nurse_monitor.services.protocol_library import (
    protocol_files,
    site_protocols_dir,
    use_site_protocols,
)
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.review_menu import ReviewMenu
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.time_format import use_date_format

if TYPE_CHECKING:
    from nurse_monitor.ui.board.chair_board import ChairBoard


class WindowMenus(QMainWindow):
    """The menus of the main window and their entries' slots (the window is `MainWindow`)."""

    station: Station
    db: Database
    clock: Clock
    preferences: Preferences
    demo: bool
    review: ReviewMenu
    board: ChairBoard | None
    _quit_confirmed: bool

    @property
    def actor(self) -> Actor | None:
        """The signed-in user: the station's (see `take_over`)."""
        return self.station.actor

    def _build_menus(self) -> None:
        """Every menu and role-dependent action, from the signed-in user (again on take-over)."""
        self.menuBar().clear()
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_session_action = QAction(self.tr("&New session…"), self)
        self.new_session_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_session_action.triggered.connect(self._on_new_session_triggered)
        self.new_session_action.setEnabled(self.actor is not None)
        file_menu.addAction(self.new_session_action)
        board = QAction(self.tr("&Chairs"), self)
        board.setShortcut(QKeySequence("F2"))
        board.triggered.connect(self.show_chairs)
        file_menu.addAction(board)
        if self.actor is not None and self.actor.role == "admin":
            users = QAction(self.tr("&Users…"), self)
            users.triggered.connect(self._on_users_triggered)
            file_menu.addAction(users)
            centre = QAction(self.tr("&Centre settings…"), self)
            centre.triggered.connect(self._on_centre_settings_triggered)
            file_menu.addAction(centre)
        lock = QAction(self.tr("&Lock station"), self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        file_menu.addAction(lock)
        preferences = QAction(self.tr("&Preferences…"), self)
        preferences.setShortcut(QKeySequence.StandardKey.Preferences)
        preferences.triggered.connect(self._on_preferences_triggered)
        file_menu.addAction(preferences)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self._on_quit_triggered)
        file_menu.addAction(quit_action)
        if self.actor is not None and self.actor.role in ("nurse", "charge_nurse"):
            self.review.build(self.menuBar(), self.actor)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        if self.demo:
            self.demo_guide_action = QAction(self.tr("&What the demo shows"), self)
            self.demo_guide_action.setShortcut(QKeySequence.StandardKey.HelpContents)
            self.demo_guide_action.triggered.connect(self._on_demo_guide_triggered)
            help_menu.addAction(self.demo_guide_action)
        about = QAction(self.tr("&About Nurse Monitor"), self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    def _on_new_session_triggered(self) -> None:
        if self.actor is None:
            return
        from nurse_monitor.ui.start.start_session_dialog import StartSessionDialog

        dialog = StartSessionDialog(self.station, self)
        dialog.session_started.connect(self._on_dialog_session_started)
        self._start_dialog = dialog
        dialog.open()

    def _on_dialog_session_started(self, session_id: int) -> None:
        self.refresh_board()
        self.open_session(session_id)

    def _on_users_triggered(self) -> None:
        from nurse_monitor.ui.users_dialog import UsersDialog

        self._users_dialog = UsersDialog(self.station, self)
        self._users_dialog.open()

    def _on_centre_settings_triggered(self) -> None:
        from nurse_monitor.ui.follow_up.centre_dialog import CentreSettingsDialog

        self._centre_dialog = CentreSettingsDialog(self.station, self)
        self._centre_dialog.open()

    def _on_preferences_triggered(self) -> None:
        from nurse_monitor.ui.preferences_dialog import PreferencesDialog

        dialog = PreferencesDialog(self.preferences, self)
        dialog.accepted.connect(self._on_preferences_saved)
        self._preferences_dialog = dialog
        dialog.open()

    def _apply_site_protocols(self) -> None:
        """This station's site protocol folder; one that does not validate is refused, named.
        With none, nothing is read here: the bundled library is read when first needed (not
        on the way to the chairs at the start: 7 files, about 15 ms)."""
        use_site_protocols(self.preferences.site_protocols_dir)
        if site_protocols_dir() is None:
            return
        try:
            protocol_files()
        except ProtocolFileError as refusal:
            use_site_protocols("")
            dialogs.dialogs.error(
                self,
                self.tr("Site protocols not used"),
                self.tr("The site protocol folder was refused: %1").replace("%1", str(refusal)),
            )

    def _on_preferences_saved(self) -> None:
        """Each changed preference has reached its screens through `Preferences.changed`."""

    def _on_preference_changed(self, key: str) -> None:
        """A preference reaches what it controls: the date format, the board, the theme (each
        open chair listens itself: SessionWorkspace)."""
        if key == "date_format":
            use_date_format(self.preferences.date_format)
        elif key == "theme":
            from nurse_monitor.ui.themes import apply_theme

            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, self.preferences.theme)
        elif key in ("us_checklists", "site_protocols_dir"):
            # Switching US checklists (TOUCH) off or changing the site's protocols is recorded.
            value = getattr(self.preferences, key)
            if isinstance(value, bool):
                value = "on" if value else "off"
            if self.actor is not None:
                record_site_setting(self.db, self.actor, key, str(value))
            if key == "site_protocols_dir":
                self._apply_site_protocols()
        if self.board is not None:
            self.board.evaluate()

    def _on_demo_guide_triggered(self) -> None:
        from nurse_monitor.ui.demo_guide import DemoGuide

        self._demo_guide = DemoGuide(self)
        self._demo_guide.show()

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Nurse Monitor"),
            self.tr("Nurse Monitor %1\nChair-side infusion monitoring.").replace(
                "%1", nurse_monitor.__version__
            ),
        )

    def confirm_quit(self) -> bool:
        """Quitting with infusions running asks first (the sessions go on, but this station
        stops watching them and its alarms stop)."""
        running = [
            c
            for c in (self.board.chairs if self.board else [])
            if c.phase in ("infusing", "paused")
        ]
        if not running:
            return True
        return dialogs.dialogs.confirm(
            self,
            self.tr("Quit Nurse Monitor"),
            self.tr(
                "%n chair(s) still infusing: %1. Quit anyway? The sessions are kept, but "
                "this station stops showing their countdowns and sounding their alarms.",
                "",
                len(running),
            ).replace("%1", ", ".join(c.chair for c in running)),
        )

    def _on_quit_triggered(self) -> None:
        if self.confirm_quit():
            self._quit_confirmed = True
            self.close()

    # The window's own (MainWindow) ------------------------------------------------------------

    def show_chairs(self) -> None:
        raise NotImplementedError

    def lock(self) -> None:
        raise NotImplementedError

    def refresh_board(self) -> None:
        raise NotImplementedError

    def open_session(self, session_id: int) -> object:
        raise NotImplementedError
