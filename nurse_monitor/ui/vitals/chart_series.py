"""Plain arrays the vitals chart draws: one series per vital sign, and the infusion rate steps.

Kept apart from the widget so the chart stays a thin adapter (house style 9): what is drawn is
decided here, from records, without Qt.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from numpy.typing import NDArray

from nurse_monitor.domain.pump_log import PumpLogLine
from nurse_monitor.domain.vital_signs import celsius_to_fahrenheit
from nurse_monitor.services.chair_view import ReadingRecord

FloatArray = NDArray[np.float64]

# The series the chart draws, in the order the legend lists them.
VITAL_SERIES = ("systolic", "diastolic", "heart_rate", "spo2", "respiratory_rate", "temperature")


@dataclass(frozen=True)
class Series:
    """x in seconds since the epoch (UTC, as pyqtgraph's DateAxisItem expects) and y values."""

    x: FloatArray
    y: FloatArray
    # (lowest, highest) y when the builder knew it already (a reading appended), else None.
    known_extent: tuple[float, float] | None = field(default=None, compare=False, repr=False)

    @classmethod
    def empty(cls) -> Series:
        return cls(np.empty(0), np.empty(0))

    def extent(self) -> tuple[float, float]:
        """The lowest and highest y, as numpy's min and max give them; (inf, -inf) if empty."""
        if self.known_extent is not None:
            return self.known_extent
        if not len(self.y):
            return (math.inf, -math.inf)
        return (float(self.y.min()), float(self.y.max()))


def epoch_seconds(moment: datetime) -> float:
    return moment.timestamp()


@dataclass(frozen=True)
class ChartedReadings:
    """The readings a chart's series were built from, to build the next ones from a few more."""

    readings: tuple[ReadingRecord, ...]
    temperature_unit: str
    latest: ReadingRecord | None  # the first reading taken last (None: no readings)
    series: dict[str, Series]


def charted_readings(
    readings: Sequence[ReadingRecord], temperature_unit: str, before: ChartedReadings | None
) -> ChartedReadings:
    """The series of `readings` (as `vital_series`), built from `before` when `readings` are
    the readings it was built from, in the same order and unchanged on the chart, followed by
    newer ones (a saved reading): only the new ones are turned into values.
    """
    kept = tuple(readings)
    added = _added_after(kept, temperature_unit, before)
    if before is None or added is None:
        latest = max(kept, key=_taken_at, default=None)
        return ChartedReadings(kept, temperature_unit, latest, vital_series(kept, temperature_unit))
    if not added:
        return ChartedReadings(kept, temperature_unit, before.latest, before.series)
    series = _appended(before.series, added, temperature_unit)
    latest = max(added, key=_taken_at)
    if before.latest is not None and latest.taken_at <= before.latest.taken_at:
        latest = before.latest  # the first of those taken last, as max() over all gives
    return ChartedReadings(kept, temperature_unit, latest, series)


def _appended(
    series: dict[str, Series], added: tuple[ReadingRecord, ...], temperature_unit: str
) -> dict[str, Series]:
    """`series` with the values of `added` (all taken after its last) on the end, as
    `vital_series` of all of them gives: a series whose reading lacks the value is kept as is.

    Built from Python lists, as a save adds one reading: `vital_series` spends about 40 µs on
    numpy's fixed costs for a table of one row."""
    ordered = sorted(added, key=_taken_at)
    times = [epoch_seconds(r.taken_at) for r in ordered]
    result: dict[str, Series] = {}
    for name, old in series.items():
        xs: list[float] = []
        ys: list[float] = []
        for at, r in zip(times, ordered, strict=True):
            value = _charted_value(r, name, temperature_unit)
            if value is not None and not math.isnan(value):
                xs.append(at)
                ys.append(value)
        if xs:
            low, high = old.extent()
            result[name] = Series(
                np.concatenate((old.x, np.array(xs, dtype=np.float64))),
                np.concatenate((old.y, np.array(ys, dtype=np.float64))),
                (float(min(low, *ys)), float(max(high, *ys))),
            )
        else:
            result[name] = old
    return result


def _charted_value(r: ReadingRecord, name: str, temperature_unit: str) -> float | None:
    """The value `vital_series` charts for `name` (VITAL_SERIES) from one reading."""
    if name == "temperature":
        if r.temperature_c is None or temperature_unit != "F":
            return r.temperature_c
        return celsius_to_fahrenheit(r.temperature_c)
    value: float | None = getattr(r, name)
    return value


def _taken_at(reading: ReadingRecord) -> datetime:
    return reading.taken_at


def _added_after(
    readings: tuple[ReadingRecord, ...], temperature_unit: str, before: ChartedReadings | None
) -> tuple[ReadingRecord, ...] | None:
    """The readings that follow those charted `before`; None when any charted one changed
    (amended, removed, moved) or a new one is older than the latest charted (out of order)."""
    if before is None or before.temperature_unit != temperature_unit:
        return None
    count = len(before.readings)
    if len(readings) < count:
        return None
    for old, new in zip(before.readings, readings, strict=False):
        if old is not new and _charted_values(old) != _charted_values(new):
            return None
    added = readings[count:]
    if before.latest is not None and any(r.taken_at < before.latest.taken_at for r in added):
        return None
    return added


def _charted_values(r: ReadingRecord) -> tuple[object, ...]:
    return (
        r.taken_at,
        r.systolic,
        r.diastolic,
        r.heart_rate,
        r.spo2,
        r.respiratory_rate,
        r.temperature_c,
    )


def vital_series(
    readings: Sequence[ReadingRecord], temperature_unit: str = "C"
) -> dict[str, Series]:
    """One Series per name in VITAL_SERIES; readings missing a value are left out of that one.

    Temperature is in the unit asked for (stored in Celsius).
    """
    ordered = sorted(readings, key=lambda r: r.taken_at)
    fahrenheit = temperature_unit == "F"
    # One row per reading: time, then the values in VITAL_SERIES order; None becomes NaN.
    table = np.array(
        [
            (
                epoch_seconds(r.taken_at),
                r.systolic,
                r.diastolic,
                r.heart_rate,
                r.spo2,
                r.respiratory_rate,
                None
                if r.temperature_c is None
                else (celsius_to_fahrenheit(r.temperature_c) if fahrenheit else r.temperature_c),
            )
            for r in ordered
        ],
        dtype=np.float64,
    ).reshape(-1, 1 + len(VITAL_SERIES))
    times = table[:, 0]
    result: dict[str, Series] = {}
    for column, name in enumerate(VITAL_SERIES, start=1):
        values = table[:, column]
        kept = ~np.isnan(values)
        result[name] = Series(times[kept], values[kept])
    return result


def rate_steps(rate_history: Sequence[tuple[datetime, float]], now: datetime) -> Series:
    """The infusion rate as a step line: each rate holds until the next change, the last to now.

    A history [(09:00, 30), (09:30, 60)] at 10:00 gives x 09:00, 09:30, 09:30, 10:00 and
    y 30, 30, 60, 60: vertical jumps at each change, a flat run to `now`.
    """
    if not rate_history:
        return Series.empty()
    ordered = sorted(rate_history, key=lambda step: step[0])
    starts = [epoch_seconds(at) for at, _ in ordered]
    ends = [*starts[1:], max(epoch_seconds(now), starts[-1])]
    x = np.empty(2 * len(ordered))
    y = np.empty(2 * len(ordered))
    x[0::2], x[1::2] = starts, ends
    rates = [rate for _, rate in ordered]
    y[0::2], y[1::2] = rates, rates
    return Series(x, y)


def pump_steps(lines: Sequence[PumpLogLine]) -> Series:
    """The pump's own rate as step lines, one per pump channel (apart, with a NaN between):
    each rate from the message that first said it to the next change, the last one to the last
    message that said it (a pump gone quiet is not drawn on)."""
    groups: dict[tuple[str, str], list[PumpLogLine]] = {}
    for line in sorted(lines, key=lambda said: said.received_at):
        if line.rate_ml_h is not None:
            groups.setdefault((line.pump_id, line.channel), []).append(line)
    x: list[float] = []
    y: list[float] = []
    for runs in groups.values():
        if x:
            x.append(x[-1])
            y.append(np.nan)
        for n, run in enumerate(runs):
            end = runs[n + 1].received_at if n + 1 < len(runs) else run.until or run.received_at
            rate = float(run.rate_ml_h or 0.0)
            x += [epoch_seconds(run.received_at), epoch_seconds(end)]
            y += [rate, rate]
    return Series(np.array(x, dtype=np.float64), np.array(y, dtype=np.float64))


def padded_range(low: float, high: float, default: tuple[float, float]) -> tuple[float, float]:
    """A y range that always shows the default span and stretches to fit the data with room."""
    if low > high:  # no data
        return default
    span = max(high - low, 1.0)
    return min(default[0], low - 0.08 * span), max(default[1], high + 0.08 * span)


@dataclass(frozen=True)
class EventLabel:
    """One label in the chart's event strip: markers close in time share it."""

    x: float
    kind: str
    text: str
    full_text: str


def event_labels(
    events: Sequence[tuple[float, str, str]], min_gap: float, max_chars: int = 30
) -> list[EventLabel]:
    """Merge (x, kind, label) events of one kind closer than `min_gap` seconds into one label.

    Three premedications given within minutes read as one label rather than three overprinted.
    """
    labels: list[EventLabel] = []
    group: list[tuple[float, str, str]] = []

    def close() -> None:
        if group:
            full = " + ".join(label for _, _, label in group)
            short = full if len(full) <= max_chars else full[: max_chars - 1] + "…"
            labels.append(EventLabel(group[0][0], group[0][1], short, full))
            group.clear()

    for event in sorted(events, key=lambda e: e[0]):
        if group and (event[1] != group[0][1] or event[0] - group[-1][0] > min_gap):
            close()
        group.append(event)
    close()
    return labels
