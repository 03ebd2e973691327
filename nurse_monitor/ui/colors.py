"""Colors that carry clinical meaning, the same in every theme (alarm red is always red).

Color is never the only signal: every use pairs it with text or a symbol.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

# NEWS2 response bands (RCP 2017 chart colors, softened for a screen).
NEWS2_BAND_COLORS = {
    "low": QColor("#2e7d32"),
    "low_medium": QColor("#f9a825"),
    "medium": QColor("#ef6c00"),
    "high": QColor("#c62828"),
}
NEWS2_BAND_LABELS = {
    "low": "Low",
    "low_medium": "Low-medium (a parameter scored 3)",
    "medium": "Medium",
    "high": "High",
}
# A parameter's NEWS2 score as a flag in tables: 1-2 amber, 3 red.
SCORE_COLORS = {1: QColor("#fff3cd"), 2: QColor("#ffe0b2"), 3: QColor("#ffcdd2")}

DUE = QColor("#f9a825")  # amber: an item is due
OVERDUE = QColor("#c62828")  # red: overdue, or a reaction
OK = QColor("#2e7d32")
TEXT_ON_ALARM = QColor("#ffffff")
TEXT_ON_DUE = QColor("#1a1a1a")


def band_color(band: str | None) -> QColor:
    return NEWS2_BAND_COLORS.get(band or "", QColor("#757575"))
