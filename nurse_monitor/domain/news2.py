"""NEWS2 (Royal College of Physicians, 2017): parameter scores, aggregate and response band.

Table as in clinical-reference.md section 5. Scale 2 for SpO2 only for patients with
hypercapnic respiratory failure and a prescribed 88-92% target; everyone else scale 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from nurse_monitor.domain.vital_signs import Consciousness, VitalSigns

NEWS2_SOURCE = "NEWS2, Royal College of Physicians 2017 (chart and response bands)"


class News2Band(StrEnum):
    """Clinical response bands: low, low-medium (a single 3), medium (5-6), high (7+)."""

    LOW = "low"
    LOW_MEDIUM = "low_medium"
    MEDIUM = "medium"
    HIGH = "high"


RESPONSES: Mapping[News2Band, str] = {
    News2Band.LOW: "Low: nurse assesses and decides the monitoring frequency",
    News2Band.LOW_MEDIUM: "Low-medium (a single parameter scoring 3): urgent ward review",
    News2Band.MEDIUM: "Medium: urgent review by a clinician",
    News2Band.HIGH: "High: emergency assessment",
}


@dataclass(frozen=True)
class News2Score:
    """The aggregate (0-20), its band, each parameter's score and whether any scored 3."""

    total: int
    band: News2Band
    parameter_scores: Mapping[str, int]
    any_three: bool
    scale: int

    @property
    def response(self) -> str:
        return RESPONSES[self.band]


def respiration_score(rate: int) -> int:
    if rate <= 8:
        return 3
    if rate <= 11:
        return 1
    if rate <= 20:
        return 0
    if rate <= 24:
        return 2
    return 3


def spo2_scale1_score(spo2: int) -> int:
    if spo2 <= 91:
        return 3
    if spo2 <= 93:
        return 2
    if spo2 <= 95:
        return 1
    return 0


def spo2_scale2_score(spo2: int, on_oxygen: bool) -> int:
    """Scale 2: 88-92 scores 0, and so does 93 or more on air; on oxygen high values score."""
    if spo2 <= 83:
        return 3
    if spo2 <= 85:
        return 2
    if spo2 <= 87:
        return 1
    if spo2 <= 92 or not on_oxygen:
        return 0
    if spo2 <= 94:
        return 1
    if spo2 <= 96:
        return 2
    return 3


def systolic_score(systolic: int) -> int:
    if systolic <= 90:
        return 3
    if systolic <= 100:
        return 2
    if systolic <= 110:
        return 1
    if systolic <= 219:
        return 0
    return 3


def pulse_score(pulse: int) -> int:
    if pulse <= 40:
        return 3
    if pulse <= 50:
        return 1
    if pulse <= 90:
        return 0
    if pulse <= 110:
        return 1
    if pulse <= 130:
        return 2
    return 3


def temperature_score(celsius: float) -> int:
    """Scored in Celsius to 0.1 C (convert Fahrenheit first)."""
    tenths = round(celsius * 10)
    if tenths <= 350:
        return 3
    if tenths <= 360:
        return 1
    if tenths <= 380:
        return 0
    if tenths <= 390:
        return 1
    return 2


def consciousness_score(level: Consciousness) -> int:
    return 0 if level is Consciousness.ALERT else 3


def band_for(total: int, any_three: bool) -> News2Band:
    if total >= 7:
        return News2Band.HIGH
    if total >= 5:
        return News2Band.MEDIUM
    if any_three:
        return News2Band.LOW_MEDIUM
    return News2Band.LOW


def score_news2(vitals: VitalSigns, scale: int = 1) -> News2Score:
    """Score one set of vital signs on SpO2 scale 1 or 2."""
    if scale not in (1, 2):
        raise ValueError(f"NEWS2 SpO2 scale must be 1 or 2, got {scale}")
    spo2 = (
        spo2_scale1_score(vitals.spo2)
        if scale == 1
        else spo2_scale2_score(vitals.spo2, vitals.on_oxygen)
    )
    scores = {
        "respiratory_rate": respiration_score(vitals.respiratory_rate),
        "spo2": spo2,
        "air_or_oxygen": 2 if vitals.on_oxygen else 0,
        "systolic": systolic_score(vitals.systolic),
        "heart_rate": pulse_score(vitals.heart_rate),
        "consciousness": consciousness_score(vitals.consciousness),
        "temperature": temperature_score(vitals.temperature_c),
    }
    total = sum(scores.values())
    any_three = any(score == 3 for score in scores.values())
    return News2Score(total, band_for(total, any_three), scores, any_three, scale)
