"""Why a value scored on NEWS2, in words: the table row it fell in, and whether it is high or low.

The rows restate the NEWS2 chart (RCP 2017, clinical-reference.md section 5) so a flag can say
"NEWS2 scores 3 for systolic ≤ 90"; the scores themselves always come from the reading
(domain.news2 computed them). A test checks these rows against domain.news2 value by value.
"""

from __future__ import annotations

from dataclasses import dataclass

HIGH = "▲"
LOW = "▼"
ALERT = "!"


@dataclass(frozen=True)
class Band:
    """Values up to `upper` (inclusive) score `score`; `text` names the range."""

    upper: float
    score: int
    text: str
    direction: str  # HIGH, LOW or "" (normal)


_INF = float("inf")

# The SpO2 rows are scale 1 (everyone but hypercapnic patients with an 88-92 % target).
BANDS: dict[str, tuple[Band, ...]] = {
    "systolic": (
        Band(90, 3, "systolic ≤ 90", LOW),
        Band(100, 2, "systolic 91-100", LOW),
        Band(110, 1, "systolic 101-110", LOW),
        Band(219, 0, "systolic 111-219", ""),
        Band(_INF, 3, "systolic ≥ 220", HIGH),
    ),
    "heart_rate": (
        Band(40, 3, "heart rate ≤ 40", LOW),
        Band(50, 1, "heart rate 41-50", LOW),
        Band(90, 0, "heart rate 51-90", ""),
        Band(110, 1, "heart rate 91-110", HIGH),
        Band(130, 2, "heart rate 111-130", HIGH),
        Band(_INF, 3, "heart rate ≥ 131", HIGH),
    ),
    "respiratory_rate": (
        Band(8, 3, "respiration ≤ 8", LOW),
        Band(11, 1, "respiration 9-11", LOW),
        Band(20, 0, "respiration 12-20", ""),
        Band(24, 2, "respiration 21-24", HIGH),
        Band(_INF, 3, "respiration ≥ 25", HIGH),
    ),
    "temperature": (
        Band(35.0, 3, "temperature ≤ 35.0 °C", LOW),
        Band(36.0, 1, "temperature 35.1-36.0 °C", LOW),
        Band(38.0, 0, "temperature 36.1-38.0 °C", ""),
        Band(39.0, 1, "temperature 38.1-39.0 °C", HIGH),
        Band(_INF, 2, "temperature ≥ 39.1 °C", HIGH),
    ),
    "spo2": (
        Band(91, 3, "SpO₂ ≤ 91 %", LOW),
        Band(93, 2, "SpO₂ 92-93 %", LOW),
        Band(95, 1, "SpO₂ 94-95 %", LOW),
        Band(_INF, 0, "SpO₂ ≥ 96 %", ""),
    ),
}


@dataclass(frozen=True)
class Flag:
    """A parameter's NEWS2 score with its marker and reason; score 0 means not flagged."""

    score: int
    marker: str
    reason: str

    @property
    def flagged(self) -> bool:
        return self.score > 0


NOT_FLAGGED = Flag(0, "", "")


def flag(parameter: str, value: float | None, score: int | None) -> Flag:
    """The flag for `value` of `parameter` that NEWS2 scored `score` (from the reading)."""
    if value is None or not score:
        return NOT_FLAGGED
    band = _band(parameter, value)
    if band is not None and band.score == score:
        return Flag(score, band.direction, f"NEWS2 scores {score} for {band.text}")
    # A score this table does not explain (SpO2 scale 2 on oxygen): say so plainly.
    direction = HIGH if parameter == "spo2" and value >= 93 else (band.direction if band else "")
    name = parameter.replace("_", " ")
    return Flag(score, direction or ALERT, f"NEWS2 scores {score} for {name} {value:g}")


def consciousness_flag(level: str, score: int | None) -> Flag:
    if not score:
        return NOT_FLAGGED
    return Flag(score, ALERT, f"NEWS2 scores {score}: new confusion, voice, pain or unresponsive")


def oxygen_flag(on_oxygen: bool, score: int | None) -> Flag:
    if not on_oxygen or not score:
        return NOT_FLAGGED
    return Flag(score, ALERT, f"NEWS2 scores {score} for supplemental oxygen")


def worst(*flags: Flag) -> Flag:
    """One flag for a cell showing two parameters (SpO2 and air or oxygen): reasons joined."""
    raised = [f for f in flags if f.flagged]
    if not raised:
        return NOT_FLAGGED
    top = max(raised, key=lambda f: f.score)
    return Flag(top.score, top.marker, "; ".join(f.reason for f in raised))


def _band(parameter: str, value: float) -> Band | None:
    bands = BANDS.get(parameter)
    if bands is None:
        return None
    if parameter == "temperature":
        value = round(value * 10) / 10  # NEWS2 scores temperature to 0.1 C
    return next(band for band in bands if value <= band.upper)
