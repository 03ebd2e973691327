"""WCAG 2.1 contrast in every theme: 4.5:1 for text, 3:1 for a control's boundary, computed from
each theme's palette and from the colours the code sets; no bold left behind by high contrast."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from nurse_monitor.ui import colors
from nurse_monitor.ui.themes import PALETTES, apply_theme, control_boundaries

Role = QPalette.ColorRole
TEXT = 4.5
BOUNDARY = 3.0
THEMES = tuple(PALETTES)
UI = Path(__file__).resolve().parents[2] / "nurse_monitor" / "ui"


def ratio(a: str | QColor, b: str | QColor) -> float:
    return colors.contrast_ratio(QColor(a), QColor(b))


@pytest.mark.parametrize("theme", THEMES)
def test_palette_text_pairs_read(theme: str) -> None:
    palette, _disabled = PALETTES[theme]
    pairs = [
        (Role.WindowText, Role.Window),
        (Role.Text, Role.Base),
        (Role.Text, Role.AlternateBase),
        (Role.ButtonText, Role.Button),
        (Role.HighlightedText, Role.Highlight),
        (Role.ToolTipText, Role.ToolTipBase),
        (Role.PlaceholderText, Role.Base),
        (Role.Link, Role.Window),
        (Role.Link, Role.Base),
    ]
    for fg, bg in pairs:
        assert ratio(palette[fg], palette[bg]) >= TEXT, (theme, fg, bg)


@pytest.mark.parametrize("theme", THEMES)
def test_meaningful_text_reads_on_every_surface(theme: str) -> None:
    palette, _ = PALETTES[theme]
    surfaces = [palette[r] for r in (Role.Window, Role.Base, Role.AlternateBase, Role.Button)]
    for kind, color in colors.THEME_COLORS[theme].items():
        needed = BOUNDARY if kind == "boundary" else TEXT
        for surface in surfaces:
            assert ratio(color, surface) >= needed, (theme, kind, color, surface)


@pytest.mark.parametrize("theme", THEMES)
def test_controls_have_visible_boundaries(theme: str) -> None:
    """Text boxes and indicators get an edge of 3:1 against the window and their own fill."""
    palette, _ = PALETTES[theme]
    sheet = control_boundaries(theme)
    edge = colors.THEME_COLORS[theme]["boundary"]
    assert f"border: 1px solid {edge}" in sheet  # text and combo boxes
    assert f"border: 2px solid {edge}" in sheet  # check and radio indicators
    for surface in (palette[Role.Window], palette[Role.Base]):
        assert ratio(edge, surface) >= BOUNDARY
    # A checked indicator is filled with the highlight: it must stand out from the window.
    assert ratio(palette[Role.Highlight], palette[Role.Window]) >= BOUNDARY


def test_alarm_and_band_cells_read() -> None:
    backgrounds = [*colors.NEWS2_BAND_COLORS.values(), colors.band_color(None)]
    for bg in backgrounds:
        assert ratio(colors.text_on(bg), bg) >= TEXT, bg.name()
    assert ratio(colors.TEXT_ON_ALARM, colors.OVERDUE) >= TEXT
    assert ratio(colors.TEXT_ON_DUE, colors.DUE) >= TEXT
    for flag in colors.SCORE_COLORS.values():
        assert ratio(colors.TEXT_ON_DUE, flag) >= TEXT


def test_no_widget_sets_a_fixed_text_colour_on_the_theme_background() -> None:
    """A text colour written into a style sheet without its own background ignores the theme
    (red on the dark window was 2.7:1). Words with a meaning take colors.text_style()."""
    offenders = []
    for path in UI.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"[^-]color:\s*#[0-9a-fA-F]{3,6}", line) and "background" not in line:
                offenders.append(f"{path.relative_to(UI)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.gui
def test_switching_back_from_high_contrast_leaves_no_bold(qapp: QApplication) -> None:
    before = qapp.font()
    try:
        apply_theme(qapp, "high_contrast")
        assert qapp.font().bold()
        assert colors.current_theme() == "high_contrast"
        apply_theme(qapp, "light")
        assert not qapp.font().bold()
        assert colors.text("error").name() == colors.THEME_COLORS["light"]["error"]
    finally:
        qapp.setStyleSheet("")
        qapp.setFont(before)
        apply_theme(qapp, "light")
        qapp.setStyleSheet("")
