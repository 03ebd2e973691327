"""The administrator's list of staff accounts, and adding one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.services.actors import ROLE_LABELS
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.users import create_user, list_users
from nurse_monitor.ui import colors
from nurse_monitor.ui.form_parts import TOUCH, centre_labels, touch_button
from nurse_monitor.ui.station import ActsAtTheStation, Station


class UsersDialog(ActsAtTheStation, QDialog):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station  # db and the signed-in user, read at each use
        self.setWindowTitle(self.tr("Users"))
        self.setAccessibleName(self.tr("Users"))
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Username"), self.tr("Name"), self.tr("Credentials"), self.tr("Role")]
        )
        self.table.setAccessibleName(self.tr("Staff accounts"))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.username = self._line(self.tr("New username"))
        self.full_name = self._line(self.tr("New user's full name"))
        self.credentials = self._line(self.tr("Credentials, e.g. RN"))
        self.password = self._line(self.tr("Initial password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox(self)
        self.role.setMinimumHeight(TOUCH)
        self.role.setAccessibleName(self.tr("Role"))
        for role, label in ROLE_LABELS.items():
            self.role.addItem(self.tr(label), role)
        form = QFormLayout()
        form.addRow(self.tr("&Username"), self.username)
        form.addRow(self.tr("Full &name"), self.full_name)
        form.addRow(self.tr("&Credentials"), self.credentials)
        form.addRow(self.tr("&Role"), self.role)
        form.addRow(self.tr("&Password"), self.password)
        centre_labels(form)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Message"))
        self.add = touch_button(self.tr("Add user"), self)
        self.add.clicked.connect(self._on_add_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.add)
        self.resize(640, 560)
        self.refresh()

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setMinimumHeight(TOUCH)
        edit.setAccessibleName(name)
        return edit

    def refresh(self) -> None:
        accounts = list_users(self.db, self.actor)
        self.table.setRowCount(len(accounts))
        for row, user in enumerate(accounts):
            for column, text in enumerate(
                (user.username, user.full_name, user.credentials, ROLE_LABELS[user.role])
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def _on_add_clicked(self) -> None:
        try:
            created = create_user(
                self.db,
                self.actor,
                username=self.username.text(),
                full_name=self.full_name.text(),
                role=str(self.role.currentData()),
                credentials=self.credentials.text(),
                password=self.password.text(),
            )
        except ServiceError as refusal:
            self.message.setStyleSheet(colors.text_style("error"))
            self.message.setText(str(refusal))
            return
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Added %1.").replace("%1", created.full_name))
        for edit in (self.username, self.full_name, self.credentials, self.password):
            edit.clear()
        self.refresh()
