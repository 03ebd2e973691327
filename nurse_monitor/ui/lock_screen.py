"""The lock screen: every chair's due item and countdown stay visible (and alarms audible), but no
patient names. The same nurse unlocks back to where they were; another nurse may take over.

Signals:
    unlocked(object): the Actor who signed in on the lock screen.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.alarm_priority import AlarmCondition
from nurse_monitor.domain.due_times import DEFAULT_GRACE
from nurse_monitor.services.chair_board import ChairSummary
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.ui import colors
from nurse_monitor.ui.alarm_words import (
    BACKGROUND,
    TEXT,
    due_item_words,
    priority_label,
    reasons_text,
)
from nurse_monitor.ui.form_parts import TOUCH, touch_button
from nurse_monitor.ui.phase_words import phase_label
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.time_format import clock_time


class LockScreen(QWidget):
    unlocked = Signal(object)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._station = station  # whoever signs in here; the window decides take-over
        self.setAccessibleName(self.tr("Station locked"))
        # No emoji: the station's fonts may have none (it showed as an empty box).
        title = self.heading = QLabel(self.tr("Station locked"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        self.who = QLabel(self)
        self.who.setAccessibleName(self.tr("Locked by"))
        self.chairs = QTableWidget(0, 5, self)
        self.chairs.setHorizontalHeaderLabels(
            [
                self.tr("Chair"),
                self.tr("Phase"),
                self.tr("Alarm"),
                self.tr("Next due"),
                self.tr("In"),
            ]
        )
        self.chairs.setAccessibleName(self.tr("Chairs while locked"))
        self.chairs.verticalHeader().setVisible(False)
        self.chairs.verticalHeader().setDefaultSectionSize(44)
        # The alarm's words take the room; the other columns fit their text (the countdown
        # column had taken half the screen and the alarms were cut to "HIGH: NEWS2 7 or…").
        header = self.chairs.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.chairs.setWordWrap(True)
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
        self.station = QLabel(self)  # the station's own alarm: the record unreachable
        self.station.setWordWrap(True)
        self.station.setAccessibleName(self.tr("Station alarm"))
        self.station.setStyleSheet("background: #c62828; color: white; font-weight: bold;")
        self.station.hide()
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
        side.addWidget(self.station)
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
        self,
        chairs: list[ChairSummary],
        alarms: dict[int, AlarmCondition | None],
        now: datetime,
        grace: timedelta = DEFAULT_GRACE,
        station_notice: str = "",
    ) -> None:
        """Every chair with its open alarm (and when its item was due), and a live countdown."""
        self.station.setText(station_notice)
        self.station.setVisible(bool(station_notice))
        self.chairs.setRowCount(len(chairs))
        for row, chair in enumerate(chairs):
            item = chair.next_due
            alarm = alarms.get(chair.session_id)
            alarm_text = ""
            if alarm is not None:
                alarm_text = f"{priority_label(alarm.priority)}: {reasons_text(alarm)}"
                if alarm.due_at is not None:
                    alarm_text += f" (due {clock_time(alarm.due_at)})"
            cells = [
                chair.chair,
                phase_label(chair.phase),
                alarm_text,
                f"{item.label} {clock_time(item.due_at)}" if item else "—",
                due_item_words(item, now, grace),
            ]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if alarm is not None:
                    cell.setBackground(QBrush(BACKGROUND[alarm.priority]))
                    cell.setForeground(QBrush(TEXT[alarm.priority]))
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.chairs.setItem(row, column, cell)

    def _on_unlock_clicked(self) -> None:
        try:
            from nurse_monitor.services.sign_in import sign_in  # argon2: when someone unlocks

            actor = sign_in(self._station.db, self.username.text(), self.password.text())
        except ServiceError as refusal:
            self.message.setText(str(refusal))
            self.password.clear()
            return
        self.password.clear()
        self.unlocked.emit(actor)
