"""Small pieces the step forms share: touch-sized controls, an inline error line, local times."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QWidget,
)

from nurse_monitor.ui import colors

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
    label.setStyleSheet(colors.text_style("error"))
    label.setAccessibleName(parent.tr("Error message"))
    label.hide()
    return label


def show_error(label: QLabel, field: str, message: str) -> None:
    label.setText(f"{field}: {message}" if field else message)
    label.setVisible(bool(message))


class FollowingTimeEdit(QTimeEdit):
    """A local time that follows the clock until the nurse edits it.

    A field filled once when the chair opened went stale: a reaction noticed at 16:59 went on
    record at 16:57, before the 16:58 vital signs. Until edited, `moment(now)` is the moment of
    recording itself; once edited, today's date at the typed time (never after now).
    `follow_again` hands it back to the clock once its form has recorded.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edited = False
        self._following = False
        self.timeChanged.connect(self._on_time_changed)

    def follow(self, now: datetime) -> None:
        if not self.edited:
            self._following = True
            try:
                set_local_time(self, now)
            finally:
                self._following = False

    def follow_again(self, now: datetime) -> None:
        self.edited = False
        self.follow(now)

    def moment(self, now: datetime) -> datetime:
        return now if not self.edited else moment_from(self, now)

    def _on_time_changed(self) -> None:
        if not self._following:
            self.edited = True


def time_edit(parent: QWidget, now: datetime, accessible: str) -> FollowingTimeEdit:
    """A local-time field that shows now and follows the clock until the nurse changes it."""
    edit = FollowingTimeEdit(parent)
    edit.setDisplayFormat("HH:mm")
    edit.setMinimumHeight(TOUCH)
    edit.setAccessibleName(accessible)
    edit.follow(now)
    return edit


def set_local_time(edit: QTimeEdit, moment: datetime) -> None:
    local = moment.astimezone()
    edit.setTime(QTime(local.hour, local.minute))


def moment_from(edit: QTimeEdit, now: datetime) -> datetime:
    """Today's local date at the edited time, as an aware datetime (never after now); `now`
    itself while a following field was left alone."""
    if isinstance(edit, FollowingTimeEdit) and not edit.edited:
        return now
    local_now = now.astimezone()
    chosen = edit.time()
    moment = datetime.combine(local_now.date(), time(chosen.hour(), chosen.minute()))
    moment = moment.replace(tzinfo=local_now.tzinfo)
    return min(moment, now)


def yes_no(parent: QWidget, name: str, yes: str, no: str) -> tuple[QRadioButton, QRadioButton]:
    """Two touch-sized radio buttons in their own group, neither checked."""
    first, second = QRadioButton(yes, parent), QRadioButton(no, parent)
    group = QButtonGroup(parent)
    for button, word in ((first, yes), (second, no)):
        button.setMinimumHeight(TOUCH)
        button.setAccessibleName(f"{name} {word.lower()}")
        group.addButton(button)
    return first, second


def centre_labels(form: QFormLayout) -> None:
    """Each label of `form` centred on its 48 px field and never cut (Fusion sets form labels
    at the top of a tall field)."""
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        label = item.widget() if item is not None else None
        if isinstance(label, QLabel):
            label.setMinimumHeight(TOUCH)
            label.setMinimumWidth(label.sizeHint().width())
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
