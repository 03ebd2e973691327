"""The alert ranges the vital-signs chart shades, decided here with their sources, not by the chart.

Sources (clinical-reference.md): systolic below 90 mmHg, SpO2 92% or lower (scale 1) and
temperature 38.0 C or higher are the vital-sign alerts of section 6 (domain/alerts.py raises
them); the heart-rate bands are the NEWS2 pulse bands that score (RCP NEWS2 2017: 111-130 scores
2, 41-50 scores 1).
"""

from __future__ import annotations

from dataclasses import dataclass

SYSTOLIC_ALERT_BELOW = 90.0  # mmHg; section 6 alert
HEART_RATE_SCORES_ABOVE = 110.0  # /min; NEWS2 pulse 111-130 scores 2
HEART_RATE_SCORES_AT_OR_BELOW = 50.0  # /min; NEWS2 pulse 41-50 scores 1
SPO2_ALERT_AT_OR_BELOW = 92.0  # %; section 6 alert (scale 1)
FEVER_FROM_C = 38.0  # C; section 6 alert


@dataclass(frozen=True)
class ShadedRange:
    """One range a chart row shades: below `limit` (`below=True`) or above it, and its words."""

    series: str  # "pressure", "heart", "oxygen", "temperature"
    limit: float
    below: bool
    label: str


CHART_RANGES = (
    ShadedRange("pressure", SYSTOLIC_ALERT_BELOW, True, "Systolic < 90"),
    ShadedRange("heart", HEART_RATE_SCORES_ABOVE, False, "HR > 110"),
    ShadedRange("heart", HEART_RATE_SCORES_AT_OR_BELOW, True, "HR ≤ 50"),
    ShadedRange("oxygen", SPO2_ALERT_AT_OR_BELOW, True, "SpO₂ ≤ 92"),
)
"""Every shaded range but fever, whose limit the chart shows in the station's unit."""
