"""The chart's series built from the last ones plus the new readings equal those built from all
readings at once, whatever changed in between."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from nurse_monitor.services.chair_view import ReadingRecord
from nurse_monitor.ui.vitals.chart_series import ChartedReadings, charted_readings, vital_series
from tests.gui.test_vitals_chart_redraw import START, reading

FIRST = [reading(i) for i in range(20)]
CHANGES: dict[str, list[ReadingRecord]] = {
    "one appended": [*FIRST, reading(20)],
    "several appended, out of order among themselves": [*FIRST, reading(22), reading(21)],
    "appended at the latest time": [*FIRST, reading(19, id=99, systolic=140)],
    "appended with values missing": [*FIRST, reading(20, systolic=None, temperature_c=None)],
    "appended older than the latest": [*FIRST, reading(20, taken_at=START + timedelta(minutes=7))],
    "amended in the middle": [*FIRST[:8], replace(FIRST[8], heart_rate=131), *FIRST[9:]],
    "a value taken away": [*FIRST[:8], replace(FIRST[8], spo2=None), *FIRST[9:], reading(20)],
    "removed from the middle": [*FIRST[:8], *FIRST[9:], reading(20)],
    "the last removed": FIRST[:-1],
    "moved in time": [*FIRST[:8], replace(FIRST[8], taken_at=START), *FIRST[9:]],
    "the same readings, new objects": [replace(r) for r in FIRST],
    "a note changed only": [replace(FIRST[0], note="cold hands"), *FIRST[1:], reading(20)],
    "emptied": [],
}


def assert_same(got: ChartedReadings, readings: list[ReadingRecord], unit: str) -> None:
    expected = vital_series(readings, unit)
    assert got.series.keys() == expected.keys()
    for name, series in expected.items():
        np.testing.assert_array_equal(got.series[name].x, series.x, err_msg=name)
        np.testing.assert_array_equal(got.series[name].y, series.y, err_msg=name)
    assert got.latest == max(readings, key=lambda r: r.taken_at, default=None)


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_series_from_the_last_ones_equal_series_from_all(change: str) -> None:
    before = charted_readings(FIRST, "C", None)
    assert_same(charted_readings(CHANGES[change], "C", before), CHANGES[change], "C")


def test_appended_readings_reuse_the_drawn_values() -> None:
    before = charted_readings(FIRST, "C", None)
    after = charted_readings([*FIRST, reading(20)], "C", before)
    assert after.series["systolic"].x[:20].tolist() == before.series["systolic"].x.tolist()
    assert charted_readings(FIRST, "C", before).series is before.series


def test_the_temperature_unit_changed_converts_every_reading() -> None:
    before = charted_readings(FIRST, "C", None)
    after = charted_readings([*FIRST, reading(20)], "F", before)
    assert_same(after, [*FIRST, reading(20)], "F")
    assert after.series["temperature"].y.min() > 95


def test_many_saves_one_by_one_from_none() -> None:
    charted = charted_readings([], "C", None)
    readings: list[ReadingRecord] = []
    for i in range(30):
        readings = [*readings, reading(i, spo2=None if i % 4 == 1 else 95)]
        charted = charted_readings(readings, "C", charted)
    assert_same(charted, readings, "C")
