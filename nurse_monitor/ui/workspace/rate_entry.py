"""Asking the nurse for a pump rate, and for a reason when the rate is above the plan.

The engine decides whether a rate is above what the label's schedule allows now
(`InfusionStatus.above_plan`); this module only asks. A rate above the plan is off-label and is
recorded only with a reason (clinical reference section 9); the reason is stored with the event.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, SignalInstance
from PySide6.QtWidgets import QWidget

from nurse_monitor.domain.engine import InfusionStatus
from nurse_monitor.ui import dialogs


@dataclass(frozen=True)
class RateAnswer:
    """What the nurse entered: a rate and, above the plan, the reason."""

    rate_ml_h: float
    reason: str = ""


def _tr(text: str) -> str:
    return QCoreApplication.translate("RateEntry", text)


def ask_rate(
    parent: QWidget,
    status: InfusionStatus,
    title: str,
    suggested: float | None,
    refused: SignalInstance,
) -> RateAnswer | None:
    """Ask for a rate (then a reason if above the plan); None when the nurse cancels or the
    entry is not a number (then `refused(field, message)` says so)."""
    hint = _tr(" Suggested: %1").replace("%1", f"{suggested:g}") if suggested else ""
    answer = dialogs.dialogs.ask_text(
        parent, title, _tr("At what rate (mL/h)?%1").replace("%1", hint)
    )
    if not answer:
        return None
    try:
        rate = float(answer.replace(",", "."))
    except ValueError:
        refused.emit(_tr("Rate (mL/h)"), _tr("enter a number"))
        return None
    reason = ask_reason_if_above_plan(parent, status, rate, title)
    if reason is None:
        return None
    return RateAnswer(rate, reason)


def ask_reason_if_above_plan(
    parent: QWidget, status: InfusionStatus, rate: float, title: str
) -> str | None:
    """ "" when the rate is within the plan; the nurse's reason if above it; None if cancelled."""
    if not status.above_plan(rate):
        return ""
    allows = status.plan_allows_ml_h or 0.0
    reason = dialogs.dialogs.ask_text(
        parent,
        title,
        _tr(
            "%1 mL/h is above the plan: the label's schedule allows %2 mL/h now. "
            "Why? (required; recorded with the rate, shown on the timeline and in the PDF)"
        )
        .replace("%1", f"{rate:g}")
        .replace("%2", f"{allows:g}"),
    )
    if reason is None or not reason.strip():
        return None
    return reason.strip()
