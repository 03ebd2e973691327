"""Small pieces the step forms share: touch-sized controls, an inline error line, local times."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QLabel, QPushButton, QTimeEdit, QWidget

TOUCH = 48


def touch_button(text: str, parent: QWidget, accessible: str | None = None) -> QPushButton:
    button = QPushButton(text, parent)
    button.setMinimumHeight(TOUCH)
    button.setAccessibleName(accessible or text.rstrip("…"))
    return button


def error_line(parent: QWidget) -> QLabel:
    """A red line under a form that names the field and what is allowed."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828; font-weight: bold;")
    label.setAccessibleName(parent.tr("Error message"))
    label.hide()
    return label


def show_error(label: QLabel, field: str, message: str) -> None:
    label.setText(f"{field}: {message}" if field else message)
    label.setVisible(bool(message))


def time_edit(parent: QWidget, now: datetime, accessible: str) -> QTimeEdit:
    """A local-time field preset to now (the nurse changes it when the dose was earlier)."""
    edit = QTimeEdit(parent)
    edit.setDisplayFormat("HH:mm")
    edit.setMinimumHeight(TOUCH)
    edit.setAccessibleName(accessible)
    set_local_time(edit, now)
    return edit


def set_local_time(edit: QTimeEdit, moment: datetime) -> None:
    local = moment.astimezone()
    edit.setTime(QTime(local.hour, local.minute))


def moment_from(edit: QTimeEdit, now: datetime) -> datetime:
    """Today's local date at the edited time, as an aware datetime (never after now)."""
    local_now = now.astimezone()
    chosen = edit.time()
    moment = datetime.combine(local_now.date(), time(chosen.hour(), chosen.minute()))
    moment = moment.replace(tzinfo=local_now.tzinfo)
    return min(moment, now)
