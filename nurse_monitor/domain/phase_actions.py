"""What the nurse may do to the infusion in each phase, and the rate to resume at.

Decided here, not by the buttons: the infusion panel shows exactly these actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from nurse_monitor.domain.session_record import Phase


class InfusionAction(StrEnum):
    START = "start"
    INCREASE = "increase"
    SET_RATE = "set_rate"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    END = "end"


_BY_PHASE: dict[Phase, frozenset[InfusionAction]] = {
    Phase.INFUSING: frozenset(
        {
            InfusionAction.INCREASE,
            InfusionAction.SET_RATE,
            InfusionAction.PAUSE,
            InfusionAction.STOP,
            InfusionAction.END,
        }
    ),
    Phase.PAUSED: frozenset({InfusionAction.RESUME, InfusionAction.STOP, InfusionAction.END}),
    Phase.STOPPED: frozenset({InfusionAction.RESUME, InfusionAction.STOP}),
}


def allowed_actions(phase: Phase, started: bool) -> frozenset[InfusionAction]:
    """The infusion actions this phase allows.

    Start only before the infusion started; another rate than the plan's next step while
    infusing or, before the start, another start rate.
    """
    if not started:
        return frozenset({InfusionAction.START, InfusionAction.SET_RATE})
    return _BY_PHASE.get(phase, frozenset())


def resume_rate(
    suggested_ml_h: float | None, rate_history: Sequence[tuple[datetime, float]]
) -> float | None:
    """The rate to offer on resuming: the engine's suggestion (after a reaction, the label's
    reduced rate), else the last rate that ran; None when nothing ran yet."""
    if suggested_ml_h is not None:
        return suggested_ml_h
    running = [rate for _at, rate in rate_history if rate > 0]
    return running[-1] if running else None
