"""The pump's lines read as changes: one per change of rate or status, not one per message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nurse_monitor.domain.pump_link import PumpEvent
from nurse_monitor.domain.pump_log import PumpLogLine, pump_changes

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def said(minute: int, rate: float | None, **kw: object) -> PumpLogLine:
    at = T0 + timedelta(minutes=minute)
    infusing = kw.pop("infusing", rate is not None and rate > 0)
    return PumpLogLine(at, at, "E0002", "1.1", rate, infusing, **kw)  # type: ignore[arg-type]


def test_a_run_of_the_same_rate_is_one_line_and_a_change_starts_another() -> None:
    lines = pump_changes([said(m, 30) for m in range(10)] + [said(m, 60) for m in range(10, 15)])
    assert [(line.received_at, line.what) for line in lines] == [
        (T0, "rate 30 mL/h"),
        (T0 + timedelta(minutes=10), "rate 60 mL/h"),
    ]
    assert all(line.done == "not charted" for line in lines)
    assert [line.until for line in lines] == [T0 + timedelta(minutes=m) for m in (9, 14)]


def test_a_run_is_charted_when_the_nurse_charted_any_of_its_messages() -> None:
    lines = pump_changes([said(0, 30), said(1, 30, charted_by="D. Whitfield, RN"), said(2, 30)])
    assert len(lines) == 1 and lines[0].done == "charted by D. Whitfield, RN"


def test_events_alarms_and_another_patient_each_get_a_line() -> None:
    lines = pump_changes(
        [
            said(0, 30),
            said(1, None, infusing=None, event=PumpEvent.DELIVERY_STOP.value),
            said(2, None, infusing=None, alarm="occlusion"),
            said(3, 30, other_patient=True),
            said(4, 30),  # after an event the rate is shown again
            said(5, 0),
        ]
    )
    assert [line.what for line in lines] == [
        "rate 30 mL/h",
        "delivery stopped",
        "alarm: occlusion",
        "rate 30 mL/h, reports another patient",
        "rate 30 mL/h",
        "rate 0 mL/h, not infusing",
    ]


def test_channels_of_one_pump_are_kept_apart_and_volumes_only_say_nothing() -> None:
    other = PumpLogLine(T0 + timedelta(minutes=1), None, "E0002", "1.2", 10.0, True)
    lines = pump_changes([said(0, 30), other, said(2, 30), said(3, None, infusing=None)])
    assert [(line.channel, line.what) for line in lines] == [
        ("1.1", "rate 30 mL/h"),
        ("1.2", "rate 10 mL/h"),
    ]
