"""Alerts the chair shows, each with the rule it comes from, and those raised by one reading.

Vital-sign alert thresholds are from clinical-reference.md section 6 (sourced there): NEWS2
medium or high or a single 3, systolic below 90 or more than 30% below baseline, SpO2 92% or
lower, temperature 38.0 C or higher.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from nurse_monitor.domain.news2 import NEWS2_SOURCE, News2Band, News2Score
from nurse_monitor.domain.vital_signs import VitalSigns

VITALS_ALERT_SOURCE = "Vital-sign alerts, clinical-reference.md section 6"
ANAPHYLAXIS_BP_SOURCE = "NIAID/FAAN 2006 low blood pressure criterion (clinical-reference.md 4)"


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
                VITALS_ALERT_SOURCE,
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
                f"{VITALS_ALERT_SOURCE}; {ANAPHYLAXIS_BP_SOURCE}",
                AlertSeverity.URGENT,
            )
        )
    if vitals.spo2 <= 92:
        alerts.append(
            Alert(
                "spo2_low",
                f"SpO2 {vitals.spo2}% is 92% or lower",
                VITALS_ALERT_SOURCE,
                AlertSeverity.WARNING,
            )
        )
    if vitals.temperature_c >= 38.0:
        alerts.append(
            Alert(
                "fever",
                f"Temperature {vitals.temperature_c:.1f} C is 38.0 C or higher",
                VITALS_ALERT_SOURCE,
                AlertSeverity.WARNING,
            )
        )
    return tuple(alerts)
