"""The pump's side of a session's record, read as changes: a line each time the pump's rate or
status changed, or it reported an event or an alarm, with what the nurse did with it.

A pump reports about once a minute; the timeline and the PDF show one line per change, not one
per message. A run of messages saying the same thing is one line, charted when the nurse charted
any message of the run. Pure: the caller reads the observations, oldest first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from nurse_monitor.domain.pump_link import PumpEvent

EVENT_WORDS = {
    PumpEvent.DELIVERY_START.value: "delivery started",
    PumpEvent.DELIVERY_STOP.value: "delivery stopped",
    PumpEvent.DELIVERY_COMPLETE.value: "delivery complete",
}


@dataclass(frozen=True)
class PumpLogLine:
    """What the pump said in one message (or the first of a run saying the same)."""

    received_at: datetime  # the station's clock when it arrived
    observed_at: datetime | None  # the pump's own time (its clock may be set wrong)
    pump_id: str
    channel: str
    rate_ml_h: float | None  # the rate it was running at (0 when not infusing)
    infusing: bool | None
    event: str | None = None  # a PCD-10 event (PumpEvent value)
    alarm: str | None = None  # a PCD-04 alarm, in the pump's words
    other_patient: bool = False  # the pump named another patient
    charted_by: str = ""  # the nurse who charted it; "" when not charted
    until: datetime | None = None  # the last message of its run saying the same (None: this one)

    @property
    def what(self) -> str:
        """The line in the nurse's words: "rate 120 mL/h", "delivery stopped", ..."""
        parts: list[str] = []
        if self.rate_ml_h is not None:
            parts.append(f"rate {self.rate_ml_h:g} mL/h")
        if self.infusing is False:
            parts.append("not infusing")
        if self.event is not None:
            parts.append(EVENT_WORDS.get(self.event, self.event))
        if self.alarm:
            parts.append(f"alarm: {self.alarm}")
        if self.other_patient:
            parts.append("reports another patient")
        return ", ".join(parts) or "no value"

    @property
    def done(self) -> str:
        """What the nurse did with it."""
        return f"charted by {self.charted_by}" if self.charted_by else "not charted"


def pump_changes(observations: Iterable[PumpLogLine]) -> tuple[PumpLogLine, ...]:
    """One line per change of the pump's rate or status (per pump and channel), and one per
    event, alarm or report of another patient; oldest first."""
    out: list[PumpLogLine] = []
    last: dict[tuple[str, str], int] = {}  # (pump, channel) -> index of its current run's line
    for line in sorted(observations, key=lambda o: o.received_at):
        key = (line.pump_id, line.channel)
        notable = line.event is not None or bool(line.alarm) or line.other_patient
        current = last.get(key)
        if notable:
            out.append(line)
            last.pop(key, None)  # the next reading starts a run of its own
            continue
        if line.rate_ml_h is None and line.infusing is None:
            continue  # says nothing about the rate or status (volumes only)
        if current is not None and _same(out[current], line):
            run = out[current]
            out[current] = replace(
                run, until=line.received_at, charted_by=run.charted_by or line.charted_by
            )
            continue
        last[key] = len(out)
        out.append(line)
    return tuple(out)


def _same(a: PumpLogLine, b: PumpLogLine) -> bool:
    return a.rate_ml_h == b.rate_ml_h and a.infusing == b.infusing
