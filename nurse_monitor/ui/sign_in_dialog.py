"""Sign in, or on a new database create the first administrator.

It takes a bare `Database`, not the `Station`: it runs before anyone is signed in, and the
station is built (by the main window) from who signs in here.

Signals:
    signed_in(object): the Actor, once the service accepted the credentials.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, ServiceError
from nurse_monitor.services.sign_in import sign_in
from nurse_monitor.services.users import create_first_administrator
from nurse_monitor.ui import colors
from nurse_monitor.ui.form_parts import TOUCH, touch_button


class SignInDialog(QDialog):
    signed_in = Signal(object)

    def __init__(
        self, db: Database, *, first_start: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.first_start = first_start
        title = self.tr("Create the administrator") if first_start else self.tr("Sign in")
        self.setWindowTitle(f"{title} — Nurse Monitor")
        self.setAccessibleName(title)
        intro = QLabel(
            self.tr(
                "This database has no users yet. Create the administrator account, who then "
                "adds the nurses and charge nurses. An administrator does not chart."
            )
            if first_start
            else self.tr("Sign in with your own account: everything you record carries your name."),
            self,
        )
        intro.setWordWrap(True)
        self.username = self._line(self.tr("Username"))
        self.full_name = self._line(self.tr("Full name"))
        self.password = self._line(self.tr("Password"), secret=True)
        self.repeat = self._line(self.tr("Password again"), secret=True)
        # Only on a first start are these two in the form; otherwise they would sit unplaced at
        # the dialog's corner, a blank white box over the text.
        self.full_name.setVisible(first_start)
        self.repeat.setVisible(first_start)
        form = QFormLayout()
        form.addRow(self.tr("&Username"), self.username)
        if first_start:
            form.addRow(self.tr("&Full name"), self.full_name)
        form.addRow(self.tr("&Password"), self.password)
        if first_start:
            form.addRow(self.tr("Password &again"), self.repeat)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(colors.text_style("error"))
        self.message.setAccessibleName(self.tr("Sign-in message"))
        # Room for a three-line refusal kept from the start: a message never pushes the form
        # about or overlaps the password field.
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 3 + 4)
        self.message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.submit = touch_button(title, self)
        self.submit.setDefault(True)
        self.submit.clicked.connect(self._on_submit_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.submit)
        # The window grows to what its wrapped text needs at this width, never less.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.setMinimumWidth(460)
        self.resize(460, self.heightForWidth(460))

    def _line(self, name: str, secret: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setMinimumHeight(TOUCH)
        edit.setAccessibleName(name)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def _on_submit_clicked(self) -> None:
        self.message.clear()
        try:
            if self.first_start:
                if self.password.text() != self.repeat.text():
                    raise InvalidInput("Password again", "the two passwords differ")
                actor = create_first_administrator(
                    self.db, self.username.text(), self.full_name.text(), self.password.text()
                )
            else:
                actor = sign_in(self.db, self.username.text(), self.password.text())
        except ServiceError as refusal:
            self.message.setText(str(refusal))
            self.password.clear()
            self.repeat.clear()
            self.password.setFocus()
            return
        self.password.clear()
        self.repeat.clear()
        self.signed_in.emit(actor)
        self.accept()
