"""Alerts the chair shows, each with the rule it comes from, and those raised by one reading.

Vital-sign alert thresholds, each cited to its own source: NEWS2 medium or high or a single 3
(RCP NEWS2 2017 response bands); systolic below 90 or more than 30% below baseline (NIAID/FAAN
2006); SpO2 92% or lower on NEWS2 scale 1, below 88% on scale 2 (the scale's prescribed target,
88 to 92%); temperature 38.0 C or higher (ours, after CTCAE v5).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nurse_monitor.domain.news2 import NEWS2_SOURCE, News2Band, News2Score
from nurse_monitor.domain.vital_signs import VitalSigns

ANAPHYLAXIS_BP_SOURCE = (
    "NIAID/FAAN 2006 anaphylaxis criteria: in adults, systolic below 90 mmHg or a fall of more "
    "than 30% from the patient's baseline"
)
SPO2_SCALE_1_SOURCE = (
    "Configurable default (ours) on NEWS2 (Royal College of Physicians 2017) SpO2 scale 1, "
    "which scores 92-93% as 2 and 91% or lower as 3"
)
SPO2_SCALE_2_SOURCE = (
    "NEWS2 (Royal College of Physicians 2017) SpO2 scale 2: prescribed target 88 to 92%, "
    "so the alert is below 88%"
)
FEVER_SOURCE = (
    "Configurable default (ours): 38.0 C or higher; CTCAE v5.0 grades fever from above 38.0 C"
)
SPO2_SCALE_2_FLOOR = 88  # NEWS2 scale 2 target 88-92% (RCP 2017)
SPO2_SCALE_1_ALERT_AT = 92  # ours: NEWS2 scale 1 scores 92-93% as 2


class AlertSeverity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    URGENT = "urgent"


@dataclass(frozen=True)
class Alert:
    """Something the nurse must see: a stable code, a message, and the rule it comes from."""

    code: str
    message: str
    rule: str
    severity: AlertSeverity

    def as_payload(self) -> dict[str, str]:
        return {
            "code": self.code,
            "message": self.message,
            "rule": self.rule,
            "severity": self.severity.value,
        }


def systolic_drop_fraction(systolic: int, baseline_systolic: int | None) -> float | None:
    """How far below baseline the systolic pressure is (0.31 = 31% below), if known."""
    if baseline_systolic is None or baseline_systolic <= 0:
        return None
    return (baseline_systolic - systolic) / baseline_systolic


def reading_alerts(
    vitals: VitalSigns, news2: News2Score, baseline_systolic: int | None
) -> tuple[Alert, ...]:
    """Alerts raised by one set of vital signs against the session's baseline systolic."""
    alerts: list[Alert] = []
    if news2.band is News2Band.HIGH:
        alerts.append(
            Alert(
                "news2_high",
                f"NEWS2 {news2.total} (high): emergency assessment",
                NEWS2_SOURCE,
                AlertSeverity.URGENT,
            )
        )
    elif news2.band is News2Band.MEDIUM:
        alerts.append(
            Alert(
                "news2_medium",
                f"NEWS2 {news2.total} (medium): urgent review",
                NEWS2_SOURCE,
                AlertSeverity.WARNING,
            )
        )
    if news2.any_three:
        threes = ", ".join(k for k, v in news2.parameter_scores.items() if v == 3)
        alerts.append(
            Alert(
                "news2_single_parameter_3",
                f"NEWS2 parameter scoring 3 ({threes}): urgent review",
                NEWS2_SOURCE,
                AlertSeverity.WARNING,
            )
        )
    if vitals.systolic < 90:
        alerts.append(
            Alert(
                "systolic_low",
                f"Systolic {vitals.systolic} mmHg is below 90",
                ANAPHYLAXIS_BP_SOURCE,
                AlertSeverity.URGENT,
            )
        )
    drop = systolic_drop_fraction(vitals.systolic, baseline_systolic)
    if drop is not None and drop > 0.30:
        alerts.append(
            Alert(
                "systolic_drop",
                f"Systolic {vitals.systolic} mmHg is {drop:.0%} below baseline "
                f"{baseline_systolic} mmHg (more than 30%)",
                ANAPHYLAXIS_BP_SOURCE,
                AlertSeverity.URGENT,
            )
        )
    if news2.scale == 2:
        if vitals.spo2 < SPO2_SCALE_2_FLOOR:
            alerts.append(
                Alert(
                    "spo2_low",
                    f"SpO2 {vitals.spo2}% is below the scale 2 target of 88-92%",
                    SPO2_SCALE_2_SOURCE,
                    AlertSeverity.WARNING,
                )
            )
    elif vitals.spo2 <= SPO2_SCALE_1_ALERT_AT:
        alerts.append(
            Alert(
                "spo2_low",
                f"SpO2 {vitals.spo2}% is 92% or lower",
                SPO2_SCALE_1_SOURCE,
                AlertSeverity.WARNING,
            )
        )
    if vitals.temperature_c >= 38.0:
        alerts.append(
            Alert(
                "fever",
                f"Temperature {vitals.temperature_c:.1f} C is 38.0 C or higher",
                FEVER_SOURCE,
                AlertSeverity.WARNING,
            )
        )
    return tuple(alerts)
