"""The alarm log read as episodes: raised, answered, ended, with the response time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nurse_monitor.domain.alarm_log import AlarmLogLine, episodes

T0 = datetime(2026, 3, 2, 10, 2, tzinfo=UTC)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_episodes_with_answers_escalation_and_end() -> None:
    lines = [
        AlarmLogLine(at(0), "raised", "medium", ("news2_medium",), ""),
        AlarmLogLine(at(1), "acknowledged", "medium", ("news2_medium",), "D. Whitfield, RN"),
        AlarmLogLine(at(2), "raised", "high", ("news2_high",), ""),
        AlarmLogLine(at(9), "ended", "high", ("news2_high",), ""),
        AlarmLogLine(at(20), "raised", "low", ("vitals_due",), ""),
    ]
    first, second = episodes(lines)
    assert (first.priority, first.reasons) == ("high", ("news2_medium", "news2_high"))
    assert first.response_time == timedelta(minutes=1)
    assert first.ended_at == at(9)
    assert first.words(lambda t: f"{t:%H:%M}") == (
        "NEWS2 5 to 6, NEWS2 7 or more alarm (high) 10:02, acknowledged 10:03 by "
        "D. Whitfield, RN, ended 10:11"
    )
    assert second.ended_at is None and second.response_time is None
    assert episodes([AlarmLogLine(at(0), "ended", "low", (), "")]) == []
