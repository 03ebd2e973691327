"""One rule and one wording for "due" and "overdue", shared by every screen and the replay.

An item is due from its due time and overdue once the station's grace has passed (the "overdue
after" preference; the engine and the replay use the default). An item whose window has not
opened yet is never overdue. Words, in minutes the way a nurse says them (a "2:08" beside a
clock time was read as a time of day): "due in 5 min" (or "due in 1 h 05 min"), "due now",
"overdue 7 min" (or "overdue 1 h 05 min"; counted from the due time, so the figure says how
late the item is). The grace is a design default of ours.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from enum import IntEnum

DEFAULT_GRACE = timedelta(minutes=5)  # ours: a due item turns overdue after this


class DueState(IntEnum):
    NOT_YET = 0
    DUE = 1
    OVERDUE = 2


def due_state(
    due_at: datetime,
    now: datetime,
    grace: timedelta = DEFAULT_GRACE,
    *,
    can_be_overdue: bool = True,
) -> DueState:
    """Where an item stands at `now`: not yet in its window, due, or overdue."""
    if now < due_at:
        return DueState.NOT_YET
    if can_be_overdue and now >= due_at + grace:
        return DueState.OVERDUE
    return DueState.DUE


def hours_minutes(delta: timedelta, *, round_up: bool = True) -> str:
    """'22 min', '1 h 05 min' or '2 h' (never negative). Rounded up for a time still to come, so
    "due in 0 min" is never shown before "due now"; rounded down for a time already past, so
    "overdue 5 min" is never said before five minutes have passed."""
    total = max(0.0, delta.total_seconds()) / 60
    minutes = math.ceil(total) if round_up else math.floor(total)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def due_words(
    due_at: datetime,
    now: datetime,
    grace: timedelta = DEFAULT_GRACE,
    *,
    can_be_overdue: bool = True,
) -> str:
    """'due in 5 min', 'due now' or 'overdue 7 min', by the same rule as due_state."""
    state = due_state(due_at, now, grace, can_be_overdue=can_be_overdue)
    if state is DueState.NOT_YET:
        return f"due in {hours_minutes(due_at - now)}"
    if state is DueState.DUE:
        return "due now"
    return f"overdue {hours_minutes(now - due_at, round_up=False)}"


SNOOZE_MINUTES = (1, 30)  # ours: the longest an alarm may wait before it sounds again
