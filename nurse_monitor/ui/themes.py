"""Light, dark and high-contrast themes: the Fusion style with explicit palettes.

Alarm colors (ui/colors.py) keep their meaning in every theme; only the surroundings change.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

Role = QPalette.ColorRole
Group = QPalette.ColorGroup


def _palette(colors: dict[Role, str], disabled_text: str) -> QPalette:
    palette = QPalette()
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    for role in (Role.Text, Role.WindowText, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor(disabled_text))
    return palette


LIGHT = {
    Role.Window: "#efefef",
    Role.WindowText: "#111111",
    Role.Base: "#ffffff",
    Role.AlternateBase: "#f5f5f5",
    Role.Text: "#111111",
    Role.Button: "#e8e8e8",
    Role.ButtonText: "#111111",
    Role.Highlight: "#1565c0",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#ffffe1",
    Role.ToolTipText: "#111111",
    Role.PlaceholderText: "#6b6b6b",
    Role.Link: "#0d47a1",
}
DARK = {
    Role.Window: "#232629",
    Role.WindowText: "#eeeeee",
    Role.Base: "#1b1e20",
    Role.AlternateBase: "#2a2e32",
    Role.Text: "#eeeeee",
    Role.Button: "#31363b",
    Role.ButtonText: "#eeeeee",
    Role.Highlight: "#3d8ee6",
    Role.HighlightedText: "#000000",
    Role.ToolTipBase: "#31363b",
    Role.ToolTipText: "#eeeeee",
    Role.PlaceholderText: "#9a9a9a",
    Role.Link: "#8ab4f8",
}
HIGH_CONTRAST = {
    Role.Window: "#000000",
    Role.WindowText: "#ffffff",
    Role.Base: "#000000",
    Role.AlternateBase: "#1a1a1a",
    Role.Text: "#ffffff",
    Role.Button: "#000000",
    Role.ButtonText: "#ffff00",
    Role.Highlight: "#00ffff",
    Role.HighlightedText: "#000000",
    Role.ToolTipBase: "#000000",
    Role.ToolTipText: "#ffffff",
    Role.PlaceholderText: "#c0c0c0",
    Role.Link: "#ffff00",
}
PALETTES = {
    "light": (LIGHT, "#8a8a8a"),
    "dark": (DARK, "#7a7a7a"),
    "high_contrast": (HIGH_CONTRAST, "#a0a0a0"),
}


def apply_theme(app: QApplication, name: str) -> None:
    """Fusion with the theme's palette; the font keeps the system's size (text scales with it).

    Focus stays visible through Fusion's focus frame in the palette's highlight color; a global
    style sheet would switch widgets to style-sheet drawing (combo arrows disappear).
    """
    colors, disabled = PALETTES.get(name, PALETTES["light"])
    app.setStyle("Fusion")
    app.setPalette(_palette(colors, disabled))
    if name == "high_contrast":
        font = QFont(app.font())
        font.setBold(True)
        app.setFont(font)
