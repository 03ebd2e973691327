"""Alarm levels and when to chime, from the engine's due times and the clock alone.

A due item turns the chair amber and chimes once; overdue turns it red and chimes again, with a
desktop notification, every repeat interval; a reaction outranks everything and is red at once.
Nothing here is timer state: the level is a function of (due time, snooze, now), so a restart or
a clock change gives the same board. The ledger only remembers when it last chimed, so that a
one-second look does not chime every second; after a restart it chimes again at once, which is
what an unanswered alarm should do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import IntEnum


class Level(IntEnum):
    NONE = 0
    DUE = 1
    OVERDUE = 2
    REACTION = 3


LEVEL_WORDS = {
    Level.NONE: "",
    Level.DUE: "Due",
    Level.OVERDUE: "Overdue",
    Level.REACTION: "Reaction",
}


@dataclass(frozen=True)
class AlarmSettings:
    overdue_after: timedelta  # due → overdue (a station preference, "ours")
    repeat_every: timedelta  # how often an overdue alarm chimes and notifies again
    muted_until: datetime | None = None  # this station's sound is off until then


@dataclass(frozen=True)
class ChairItem:
    """The most urgent item at a chair, as the board sees it."""

    session_id: int
    chair: str
    kind: str
    label: str
    due_at: datetime
    snoozed_until: datetime | None = None


@dataclass(frozen=True)
class Request:
    """Something the station must do now: chime, or show a desktop notification."""

    what: str  # "chime" or "notify"
    session_id: int
    chair: str
    label: str
    level: Level


def alarm_level(item: ChairItem | None, now: datetime, settings: AlarmSettings) -> Level:
    if item is None:
        return Level.NONE
    if item.snoozed_until is not None and now < item.snoozed_until and item.kind != "reaction":
        return Level.NONE
    if item.kind == "reaction":
        return Level.REACTION
    if now >= item.due_at + settings.overdue_after:
        return Level.OVERDUE
    if now >= item.due_at:
        return Level.DUE
    return Level.NONE


def muted(settings: AlarmSettings, now: datetime) -> bool:
    return settings.muted_until is not None and now < settings.muted_until


@dataclass
class AlarmLedger:
    """When each alarm last chimed and notified, keyed by the item it is about."""

    chimed: dict[tuple[int, str, datetime, Level], datetime] = field(default_factory=dict)

    def evaluate(
        self, items: list[ChairItem], now: datetime, settings: AlarmSettings
    ) -> list[Request]:
        """The chimes and notifications due now; each at most once per repeat interval."""
        requests: list[Request] = []
        live: set[tuple[int, str, datetime, Level]] = set()
        for item in items:
            level = alarm_level(item, now, settings)
            if level is Level.NONE:
                continue
            key: tuple[int, str, datetime, Level] = (item.session_id, item.kind, item.due_at, level)
            live.add(key)
            last = self.chimed.get(key)
            repeat = level >= Level.OVERDUE
            if last is not None and (not repeat or now - last < settings.repeat_every):
                continue
            self.chimed[key] = now
            text = f"{item.chair}: {item.label}"
            if not muted(settings, now):
                requests.append(Request("chime", item.session_id, item.chair, text, level))
            if level >= Level.OVERDUE:
                requests.append(Request("notify", item.session_id, item.chair, text, level))
        # Alarms that were answered (item done or snoozed) are forgotten.
        for answered in [k for k in self.chimed if k not in live]:
            del self.chimed[answered]
        return requests
