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


def test_the_phase_decides_the_infusion_actions() -> None:
    from nurse_monitor.domain.phase_actions import InfusionAction as A
    from nurse_monitor.domain.phase_actions import allowed_actions
    from nurse_monitor.domain.session_record import Phase

    assert allowed_actions(Phase.NOT_STARTED, started=False) == {A.START, A.SET_RATE}
    assert allowed_actions(Phase.INFUSING, started=True) == {
        A.INCREASE,
        A.SET_RATE,
        A.PAUSE,
        A.STOP,
        A.END,
    }
    assert allowed_actions(Phase.PAUSED, started=True) == {A.RESUME, A.STOP, A.END}
    assert allowed_actions(Phase.STOPPED, started=True) == {A.RESUME, A.STOP}
    assert allowed_actions(Phase.OBSERVING, started=True) == frozenset()


def test_resume_at_the_suggestion_else_the_last_rate_that_ran() -> None:
    from nurse_monitor.domain.phase_actions import resume_rate

    history = [(AT, 30.0), (AT, 60.0), (AT, 0.0)]
    assert resume_rate(30.0, history) == 30.0
    assert resume_rate(None, history) == 60.0
    assert resume_rate(None, []) is None


def test_the_chart_shades_where_the_alerts_start() -> None:
    from dataclasses import replace

    from nurse_monitor.domain.alerts import reading_alerts
    from nurse_monitor.domain.chart_thresholds import (
        FEVER_FROM_C,
        SPO2_ALERT_AT_OR_BELOW,
        SYSTOLIC_ALERT_BELOW,
    )
    from nurse_monitor.domain.news2 import score_news2
    from nurse_monitor.domain.vital_signs import Consciousness, VitalSigns

    normal = VitalSigns(124, 78, 72, 16, 36.8, 98, False, Consciousness.ALERT)

    def codes(v: VitalSigns) -> set[str]:
        return {a.code for a in reading_alerts(v, score_news2(v), None)}

    assert "systolic_low" in codes(replace(normal, systolic=int(SYSTOLIC_ALERT_BELOW) - 1))
    assert "systolic_low" not in codes(replace(normal, systolic=int(SYSTOLIC_ALERT_BELOW)))
    assert "spo2_low" in codes(replace(normal, spo2=int(SPO2_ALERT_AT_OR_BELOW)))
    assert "spo2_low" not in codes(replace(normal, spo2=int(SPO2_ALERT_AT_OR_BELOW) + 1))
    assert "fever" in codes(replace(normal, temperature_c=FEVER_FROM_C))
    assert "fever" not in codes(replace(normal, temperature_c=FEVER_FROM_C - 0.1))
