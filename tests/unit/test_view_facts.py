"""Facts the screens used to work out themselves: age, chart markers (now in the domain)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from nurse_monitor.domain.chart_markers import ChartMarker, marker_for
from nurse_monitor.domain.patient_age import age_in_years

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_age_is_whole_calendar_years_not_days_over_365() -> None:
    born = date(1984, 5, 12)
    assert age_in_years(born, date(2026, 5, 11)) == 41
    assert age_in_years(born, date(2026, 5, 12)) == 42
    # days // 365 said 42 here: leap days add up to more than a week over 42 years.
    assert (date(2026, 5, 6) - born).days // 365 == 42
    assert age_in_years(born, date(2026, 5, 6)) == 41


def test_a_leap_day_birthday_counts_on_the_first_of_march_in_a_common_year() -> None:
    born = date(2000, 2, 29)
    assert age_in_years(born, date(2026, 2, 28)) == 25
    assert age_in_years(born, date(2026, 3, 1)) == 26


def test_markers_for_what_the_chart_marks_and_nothing_else() -> None:
    assert marker_for("premedication_given", AT, {"drug": "cetirizine"}) == ChartMarker(
        AT, "premedication", "cetirizine"
    )
    assert marker_for("rate_changed", AT, {"rate_ml_h": 60.0}) == ChartMarker(AT, "rate", "60")
    assert marker_for("reaction", AT, {"severity": "mild"}) == ChartMarker(AT, "reaction", "mild")
    assert marker_for("vitals", AT, {}) is None
    # An amended payload holding something odd is shown as it is, never a crash.
    assert marker_for("resumed", AT, {"rate_ml_h": "sixty"}) == ChartMarker(AT, "rate", "sixty")
