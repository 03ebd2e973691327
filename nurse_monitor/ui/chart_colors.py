"""The vitals chart's colours in each theme and on paper, chosen to meet WCAG 2.1 contrast.

Words on the chart (threshold labels, event labels, rate labels, axis titles) are small text:
4.5:1 against what is behind them (SC 1.4.3; at 8 to 9 pt none is "large text"). Lines and
symbols are graphical objects a reader needs: 3:1 against the chart's surface (SC 1.4.11).
A label's backing is its fill composited over the alert band over the surface, and
tests/gui/test_chart_contrast.py computes every ratio from these values.

On paper and in the light theme the chart is dark on white; in the dark and high-contrast
themes it takes the theme's surface and words, with the alarm red lightened as the theme's own
"error" words are (a red label on a white-filled box over a dark chart measured 2.8:1).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

from nurse_monitor.ui import colors
from nurse_monitor.ui.themes import PALETTES

ALERT_BAND_ALPHA = 30  # the alarm red washed over an alert range (of 255)
ALERT_EDGE_ALPHA = 90  # its edge line

# Okabe-Ito, colour-blind safe; on white the orange and sky blue are darkened to reach 3:1.
_SERIES = {
    "systolic": "#0072B2",
    "diastolic": "#0072B2",
    "heart_rate": "#CC79A7",
    "spo2": "#009E73",
    "respiratory_rate": "#E69F00",
    "temperature": "#D55E00",
    "pump_rate": "#56B4E9",  # the pump's own rate, thin and dashed beside the charted steps
}
_ON_WHITE = {"respiratory_rate": "#b87800", "pump_rate": "#2b8cc4", "infusion_rate": "#404040"}


@dataclass(frozen=True)
class ChartPalette:
    """Every colour the chart draws with, for one theme (or paper)."""

    surface: str
    ink: str  # axes, tick labels, titles, legend, rate labels
    threshold_text: str  # "Systolic < 90" and the other alert-range labels
    label_fill: tuple[int, int, int, int]  # the box under every label (RGBA)
    breathing_title: str  # the right-hand "RR /min" axis title, in the RR line's hue
    series: dict[str, str]  # lines and symbols, by series name
    markers: dict[str, str]  # premedication / rate / reaction lines and event labels

    def marker(self, kind: str) -> str:
        return self.markers.get(kind, self.ink)


def _rgba(color: str, alpha: int) -> tuple[int, int, int, int]:
    c = QColor(color)
    return (c.red(), c.green(), c.blue(), alpha)


def chart_palette(theme: str, *, paper: bool) -> ChartPalette:
    """The chart's colours on paper (always dark on white) or on screen in `theme`."""
    if paper or theme not in PALETTES or theme == "light":
        alarm = colors.OVERDUE.name()
        return ChartPalette(
            surface="#ffffff",
            ink="#1a1a1a",
            threshold_text=alarm,
            label_fill=(255, 255, 255, 200),
            breathing_title="#8a5a00",
            series={**_SERIES, **_ON_WHITE},
            markers={"premedication": "#0072B2", "rate": "#404040", "reaction": alarm},
        )
    roles = PALETTES[theme][0]
    surface, ink = roles[QPalette.ColorRole.Base], roles[QPalette.ColorRole.Text]
    words = colors.THEME_COLORS[theme]
    return ChartPalette(
        surface=surface,
        ink=ink,
        threshold_text=words["error"],
        label_fill=_rgba(surface, 200),
        breathing_title=_SERIES["respiratory_rate"],
        series={**_SERIES, "infusion_rate": ink},
        markers={"premedication": words["amended"], "rate": ink, "reaction": words["error"]},
    )
