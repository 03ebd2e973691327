"""Alarm priorities and reasons in the nurse's words, with a symbol beside every colour.

Colours after IEC 60601-1-8 (clinical-reference.md section 10): high red, medium yellow, low
steady; never colour alone: each shows its symbol and its word.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtGui import QColor

from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority, reason_words
from nurse_monitor.domain.due_times import DEFAULT_GRACE, due_words
from nurse_monitor.services.chair_board import DueItem

SYMBOL = {Priority.HIGH: "▲▲▲", Priority.MEDIUM: "▲▲", Priority.LOW: "▲"}
WORD = {Priority.HIGH: "HIGH", Priority.MEDIUM: "Medium", Priority.LOW: "Low"}
BACKGROUND = {
    Priority.HIGH: QColor("#c62828"),  # red
    Priority.MEDIUM: QColor("#fbc02d"),  # yellow
    Priority.LOW: QColor("#90caf9"),  # steady light blue: neither red nor yellow
}
TEXT = {
    Priority.HIGH: QColor("#ffffff"),
    Priority.MEDIUM: QColor("#1a1a1a"),
    Priority.LOW: QColor("#1a1a1a"),
}


def priority_label(priority: Priority) -> str:
    """'▲▲▲ HIGH', '▲▲ Medium', '▲ Low': the symbol and the word, never colour alone."""
    return f"{SYMBOL[priority]} {WORD[priority]}"


def reasons_text(condition: AlarmCondition) -> str:
    return reason_words(condition.reasons)


def due_item_words(item: DueItem | None, now: datetime, grace: timedelta = DEFAULT_GRACE) -> str:
    """'due in 5 min', 'due now', 'overdue 7 min' for a chair's item (a reaction has no count)."""
    if item is None or item.kind == "reaction":
        return ""
    return due_words(item.due_at, now, grace, can_be_overdue=item.kind != "observation")
