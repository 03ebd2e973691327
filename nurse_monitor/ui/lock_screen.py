"""The lock screen: every chair's due item and countdown stay visible (and alarms audible), but no
patient names. The same nurse unlocks back to where they were; another nurse may take over.

Signals:
    unlocked(object): the Actor who signed in on the lock screen.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.alarms import LEVEL_WORDS, Level
from nurse_monitor.services.chair_board import ChairSummary
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.ui import colors
from nurse_monitor.ui.phase_words import phase_label
from nurse_monitor.ui.time_format import clock_time, countdown
from nurse_monitor.ui.workspace.form_parts import TOUCH, touch_button


class LockScreen(QWidget):
    unlocked = Signal(object)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setAccessibleName(self.tr("Station locked"))
        title = QLabel(self.tr("🔒 Station locked"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        self.who = QLabel(self)
        self.who.setAccessibleName(self.tr("Locked by"))
        self.chairs = QTableWidget(0, 4, self)
        self.chairs.setHorizontalHeaderLabels(
            [self.tr("Chair"), self.tr("Phase"), self.tr("Next due"), self.tr("In")]
        )
        self.chairs.setAccessibleName(self.tr("Chairs while locked"))
        self.chairs.verticalHeader().setVisible(False)
        self.chairs.verticalHeader().setDefaultSectionSize(44)
        self.chairs.horizontalHeader().setStretchLastSection(True)
        self.chairs.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.username = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for edit, name in (
            (self.username, self.tr("Username")),
            (self.password, self.tr("Password")),
        ):
            edit.setMinimumHeight(TOUCH)
            edit.setAccessibleName(name)
        self.password.returnPressed.connect(self._on_unlock_clicked)
        self.message = QLabel(self)
        self.message.setStyleSheet(colors.text_style("error"))
        self.message.setAccessibleName(self.tr("Unlock message"))
        self.unlock = touch_button(self.tr("Unlock"), self)
        self.unlock.clicked.connect(self._on_unlock_clicked)
        form = QFormLayout()
        form.addRow(self.tr("&Username"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        hint = QLabel(
            self.tr(
                "Patient names are hidden while the station is locked. The same nurse returns "
                "to where they were, unsaved input kept; another nurse can sign in to take "
                "over (recorded as a handover)."
            ),
            self,
        )
        hint.setWordWrap(True)
        side = QVBoxLayout()
        side.addWidget(title)
        side.addWidget(self.who)
        side.addLayout(form)
        side.addWidget(self.message)
        side.addWidget(self.unlock)
        side.addWidget(hint)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(side, 1)
        layout.addWidget(self.chairs, 2)

    def show_for(self, username: str, full_name: str) -> None:
        self.who.setText(self.tr("Locked by %1").replace("%1", full_name))
        self.username.setText(username)
        self.password.clear()
        self.message.clear()
        self.password.setFocus()

    def show_chairs(
        self, chairs: list[ChairSummary], levels: dict[int, Level], now: datetime
    ) -> None:
        self.chairs.setRowCount(len(chairs))
        for row, chair in enumerate(chairs):
            item = chair.next_due
            level = levels.get(chair.session_id, Level.NONE)
            word = LEVEL_WORDS[level]
            cells = [
                chair.chair,
                phase_label(chair.phase),
                f"{word + ': ' if word else ''}{item.label} {clock_time(item.due_at)}"
                if item
                else "—",
                countdown(item.due_at, now) if item else "",
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if level >= Level.OVERDUE:
                    cell.setBackground(QBrush(colors.OVERDUE))
                    cell.setForeground(QBrush(colors.TEXT_ON_ALARM))
                elif level is Level.DUE:
                    cell.setBackground(QBrush(colors.DUE))
                    cell.setForeground(QBrush(colors.TEXT_ON_DUE))
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.chairs.setItem(row, column, cell)

    def _on_unlock_clicked(self) -> None:
        try:
            from nurse_monitor.services.sign_in import sign_in  # argon2: when someone unlocks

            actor = sign_in(self.db, self.username.text(), self.password.text())
        except ServiceError as refusal:
            self.message.setText(str(refusal))
            self.password.clear()
            return
        self.password.clear()
        self.unlocked.emit(actor)
