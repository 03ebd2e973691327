"""Issue 16 defect 16: on the night the clocks go back a local time happens twice; the PDF's
times say which by their UTC offset there, and only there."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nurse_monitor.reports.wording import clock_time, date_time

sydney = pytest.mark.parametrize("station_zone", ["Australia/Sydney"], indirect=True)


@sydney
def test_a_repeated_local_time_shows_its_utc_offset(station_zone: object) -> None:
    # 5 April 2026: Sydney's clocks go back from 03:00 (UTC+11) to 02:00 (UTC+10).
    first = datetime(2026, 4, 4, 15, 30, tzinfo=UTC)  # 02:30 daylight time
    second = datetime(2026, 4, 4, 16, 30, tzinfo=UTC)  # 02:30 again, standard time
    assert clock_time(first) == "02:30 (UTC+11:00)"
    assert clock_time(second) == "02:30 (UTC+10:00)"
    assert date_time(second) == "05 Apr 2026 02:30 (UTC+10:00)"
    assert clock_time(datetime(2026, 4, 4, 12, 0, tzinfo=UTC)) == "23:00"  # happens once
    assert clock_time(datetime(2026, 4, 4, 17, 30, tzinfo=UTC)) == "03:30"
    assert clock_time(datetime(2026, 10, 3, 15, 30, tzinfo=UTC)) == "01:30"  # spring: once
