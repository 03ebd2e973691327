"""Each charted series' lowest and highest value (what the chart fits its scales to), carried on
from the last series when readings are appended, equal numpy's min and max over all of them."""

from __future__ import annotations

import math

import pytest

from nurse_monitor.ui.vitals.chart_series import Series, charted_readings, vital_series
from tests.gui.test_vitals_chart_redraw import reading

FIRST = [reading(i) for i in range(20)]


@pytest.mark.parametrize("unit", ["C", "F"])
def test_extents_carried_on_equal_those_of_all_readings(unit: str) -> None:
    readings = list(FIRST)
    charted = charted_readings(readings, unit, None)
    more = [
        reading(20, systolic=210, heart_rate=31),  # past the default scales
        reading(21, systolic=None, temperature_c=None),  # values missing
        reading(22, spo2=71, temperature_c=41.2),
        reading(23, diastolic=30),
    ]
    for added in more:
        readings.append(added)
        charted = charted_readings(readings, unit, charted)
        for name, fresh in vital_series(readings, unit).items():
            shown = charted.series[name]
            assert shown.extent() == (float(fresh.y.min()), float(fresh.y.max())), name
    assert charted.series["systolic"].known_extent is not None  # carried, not rescanned


def test_an_empty_series_has_no_extent() -> None:
    assert Series.empty().extent() == (math.inf, -math.inf)
