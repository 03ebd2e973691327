"""The pump's report compared with the record: which alarm, when (pure)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from nurse_monitor.domain.pump_link import PumpChannelReport, PumpComparison, pump_alerts

NOW = datetime(2026, 3, 2, 10, 31, tzinfo=UTC)
RUNNING = PumpChannelReport(channel="1.1", rate_ml_h=60.0, infusing=True)
BASE = PumpComparison(
    now=NOW,
    bound_at=NOW - timedelta(hours=1),
    last_message_at=NOW - timedelta(seconds=30),
    report=RUNNING,
    record_infusing=True,
    charted_rate_ml_h=60.0,
    plan_max_rate_ml_h=180.0,
)


def codes(c: PumpComparison) -> list[str]:
    return [a.code for a in pump_alerts(c)]


def test_a_pump_that_agrees_raises_nothing() -> None:
    assert codes(BASE) == []


def test_a_different_rate_is_a_disagreement() -> None:
    alerts = pump_alerts(replace(BASE, charted_rate_ml_h=30.0))
    assert [a.code for a in alerts] == ["pump_disagrees"]
    assert alerts[0].priority == "medium"
    assert "60 mL/h" in alerts[0].message and "30 mL/h" in alerts[0].message


def test_rounding_is_not_a_disagreement() -> None:
    assert codes(replace(BASE, report=replace(RUNNING, rate_ml_h=60.2))) == []


def test_current_flow_reported_apart_is_the_one_compared() -> None:
    report = replace(RUNNING, current_rate_ml_h=45.0)
    assert codes(replace(BASE, report=report)) == ["pump_disagrees"]


def test_above_the_plan_cites_where_the_highest_rate_is_written() -> None:
    report = replace(RUNNING, rate_ml_h=200.0)
    c = replace(BASE, report=report, charted_rate_ml_h=200.0, plan_source="Ocrevus label, 2.3")
    (alert,) = pump_alerts(c)
    assert alert.code == "pump_above_plan" and alert.priority == "medium"
    assert alert.message.endswith("of 180 mL/h (Ocrevus label, 2.3)")
    assert alert.rule == "Ocrevus label, 2.3"


def test_stopped_while_the_record_says_infusing() -> None:
    report = replace(RUNNING, infusing=False)
    assert codes(replace(BASE, report=report)) == ["pump_stopped"]


def test_stopped_pump_while_record_paused_is_fine() -> None:
    report = replace(RUNNING, infusing=False)
    assert codes(replace(BASE, report=report, record_infusing=False)) == []


def test_quiet_after_three_minutes_not_before() -> None:
    assert codes(replace(BASE, last_message_at=NOW - timedelta(seconds=179))) == []
    assert codes(replace(BASE, last_message_at=NOW - timedelta(minutes=3))) == ["pump_quiet"]


def test_quiet_counts_from_the_binding_when_nothing_came() -> None:
    c = replace(BASE, last_message_at=None, report=None, bound_at=NOW - timedelta(minutes=4))
    assert codes(c) == ["pump_quiet"]


def test_another_patient_is_high_and_first() -> None:
    alerts = pump_alerts(replace(BASE, other_patient="HO2009002", charted_rate_ml_h=30.0))
    assert alerts[0].code == "pump_other_patient"
    assert alerts[0].priority == "high"


def test_a_running_pump_while_the_record_says_not_running_disagrees() -> None:
    (alert,) = pump_alerts(replace(BASE, record_infusing=False, charted_rate_ml_h=None))
    assert alert.code == "pump_disagrees"
    assert alert.message == (
        "The pump runs at 60 mL/h; the record says the infusion is not running"
    )
