"""Pieces the start-session pages share: touch-sized inputs, typed dates, inline field errors."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.ui import colors

TOUCH = 48
"""Smallest height of anything a gloved finger presses (px)."""

ALARM_RED = "#c62828"  # the same red as ui.colors.OVERDUE: a refusal to act on
DATE_HINT = "DD/MM/YYYY"

STYLE = f"""
QLineEdit {{
    min-height: {TOUCH}px; padding: 0 8px;
    border: 1px solid palette(mid); border-radius: 4px; background: palette(base);
}}
QLineEdit:focus {{ border: 3px solid palette(highlight); padding: 0 6px; }}
QComboBox {{ min-height: {TOUCH}px; }}
QComboBox:focus {{ border: 3px solid palette(highlight); border-radius: 4px; padding-left: 6px; }}
QComboBox QLineEdit, QComboBox QLineEdit:focus {{ border: none; padding: 0; min-height: 0; }}
QLineEdit[readOnly="true"] {{ background: palette(window); }}
QPushButton {{
    min-height: {TOUCH}px; padding: 0 20px;
    border: 1px solid palette(mid); border-radius: 4px; background: palette(button);
}}
QPushButton:hover {{ border-color: palette(highlight); }}
QPushButton:focus {{ border: 3px solid palette(highlight); padding: 0 18px; }}
QPushButton:disabled {{ color: palette(mid); border-color: palette(midlight); }}
QPushButton[primary="true"] {{
    background: palette(highlight); color: palette(highlighted-text); font-weight: bold;
}}
QPushButton[primary="true"]:focus {{ border: 3px solid palette(text); }}
QPushButton[primary="true"]:disabled {{ background: palette(midlight); color: palette(mid); }}
QCheckBox {{ min-height: {TOUCH}px; spacing: 10px; }}
QCheckBox:focus {{ border: 3px solid palette(highlight); border-radius: 4px; padding: 0 6px; }}
QCheckBox::indicator {{ width: 22px; height: 22px; }}
QTreeWidget:focus {{ border: 3px solid palette(highlight); }}
QTreeWidget::item {{ min-height: 40px; }}
"""


def parse_day(text: str) -> date | None:
    """A date typed as DD/MM/YYYY (also with . or -, or as 8 digits); None if not a date."""
    cleaned = text.strip()
    match = re.fullmatch(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})", cleaned) or re.fullmatch(
        r"(\d{2})(\d{2})(\d{4})", cleaned
    )
    if match is None:
        return None
    try:
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def show_day(day: date | None) -> str:
    """12 May 1984: the month in words, so day and month are never confused."""
    return day.strftime("%d %b %Y") if day else "—"


def parse_number(text: str) -> float | None:
    """A number typed with a point or a comma; None if not a number."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def line_edit(parent: QWidget, accessible: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setMinimumHeight(TOUCH)
    edit.setAccessibleName(accessible)
    edit.setPlaceholderText(placeholder)
    return edit


def date_edit(parent: QWidget, accessible: str) -> QLineEdit:
    """An empty date field with a format hint: it never defaults to a plausible date."""
    edit = line_edit(parent, accessible, DATE_HINT)
    edit.setMaxLength(10)
    edit.setToolTip(
        parent.tr("Type the date as %1, for example 07/03/1985").replace("%1", DATE_HINT)
    )
    return edit


def combo_box(parent: QWidget, accessible: str) -> QComboBox:
    combo = QComboBox(parent)
    combo.setMinimumHeight(TOUCH)
    combo.setAccessibleName(accessible)
    return combo


def button(parent: QWidget, text: str, accessible: str, primary: bool = False) -> QPushButton:
    """A touch-sized button that never answers Enter on its own (see StartSessionDialog)."""
    pushed = QPushButton(text, parent)
    pushed.setMinimumHeight(TOUCH)
    pushed.setAccessibleName(accessible)
    pushed.setAutoDefault(False)
    pushed.setDefault(False)
    pushed.setProperty("primary", primary)
    return pushed


def caption(parent: QWidget, text: str, buddy: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    if buddy is not None:
        label.setBuddy(buddy)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def paragraph(parent: QWidget, text: str, accessible: str) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setAccessibleName(accessible)
    return label


def small_print(parent: QWidget, text: str, accessible: str) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setAccessibleName(accessible)
    label.setStyleSheet("color: palette(window-text);")
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    return label


def error_label(parent: QWidget, accessible: str) -> QLabel:
    """A red line under a field naming what is wrong; hidden while there is nothing to say."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setAccessibleName(accessible)
    label.setStyleSheet(colors.text_style("error"))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def field_block(
    parent: QWidget, title: str, widget: QWidget, error: QLabel, hint: str | QLabel = ""
) -> QWidget:
    """Caption above the input, an optional hint (text or a label kept by the page), and the
    error line under it."""
    block = QWidget(parent)
    layout = QVBoxLayout(block)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    layout.addWidget(caption(block, title, widget))
    layout.addWidget(widget)
    if isinstance(hint, QLabel):
        layout.addWidget(hint)
    elif hint:
        layout.addWidget(small_print(block, hint, parent.tr("%1 hint").replace("%1", title)))
    layout.addWidget(error)
    layout.addStretch(1)
    return block


def restyle(widget: QWidget) -> None:
    """Apply the style sheet again after a property its selectors read has changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


@dataclass
class FieldSlot:
    widget: QWidget
    error: QLabel


class FieldErrors:
    """Inline messages by service field name ("Lot", "Expiry"...): show one, focus its input."""

    def __init__(self) -> None:
        self._slots: dict[str, FieldSlot] = {}

    def add(self, field: str, widget: QWidget, error: QLabel) -> None:
        self._slots[field] = FieldSlot(widget, error)

    def knows(self, field: str) -> bool:
        return field in self._slots

    def show(self, field: str, message: str) -> bool:
        """Show `message` under `field` and focus it; False if this page has no such field."""
        slot = self._slots.get(field)
        if slot is None:
            return False
        slot.error.setText(message)
        slot.error.show()
        slot.widget.setAccessibleDescription(message)
        if not isinstance(slot.widget, QAbstractButton) or slot.widget.isEnabled():
            slot.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if isinstance(slot.widget, QLineEdit):
            slot.widget.selectAll()
        return True

    def show_all(self, problems: Sequence[tuple[str, str]]) -> None:
        """Show each (field, what is allowed) as "Field: what"; the first keeps the focus."""
        for field, message in reversed(problems):
            self.show(field, f"{field}: {message}")

    def message(self, field: str) -> str:
        slot = self._slots.get(field)
        return slot.error.text() if slot is not None else ""

    def clear(self) -> None:
        for slot in self._slots.values():
            slot.error.clear()
            slot.error.hide()
            slot.widget.setAccessibleDescription("")
