"""The main window: the list of chairs in use and one tab per open session workspace.

On start, every session not yet signed reopens, its countdowns computed from the recorded times,
so quitting, a crash or a power cut loses nothing.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor import APP_DISPLAY_NAME, __version__
from nurse_monitor.clock import Clock
from nurse_monitor.services.actors import ROLE_LABELS, Actor
from nurse_monitor.services.chair_view import chair_view, open_session_ids
from nurse_monitor.services.database import Database
from nurse_monitor.ui.time_format import clock_time
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.form_parts import touch_button
from nurse_monitor.ui.workspace.infusion_panel import phase_label
from nurse_monitor.ui.workspace.workspace import SessionWorkspace


class MainWindow(QMainWindow):
    """The program's window. Its title says when it runs on demo data or a training clock."""

    def __init__(
        self, db: Database, clock: Clock, *, actor: Actor | None = None, demo: bool = False
    ) -> None:
        super().__init__()
        self.db = db
        self.clock = clock
        self.actor = actor
        self.demo = demo
        self.workspaces: dict[int, SessionWorkspace] = {}
        self.setWindowTitle(self.title())
        self.setAccessibleName(self.tr("Nurse Monitor main window"))
        self._build_menus()
        self._build_body()
        self._build_status_bar()
        self.reopen_sessions()

    def title(self) -> str:
        parts = [APP_DISPLAY_NAME]
        if self.demo:
            parts.append(self.tr("DEMO DATA"))
        speed = getattr(self.clock, "speed", 1.0)
        if speed != 1.0:
            parts.append(self.tr("TRAINING CLOCK x%s") % f"{speed:g}")
        return " — ".join(parts)

    def _build_menus(self) -> None:
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
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Nurse Monitor"), self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    def _build_body(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Chairs and open sessions"))
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self._on_tabs_tab_close_requested)
        chairs = QWidget(self)
        layout = QVBoxLayout(chairs)
        self.welcome = QLabel(self.tr("No chairs in use yet today."), chairs)
        self.welcome.setAccessibleName(self.tr("Chair board status"))
        self.chair_list = QListWidget(chairs)
        self.chair_list.setAccessibleName(self.tr("Chairs in use"))
        self.chair_list.itemActivated.connect(self._on_chair_list_item_activated)
        self.new_session_button = touch_button(self.tr("Start a new session…"), chairs)
        self.new_session_button.clicked.connect(self._on_new_session_triggered)
        self.new_session_button.setEnabled(self.actor is not None)
        layout.addWidget(self.welcome)
        layout.addWidget(self.chair_list, 1)
        layout.addWidget(self.new_session_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(chairs, self.tr("Chairs"))
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.setCentralWidget(self.tabs)

    def _build_status_bar(self) -> None:
        who = (
            self.tr("Signed in: %1 (%2)")
            .replace("%1", self.actor.signature)
            .replace("%2", ROLE_LABELS[self.actor.role])
            if self.actor
            else self.tr("Not signed in")
        )
        if self.demo and self.actor:
            who += self.tr(" — demo nurse signed in automatically")
        self.user_label = QLabel(who, self)
        self.user_label.setAccessibleName(self.tr("Signed-in user"))
        status = self.db.status
        where = str(status.file) if status.file else status.url
        self.database_label = QLabel(self.tr("Record: %1").replace("%1", where), self)
        self.database_label.setAccessibleName(self.tr("Database location"))
        self.statusBar().addWidget(self.user_label, 1)
        self.statusBar().addPermanentWidget(self.database_label)

    def reopen_sessions(self) -> None:
        """Every session not yet signed, as it stands by the recorded times."""
        if self.actor is None or self.actor.role == "admin":
            return
        self.refresh_chair_list()

    def refresh_chair_list(self) -> None:
        if self.actor is None or self.actor.role == "admin":
            return
        self.chair_list.clear()
        ids = open_session_ids(self.db, self.actor)
        for session_id in ids:
            view = chair_view(self.db, self.actor, session_id)
            due = view.status.vitals_due_at
            text = (
                f"{view.session.chair} — {view.patient.display_name} ({view.patient.record_number})"
                f" — {view.protocol.display_name} — {phase_label(view.status.phase)}"
                f" — {view.status.rate_ml_h:g} mL/h"
                + (f" — vital signs due {clock_time(due)}" if due else "")
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, session_id)
            self.chair_list.addItem(item)
        self.welcome.setText(
            self.tr("%1 chair(s) in use. Double-click or press Enter to open.").replace(
                "%1", str(len(ids))
            )
            if ids
            else self.tr("No chairs in use yet today.")
        )

    def open_session(self, session_id: int) -> SessionWorkspace:
        """Open (or bring forward) the workspace of a session."""
        assert self.actor is not None
        existing = self.workspaces.get(session_id)
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
            return existing
        controller = ChairController(self.db, self.actor, self.clock, session_id)
        workspace = SessionWorkspace(controller, parent=self.tabs)
        view = controller.view
        self.workspaces[session_id] = workspace
        index = self.tabs.addTab(workspace, f"{view.session.chair}: {view.patient.family_name}")
        self.tabs.setCurrentIndex(index)
        workspace.start_live_updates()
        controller.changed.connect(lambda _view: self.refresh_chair_list())
        return workspace

    def show_chairs(self) -> None:
        self.refresh_chair_list()
        self.tabs.setCurrentIndex(0)

    def closeEvent(self, event: object) -> None:
        for workspace in self.workspaces.values():
            workspace.stop_live_updates()
        super().closeEvent(event)  # type: ignore[arg-type]

    def _on_chair_list_item_activated(self, item: QListWidgetItem) -> None:
        self.open_session(int(item.data(Qt.ItemDataRole.UserRole)))

    def _on_tabs_tab_close_requested(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, SessionWorkspace):
            widget.stop_live_updates()
            self.workspaces.pop(widget.controller.session_id, None)
            self.tabs.removeTab(index)
            widget.deleteLater()

    def _on_new_session_triggered(self) -> None:
        if self.actor is None:
            return
        from nurse_monitor.ui.start.start_session_dialog import StartSessionDialog

        dialog = StartSessionDialog(self.db, self.actor, self.clock, self)
        dialog.session_started.connect(self._on_dialog_session_started)
        self._start_dialog = dialog
        dialog.open()

    def _on_dialog_session_started(self, session_id: int) -> None:
        self.refresh_chair_list()
        self.open_session(session_id)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Nurse Monitor"),
            self.tr("Nurse Monitor %1\nChair-side infusion monitoring.").replace("%1", __version__),
        )
