"""A bag volume no station accepts, read back from a record or a file, makes the projected end
unknown (None) instead of raising out of the engine, a timer or a report (fuzz finding)."""

from __future__ import annotations

from datetime import UTC, datetime

from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.titration import projected_end

NOW = datetime(2026, 3, 2, 9, 40, tzinfo=UTC)


def test_an_end_past_the_last_date_a_clock_shows_is_unknown_not_an_error(
    library: dict[str, Protocol],
) -> None:
    plan = library["natalizumab"].rate_plan
    assert projected_end(plan, NOW, 2_760_000_000_020.0, 115.0, None) is None
    assert projected_end(plan, NOW, 8_038_175_988.0, 115.0, None) is None


def test_an_ordinary_bag_still_has_its_end(library: dict[str, Protocol]) -> None:
    plan = library["natalizumab"].rate_plan
    assert projected_end(plan, NOW, 115.0, 115.0, None) == datetime(2026, 3, 2, 10, 40, tzinfo=UTC)
