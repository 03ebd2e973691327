"""Light, dark and high-contrast themes: the Fusion style with explicit palettes.

Alarm colors (ui/colors.py) keep their meaning in every theme; only the surroundings change.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from nurse_monitor.paths import resource
from nurse_monitor.ui import colors

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
    known = name if name in PALETTES else "light"
    palette_colors, disabled = PALETTES[known]
    app.setStyle("Fusion")
    app.setPalette(_palette(palette_colors, disabled))
    colors.set_theme(known)
    app.setStyleSheet(control_boundaries(known))
    # High contrast is bold; any other theme puts the weight back (switching back from high
    # contrast left every label bold, and the board's Reaction column cut off).
    font = QFont(app.font())
    font.setBold(known == "high_contrast")
    app.setFont(font)


def control_boundaries(name: str) -> str:
    """Visible edges for text boxes, combo boxes and check and radio indicators.

    Fusion draws them in the window colour made darker: nothing on black (high contrast) or
    dark grey, and 2:1 on the light theme. WCAG 2.1 asks 3:1 for a control's boundary.
    """
    edge = colors.THEME_COLORS[name]["boundary"]
    arrow = resource(f"icons/down-arrow-{name}.svg").as_posix()
    up = resource(f"icons/up-arrow-{name}.svg").as_posix()
    check = resource(f"icons/check-{name}.svg").as_posix()
    mark, base = PALETTES[name][0][Role.Highlight], PALETTES[name][0][Role.Base]
    boxes = "QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit"
    focused = "QLineEdit:focus, QAbstractSpinBox:focus, QTextEdit:focus, QPlainTextEdit:focus"
    indicators = "QCheckBox::indicator, QRadioButton::indicator"
    return "\n".join(
        (
            f"{boxes} {{ border: 1px solid {edge}; border-radius: 3px; padding: 2px 4px;"
            " background: palette(base); color: palette(text); }",
            f"{focused}, QComboBox:focus {{ border: 2px solid palette(highlight); }}",
            "QLineEdit:read-only { background: palette(window); }",
            f"QComboBox {{ border: 1px solid {edge}; border-radius: 3px; padding: 2px 6px; }}",
            f"QComboBox::drop-down {{ border-left: 1px solid {edge}; width: 22px; }}",
            f'QComboBox::down-arrow {{ image: url("{arrow}"); width: 12px; height: 12px; }}',
            # With a border set, Fusion no longer draws a spin box's arrows (the "taken at" time
            # showed two blank buttons): its buttons and arrows are drawn here too.
            "QAbstractSpinBox::up-button, QAbstractSpinBox::down-button { subcontrol-origin:"
            f" border; width: 20px; border-left: 1px solid {edge}; }}",
            "QAbstractSpinBox::up-button { subcontrol-position: top right; }",
            "QAbstractSpinBox::down-button { subcontrol-position: bottom right; }",
            f'QAbstractSpinBox::up-arrow {{ image: url("{up}"); width: 10px; height: 10px; }}',
            f'QAbstractSpinBox::down-arrow {{ image: url("{arrow}"); width: 10px; height: 10px; }}',
            "QDateTimeEdit::drop-down { subcontrol-origin: border; subcontrol-position: top right;"
            f" width: 22px; border-left: 1px solid {edge}; }}",
            f'QDateTimeEdit::down-arrow {{ image: url("{arrow}"); width: 12px; height: 12px; }}',
            f"{indicators} {{ width: 16px; height: 16px; border: 2px solid {edge};"
            " background: palette(base); }",
            "QRadioButton::indicator { border-radius: 10px; }",
            "QCheckBox::indicator { border-radius: 3px; }",
            "QRadioButton::indicator:checked { background: qradialgradient(cx: 0.5, cy: 0.5,"
            f" radius: 0.5, fx: 0.5, fy: 0.5, stop: 0 {mark}, stop: 0.55 {mark},"
            f" stop: 0.65 {base}, stop: 1 {base}); }}",
            "QCheckBox::indicator:checked { background: palette(highlight);"
            f' border: 2px solid palette(highlight); image: url("{check}"); }}',
        )
    )
