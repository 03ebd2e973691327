"""The alarm log read as episodes: raised, answered (acknowledged or snoozed), ended.

"NEWS2 7 or more alarm 10:02, acknowledged 10:03 by D. Whitfield, ended 10:11": each episode
starts with a raise and ends with the next end; a raise at a higher priority during an episode
is an escalation within it. Times are shown by the caller (local time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from nurse_monitor.domain.alarm_priority import reason_words

WHAT = ("raised", "acknowledged", "snoozed", "ended")


@dataclass(frozen=True)
class AlarmLogLine:
    at: datetime
    what: str  # one of WHAT
    priority: str
    reasons: tuple[str, ...]
    by: str  # the nurse's signature; "" when the station itself wrote it


@dataclass
class AlarmEpisode:
    raised_at: datetime
    priority: str
    reasons: tuple[str, ...]
    answers: list[AlarmLogLine] = field(default_factory=list)
    ended_at: datetime | None = None

    @property
    def response_time(self) -> timedelta | None:
        """From the raise to the first answer by a person (acknowledge or snooze)."""
        first = next((a for a in self.answers if a.by), None)
        return None if first is None else first.at - self.raised_at

    @property
    def first_response(self) -> timedelta | None:
        """From the raise to the first response: acknowledged or snoozed by a person, or the
        alarm ended (the item done); None while nobody has responded."""
        moments = [a.at for a in self.answers if a.by]
        if self.ended_at is not None:
            moments.append(self.ended_at)
        return min(moments) - self.raised_at if moments else None

    def words(self, time: Callable[[datetime], str]) -> str:
        text = f"{reason_words(self.reasons)} alarm ({self.priority}) {time(self.raised_at)}"
        for answer in self.answers:
            text += f", {answer.what} {time(answer.at)} by {answer.by or 'the station'}"
        if self.ended_at is not None:
            text += f", ended {time(self.ended_at)}"
        return text


def episodes(lines: Iterable[AlarmLogLine]) -> list[AlarmEpisode]:
    """The log's lines grouped into episodes, oldest first."""
    found: list[AlarmEpisode] = []
    current: AlarmEpisode | None = None
    for line in sorted(lines, key=lambda x: x.at):
        if line.what == "raised":
            if current is None:
                current = AlarmEpisode(line.at, line.priority, line.reasons)
                found.append(current)
            else:  # risen (or changed) while open: the same episode, its reasons widened
                current.priority = line.priority
                current.reasons = tuple(dict.fromkeys([*current.reasons, *line.reasons]))
        elif line.what == "ended":
            if current is not None:
                current.ended_at = line.at
            current = None
        elif current is not None:
            current.answers.append(line)
    return found


def responded_slower_than(lines: Iterable[AlarmLogLine], limit: timedelta) -> bool:
    """Whether any alarm episode of these lines got its first response more than `limit` after
    it was raised (the history's "alarm response slower than" filter)."""
    return any((took := e.first_response) is not None and took > limit for e in episodes(lines))
