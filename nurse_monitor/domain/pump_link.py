"""What a smart pump reports (IHE PCD-01/-10/-04) and how it compares with the record.

Pure: the parsed values of one pump message, and the alerts a pump's last report raises against
what the nurse charted and the protocol's plan. Codes of the IEEE 11073 nomenclature (MDC) are
the ones printed in the IHE PCD framework's own examples (IHE PCD Technical Framework Rev 8 and
the IPEC supplement Rev 1.5, section X.1.2.2 "Infusion Event Sample Message"); terms that
supplement prints with the code 0 ("pending") are matched by their reference name.

Alert codes (priorities after clinical-reference.md section 10, a design default of ours):
`pump_other_patient` high; `pump_disagrees`, `pump_quiet`, `pump_above_plan`, `pump_stopped`
medium.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

# MDC codes and reference names as the IHE PCD framework's examples print them.
MDC_DEV_PUMP_INFUS_LVP_MDS = ("70049", "MDC_DEV_PUMP_INFUS_LVP_MDS")
MDC_FLOW_FLUID_PUMP = ("157784", "MDC_FLOW_FLUID_PUMP")  # programmed rate, mL/h
MDC_FLOW_FLUID_PUMP_CURRENT = ("0", "MDC_FLOW_FLUID_PUMP_CURRENT")  # current flow; code pending
MDC_VOL_FLUID_TBI = ("157884", "MDC_VOL_FLUID_TBI")  # volume to be infused, mL
MDC_VOL_FLUID_DELIV_TOTAL = ("157993", "MDC_VOL_FLUID_DELIV_TOTAL")  # delivered, mL
MDC_VOL_FLUID_TBI_REMAIN = ("157872", "MDC_VOL_FLUID_TBI_REMAIN")  # remaining, mL
MDC_TIME_PD_REMAIN = ("157916", "MDC_TIME_PD_REMAIN")  # time remaining, min
MDC_PUMP_INFUSING_STATUS = ("184519", "MDC_PUMP_INFUSING_STATUS")
MDC_ATTR_EVT_COND = ("0", "MDC_ATTR_EVT_COND")  # the event of a PCD-10 message; code pending
MDC_EVT_PUMP_DELIV_START = ("197288", "MDC_EVT_PUMP_DELIV_START")
MDC_EVT_PUMP_DELIV_STOP = ("0", "MDC_EVT_PUMP_DELIV_STOP")  # code pending in the supplement
MDC_EVT_PUMP_DELIV_COMP = ("0", "MDC_EVT_PUMP_DELIV_COMP")  # code pending in the supplement
MDC_EVT_ALARM = ("196616", "MDC_EVT_ALARM")
MDC_EVT_FLUID_LINE_OCCL = ("196940", "MDC_EVT_FLUID_LINE_OCCL")
MDC_ATTR_EVENT_PHASE = ("68481", "MDC_ATTR_EVENT_PHASE")

# The value units the examples use (OBX-6), by reference name.
UNIT_ML_PER_H = ("265266", "MDC_DIM_MILLI_L_PER_HR")
UNIT_ML = ("263762", "MDC_DIM_MILLI_L")
UNIT_MIN = ("264352", "MDC_DIM_MIN")

INFUSING = "pump-status-infusing"
NOT_INFUSING = "pump-status-not-infusing"

QUIET_AFTER = timedelta(minutes=3)  # issue 19: no message for 3 minutes raises an alarm
# Design default of ours (not a clinical number): pumps report rates to 0.1 mL/h; a difference
# of more than this between the pump and the chart is a disagreement, not rounding.
RATE_TOLERANCE_ML_H = 0.5

PUMP_LINK_RULE = "Pump link (IHE PCD-01): the pump's report compared with the record"


class PumpEvent(StrEnum):
    """The infusion events of IHE PCD-10 (IPEC) the chair offers as entries."""

    DELIVERY_START = "MDC_EVT_PUMP_DELIV_START"
    DELIVERY_STOP = "MDC_EVT_PUMP_DELIV_STOP"
    DELIVERY_COMPLETE = "MDC_EVT_PUMP_DELIV_COMP"


class PumpAlertPriority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"


@dataclass(frozen=True)
class PumpChannelReport:
    """What one pump channel (OBX-4 `MDS.VMD`) said in one message; None = not reported."""

    channel: str
    rate_ml_h: float | None = None
    current_rate_ml_h: float | None = None
    volume_to_infuse_ml: float | None = None
    delivered_ml: float | None = None
    remaining_ml: float | None = None
    minutes_remaining: float | None = None
    infusing: bool | None = None
    observed_at: datetime | None = None

    def is_empty(self) -> bool:
        return all(
            v is None
            for v in (
                self.rate_ml_h,
                self.current_rate_ml_h,
                self.volume_to_infuse_ml,
                self.delivered_ml,
                self.remaining_ml,
                self.minutes_remaining,
                self.infusing,
            )
        )

    def delivering_rate(self) -> float | None:
        """The rate the pump is running at: its current flow when reported apart, else the
        programmed rate (0 when it says it is not infusing)."""
        if self.current_rate_ml_h is not None:
            return self.current_rate_ml_h
        if self.infusing is False:
            return 0.0
        return self.rate_ml_h


@dataclass(frozen=True)
class PumpAlert:
    """One pump alarm: a stable code, its priority, and a message in the nurse's words."""

    code: str
    priority: PumpAlertPriority
    message: str
    rule: str = PUMP_LINK_RULE


@dataclass(frozen=True)
class PumpComparison:
    """What the chair knows when it compares: the pump's last report and the record."""

    now: datetime
    bound_at: datetime
    last_message_at: datetime | None
    report: PumpChannelReport | None
    record_infusing: bool
    charted_rate_ml_h: float | None
    plan_max_rate_ml_h: float | None
    other_patient: str | None = None  # the patient the pump names, when not this session's
    plan_source: str = ""  # where the protocol's highest rate is written (label and section)


def pump_alerts(c: PumpComparison) -> tuple[PumpAlert, ...]:
    """The alerts the pump's last report raises against the record, most urgent first."""
    alerts: list[PumpAlert] = []
    if c.other_patient is not None:
        alerts.append(
            PumpAlert(
                "pump_other_patient",
                PumpAlertPriority.HIGH,
                f"The pump reports another patient ({c.other_patient}): check the pump and "
                "the patient's identity before going on",
            )
        )
    heard_at = c.last_message_at or c.bound_at
    if c.now - heard_at >= QUIET_AFTER:
        minutes = int((c.now - heard_at).total_seconds() // 60)
        alerts.append(
            PumpAlert(
                "pump_quiet",
                PumpAlertPriority.MEDIUM,
                f"No message from the pump for {minutes} min: check the pump and its link",
            )
        )
    report = c.report
    if report is None:
        return tuple(alerts)
    running = report.delivering_rate()
    if c.record_infusing and (report.infusing is False or running == 0.0):
        alerts.append(
            PumpAlert(
                "pump_stopped",
                PumpAlertPriority.MEDIUM,
                "The pump has stopped while the record says the infusion is running",
            )
        )
    if not c.record_infusing and running:
        alerts.append(
            PumpAlert(
                "pump_disagrees",
                PumpAlertPriority.MEDIUM,
                f"The pump runs at {running:g} mL/h; the record says the infusion is not running",
            )
        )
    elif (
        c.record_infusing
        and running
        and c.charted_rate_ml_h is not None
        and abs(running - c.charted_rate_ml_h) > RATE_TOLERANCE_ML_H
    ):
        alerts.append(
            PumpAlert(
                "pump_disagrees",
                PumpAlertPriority.MEDIUM,
                f"The pump runs at {running:g} mL/h; the record says {c.charted_rate_ml_h:g} mL/h",
            )
        )
    highest = max((r for r in (running, report.rate_ml_h) if r is not None), default=None)
    if (
        highest is not None
        and c.plan_max_rate_ml_h is not None
        and highest > c.plan_max_rate_ml_h + RATE_TOLERANCE_ML_H
    ):
        alerts.append(
            PumpAlert(
                "pump_above_plan",
                PumpAlertPriority.MEDIUM,
                f"The pump is set to {highest:g} mL/h, above the protocol's highest rate "
                f"of {c.plan_max_rate_ml_h:g} mL/h"
                + (f" ({c.plan_source})" if c.plan_source else ""),
                rule=c.plan_source or PUMP_LINK_RULE,
            )
        )
    return tuple(alerts)
