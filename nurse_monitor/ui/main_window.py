"""The main window: the shell that the chair board and the workspaces live in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from nurse_monitor import APP_DISPLAY_NAME, __version__
from nurse_monitor.clock import Clock
from nurse_monitor.services.actors import ROLE_LABELS, Actor
from nurse_monitor.services.database import Database


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
        self.setWindowTitle(self.title())
        self.setAccessibleName(self.tr("Nurse Monitor main window"))
        self._build_menus()
        self._build_placeholder()
        self._build_status_bar()

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
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Nurse Monitor"), self)
        about.triggered.connect(self._on_about_triggered)
        help_menu.addAction(about)

    def _build_placeholder(self) -> None:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.welcome = QLabel(self.tr("No chairs in use yet today."), body)
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setAccessibleName(self.tr("Chair board status"))
        font = self.welcome.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.welcome.setFont(font)
        layout.addWidget(self.welcome)
        self.setCentralWidget(body)

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

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Nurse Monitor"),
            self.tr("Nurse Monitor %1\nChair-side infusion monitoring.").replace("%1", __version__),
        )
