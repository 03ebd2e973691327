"""What the station sounds, and when each burst starts: the highest-priority open alarm decides.

Timing after IEC 60601-1-8 as clinical-reference.md section 10 gives it (design defaults of
ours): a high burst every 10 s, a medium burst every 25 s, a low pulse once per alarm. An
acknowledged alarm is silent for 2 minutes (its visual signal stays) unless it escalates; the
station's "mute sound 5 min" silences low and medium alarms only, never a high one. Visual
signals: high flashes at 2 Hz (1.4 to 2.8 allowed), medium at 0.5 Hz (0.4 to 0.8), low steady.
Nothing here is timer state that a restart would need: after one, unanswered alarms sound again
at once, which is what they should do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority

REPEAT_EVERY = {Priority.HIGH: timedelta(seconds=10), Priority.MEDIUM: timedelta(seconds=25)}
ACKNOWLEDGE_SILENCES = timedelta(minutes=2)  # ours
FLASH_HZ = {Priority.HIGH: 2.0, Priority.MEDIUM: 0.5}  # low: steady
STATION = -1  # the key of the station's own alarm (the record unreachable)


def flash_on(priority: Priority, elapsed: timedelta) -> bool:
    """Whether a flashing signal is lit `elapsed` after the alarm began (half on, half off)."""
    hz = FLASH_HZ.get(priority)
    if hz is None:
        return True
    return (elapsed.total_seconds() * hz) % 1.0 < 0.5


@dataclass(frozen=True)
class SoundDecision:
    sounding: Priority | None  # what the station sounds now, if anything
    start: Priority | None  # a burst to start now
    raised: tuple[int, ...]  # alarms new (or risen) since the last look


@dataclass
class SoundLedger:
    """The station's memory of bursts started and acknowledgements, keyed by chair (session)."""

    acknowledged: dict[int, tuple[Priority, datetime]] = field(default_factory=dict)
    _last: tuple[Priority, datetime] | None = None
    _low_heard: set[tuple[int, tuple[str, ...]]] = field(default_factory=set)
    _open: dict[int, Priority] = field(default_factory=dict)

    def acknowledge(self, key: int, condition: AlarmCondition, now: datetime) -> datetime:
        """Silence this alarm's sound for 2 minutes; returns until when."""
        until = now + ACKNOWLEDGE_SILENCES
        self.acknowledged[key] = (condition.priority, until)
        return until

    def silenced_until(self, key: int, condition: AlarmCondition, now: datetime) -> datetime | None:
        held = self.acknowledged.get(key)
        if held is None:
            return None
        priority, until = held
        return until if now < until and condition.priority <= priority else None

    def decide(
        self,
        alarms: Mapping[int, AlarmCondition],
        now: datetime,
        muted_until: datetime | None = None,
    ) -> SoundDecision:
        """The sound at `now` for these open alarms; call it on every look (once a second)."""
        muted = muted_until is not None and now < muted_until
        raised = tuple(
            key
            for key, c in alarms.items()
            if key not in self._open or c.priority > self._open[key]
        )
        self._open = {key: c.priority for key, c in alarms.items()}
        self.acknowledged = {
            k: v for k, v in self.acknowledged.items() if k in alarms and now < v[1]
        }
        audible = {
            key: c
            for key, c in alarms.items()
            if self.silenced_until(key, c, now) is None
            and not (muted and c.priority < Priority.HIGH)
        }
        low_keys = {(k, c.reasons) for k, c in alarms.items() if c.priority is Priority.LOW}
        self._low_heard &= low_keys
        top = max((c.priority for c in audible.values()), default=None)
        start: Priority | None = None
        if top is None:
            self._last = None
        elif top is Priority.LOW:
            new = {(k, c.reasons) for k, c in audible.items()} - self._low_heard
            if new:
                start = Priority.LOW
            self._low_heard |= {(k, c.reasons) for k, c in audible.items()}
            self._last = None
        else:
            last = self._last
            if last is None or last[0] != top or now - last[1] >= REPEAT_EVERY[top]:
                start = top
                self._last = (top, now)
        return SoundDecision(top, start, raised)
