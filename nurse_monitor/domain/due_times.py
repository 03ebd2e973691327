"""One rule and one wording for "due" and "overdue", shared by every screen and the replay.

An item is due from its due time and overdue once the station's grace has passed (the "overdue
after" preference; the engine and the replay use the default). An item whose window has not
opened yet is never overdue. Words: "due in 5 min" (or "due in 1 h 5 min"; a "22:47" countdown
beside a clock time read as a time of day), "due now", "overdue 2:08" (counted from the due
time, so the figure says how late the item is). The grace is a design default of ours.
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


def minutes_seconds(delta: timedelta) -> str:
    """2:08, or 1:02:08 past an hour (whole seconds, never negative)."""
    seconds = max(0, int(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def hours_minutes(delta: timedelta) -> str:
    """'22 min', '1 h 5 min' or '2 h', whole minutes rounded up (never '0 min' before due)."""
    minutes = max(0, math.ceil(delta.total_seconds() / 60))
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def due_words(
    due_at: datetime,
    now: datetime,
    grace: timedelta = DEFAULT_GRACE,
    *,
    can_be_overdue: bool = True,
) -> str:
    """'due in 5 min', 'due now' or 'overdue 2:08', by the same rule as due_state."""
    state = due_state(due_at, now, grace, can_be_overdue=can_be_overdue)
    if state is DueState.NOT_YET:
        # Rounded up, so "due in 0 min" is never shown a second before "due now".
        return f"due in {hours_minutes(due_at - now)}"
    if state is DueState.DUE:
        return "due now"
    return f"overdue {minutes_seconds(now - due_at)}"


SNOOZE_MINUTES = (1, 30)  # ours: the longest an alarm may wait before it sounds again
