"""`first_change`: where a series shown on the chart and the one to show begin to differ.

Its quick path compares the arrays' memory; these hold it to the values' comparison, where
equal values have other bits (0.0 and -0.0) and where NaNs stand for missing values.
"""

from __future__ import annotations

import numpy as np

from nurse_monitor.ui.vitals.confined_updates import first_change


def test_the_same_points_are_no_change() -> None:
    x = np.arange(5.0)
    y = np.array([1.0, np.nan, 3.0, 4.0, 5.0])
    assert first_change(x, y, x.copy(), y.copy()) is None


def test_points_appended_change_from_the_first_new_one() -> None:
    x, y = np.arange(6.0), np.arange(6.0) * 2
    assert first_change(x[:4], y[:4], x, y) == 4


def test_points_removed_change_from_the_first_gone() -> None:
    x, y = np.arange(6.0), np.arange(6.0) * 2
    assert first_change(x, y, x[:3], y[:3]) == 3


def test_a_value_changed_is_found() -> None:
    x, y = np.arange(6.0), np.arange(6.0)
    moved = y.copy()
    moved[2] = 9.0
    assert first_change(x, y, x, moved) == 2
    assert first_change(x, y, x, np.where(np.arange(6) == 4, np.nan, y)) == 4


def test_equal_values_with_other_bits_are_no_change() -> None:
    x = np.arange(3.0)
    assert first_change(x, np.array([0.0, 1.0, 2.0]), x, np.array([-0.0, 1.0, 2.0])) is None
    other_nan = np.array([1.0, np.float64("nan") * -1, 2.0])
    assert first_change(x, np.array([1.0, np.nan, 2.0]), x, other_nan) is None
    assert first_change(x, np.array([1.0, np.nan, 2.0]), x[:2], other_nan[:2]) == 2


def test_integer_and_float_arrays_compare_by_value() -> None:
    x = np.arange(3.0)
    assert first_change(x, np.array([1, 2, 3]), x, np.array([1.0, 2.0, 3.0])) is None


def test_the_last_point_moved_is_found() -> None:
    x, y = np.arange(6.0), np.arange(6.0)
    later = x.copy()
    later[-1] = 7.5  # the rate's last step drawn on to a later now
    assert first_change(x, y, later, y) == 5
    assert first_change(x, y, x, np.where(np.arange(6) == 5, -1.0, y)) == 5
    assert first_change(x, y, later, y.copy()[:6]) == 5
    assert first_change(x[:5], y[:5], later, y) == 5  # appended after the shared five
    assert first_change(later[:5], y[:5], np.append(later[:4], [4.5, 9.0]), y) == 4


def test_the_last_point_equal_in_value_with_other_bits_is_no_change() -> None:
    x, y = np.arange(3.0), np.array([1.0, 2.0, 0.0])
    assert first_change(x, y, x, np.array([1.0, 2.0, -0.0])) is None
    assert first_change(x, y, np.append(x, 3.0), np.array([1.0, 2.0, -0.0, 4.0])) == 3
    with_nan = np.array([1.0, 2.0, np.nan])
    assert first_change(x, with_nan, x, np.array([1.0, 2.0, -np.nan])) is None
