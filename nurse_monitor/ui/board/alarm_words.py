"""Alarm priorities and reasons in the nurse's words, with a symbol beside every colour.

Colours after IEC 60601-1-8 (clinical-reference.md section 10): high red, medium yellow, low
steady; never colour alone: each shows its symbol and its word.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtGui import QColor

from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
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
REASON_WORDS = {
    "reaction_severe": "severe reaction",
    "reaction_life_threatening": "life-threatening reaction",
    "reaction_mild": "mild reaction",
    "reaction_moderate": "moderate reaction",
    "news2_high": "NEWS2 7 or more",
    "news2_medium": "NEWS2 5 to 6",
    "news2_single_parameter_3": "a NEWS2 parameter scored 3",
    "systolic_low": "systolic below 90",
    "systolic_drop": "systolic more than 30% below baseline",
    "spo2_low": "low SpO2",
    "fever": "fever",
    "rate_above_plan": "rate above the plan",
    "rate_above_suggestion": "rate above the suggested rate",
    "pump_other_patient": "pump reports another patient",
    "pump_disagrees": "pump disagrees with the record",
    "pump_quiet": "pump has gone quiet",
    "record_unreachable": "the record cannot be reached",
    "entry_unreadable": "an entry cannot be read",
    "premedication_missing": "premedication missing",
    "dose_too_early": "dose earlier than its minimum interval",
    "bag_empty": "bag should be empty: record the end",
    "vitals_due": "vital signs due",
    "vitals_overdue": "vital signs overdue",
    "rate_step_due": "rate step due",
    "rate_step_overdue": "rate step overdue",
    "start_due": "start due",
    "start_overdue": "start overdue",
    "premedication_due": "premedication window ends",
    "premedication_overdue": "premedication window passed",
    "observation_end_due": "observation ended: discharge checks",
}


def priority_label(priority: Priority) -> str:
    """'▲▲▲ HIGH', '▲▲ Medium', '▲ Low': the symbol and the word, never colour alone."""
    return f"{SYMBOL[priority]} {WORD[priority]}"


def reasons_text(condition: AlarmCondition) -> str:
    return ", ".join(REASON_WORDS.get(code, code.replace("_", " ")) for code in condition.reasons)


def due_item_words(item: DueItem | None, now: datetime, grace: timedelta = DEFAULT_GRACE) -> str:
    """'due in 5:00', 'due now', 'overdue 2:08' for a chair's item (a reaction has no count)."""
    if item is None or item.kind == "reaction":
        return ""
    return due_words(item.due_at, now, grace, can_be_overdue=item.kind != "observation")
