"""Pieces the review windows share: touch-sized controls, read-only tables, local-day filters,
status words, and co-signing with a comment."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from nurse_monitor.services.history import Choice
from nurse_monitor.services.review import cosign_session
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.form_parts import TOUCH, touch_button
from nurse_monitor.ui.station import Station

__all__ = [
    "ANY_DAY",
    "TOUCH",
    "choice_combo",
    "cosign_with_comment",
    "day_edit",
    "day_start",
    "read_only_table",
    "section_label",
    "set_rows",
    "status_text",
    "touch_button",
]

ANY_DAY = QDate(2000, 1, 1)  # a date edit at this minimum shows "Any" (no limit)

STATUS_WORDS = {
    "planned": "In progress",
    "in_progress": "In progress",
    "ended": "Ended",
    "signed": "Awaiting co-sign",
    "cosigned": "Co-signed",
}


def status_text(status: str, needs_review: bool = False) -> str:
    if status == "cosigned" and needs_review:
        return "Amended: re-review"
    return STATUS_WORDS.get(status, status)


def day_edit(parent: QWidget, accessible: str) -> QDateEdit:
    """A date field that reads "Any" until a day is chosen."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    edit.setMinimumDate(ANY_DAY)
    edit.setSpecialValueText(parent.tr("Any"))
    edit.setDate(ANY_DAY)
    edit.setMinimumHeight(TOUCH)
    edit.setAccessibleName(accessible)
    return edit


def day_start(edit: QDateEdit, *, next_day: bool = False) -> datetime | None:
    """Local midnight at the start of the chosen day (or of the day after), None for "Any"."""
    chosen = edit.date()
    if chosen == ANY_DAY:
        return None
    day = date(chosen.year(), chosen.month(), chosen.day())
    if next_day:
        day += timedelta(days=1)
    return datetime.combine(day, time()).astimezone()


def choice_combo(
    parent: QWidget, accessible: str, choices: Sequence[Choice], any_label: str
) -> QComboBox:
    """A drop-down whose first entry means "no filter" (data None)."""
    combo = QComboBox(parent)
    combo.setMinimumHeight(TOUCH)
    combo.setAccessibleName(accessible)
    combo.addItem(any_label, None)
    for choice in choices:
        combo.addItem(choice.label, choice.value)
    return combo


def section_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def read_only_table(parent: QWidget, headers: Sequence[str], accessible: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(list(headers))
    table.setAccessibleName(accessible)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(32)
    table.horizontalHeader().setHighlightSections(False)
    return table


def set_rows(
    table: QTableWidget,
    rows: Sequence[Sequence[str]],
    *,
    struck: Sequence[tuple[int, int]] = (),
    stretch: int | None = None,
) -> None:
    """Fill a read-only table; cells in `struck` (row, column) are shown struck through."""
    table.setRowCount(0)
    table.setRowCount(len(rows))
    strike = set(struck)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if (r, c) in strike:
                font = QFont(item.font())
                font.setStrikeOut(True)
                item.setFont(font)
                item.setToolTip(table.tr("Original value, kept after an amendment: ") + text)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
    if stretch is not None:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def cosign_with_comment(
    parent: QWidget,
    station: Station,
    session_id: int,
    version: int | None,
    patient: str,
    when: str,
) -> bool:
    """Ask for an optional comment and co-sign through the station's change edge, as its
    signed-in user; False when cancelled or refused (shown).

    The dialog names the patient and the session, so the charge nurse sees whose record the
    co-signature goes on."""
    comment = dialogs.dialogs.ask_text(
        parent,
        parent.tr("Co-sign session"),
        parent.tr("Co-sign the session of %1 (%2).\nComment for the record (optional):")
        .replace("%1", patient)
        .replace("%2", when),
    )
    if comment is None:
        return False
    done, outcome = station.perform(
        cosign_session, session_id, comment, expected_version=version, origin=parent
    )
    if not done:
        dialogs.dialogs.error(parent, parent.tr("Not co-signed"), outcome.message)
    return bool(done)


def align_right(item: QTableWidgetItem) -> None:
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
