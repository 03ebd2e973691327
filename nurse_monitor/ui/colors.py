"""Colors that carry clinical meaning, the same in every theme (alarm red is always red).

Color is never the only signal: every use pairs it with text or a symbol.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

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


# Text and control colours that must read on the theme's own surfaces (WCAG 2.1: 4.5:1 for
# text, 3:1 for a control's boundary), one set per theme; tests/gui/test_contrast.py checks them.
# The alarm colours above keep their meaning everywhere; these are for words on the window.
THEME_COLORS: dict[str, dict[str, str]] = {
    "light": {
        "error": "#b71c1c",
        "warning": "#8a4b00",
        "done": "#1b5e20",
        "muted": "#595959",
        "boundary": "#767676",
        "amended": "#0d47a1",
    },
    "dark": {
        "error": "#ff8a80",
        "warning": "#ffb74d",
        "done": "#81c784",
        "muted": "#b0b0b0",
        "boundary": "#8e8e8e",
        "amended": "#8ab4f8",
    },
    "high_contrast": {
        "error": "#ff8080",
        "warning": "#ffd54f",
        "done": "#7cfc00",
        "muted": "#d0d0d0",
        "boundary": "#ffffff",
        "amended": "#80d8ff",
    },
}
_current_theme = "light"


def set_theme(name: str) -> None:
    """Called by ui.themes.apply_theme: the theme whose colours `text` hands out."""
    global _current_theme
    _current_theme = name if name in THEME_COLORS else "light"


def current_theme() -> str:
    return _current_theme


def text(kind: str) -> QColor:
    """A meaning's text colour ("error", "warning", "done", "muted", "amended") in this theme."""
    return QColor(THEME_COLORS[_current_theme][kind])


def text_style(kind: str, bold: bool = True) -> str:
    """A style sheet for a label that carries that meaning."""
    weight = " font-weight: bold;" if bold else ""
    return f"color: {THEME_COLORS[_current_theme][kind]};{weight}"


def restyle(widget: QWidget, sheet: str) -> None:
    """Set `widget`'s style sheet, unless it already has it.

    Setting one re-polishes the widget and its children (palette, font and style change events)
    and asks for a new layout, which repaints the whole window: a save that set the same alarm
    colours again repainted all 1366x727 pixels of it.
    """
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def relative_luminance(color: QColor) -> float:
    """WCAG 2.1 relative luminance of an opaque colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG 2.1 contrast ratio, 1 to 21."""
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: QColor) -> QColor:
    """Near-black or white, whichever reads better on a coloured cell (white on orange did not:
    3.1:1)."""
    dark, light = TEXT_ON_DUE, TEXT_ON_ALARM
    better = contrast_ratio(dark, background) >= contrast_ratio(light, background)
    return dark if better else light
