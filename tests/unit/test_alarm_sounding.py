"""The station's sound: highest priority decides; bursts every 10 s / 25 s; low once; ack, mute."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
from nurse_monitor.domain.alarm_sounding import SoundLedger, flash_on

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
HIGH = AlarmCondition(Priority.HIGH, ("news2_high",), None)
MEDIUM = AlarmCondition(Priority.MEDIUM, ("vitals_overdue",), T0)
LOW = AlarmCondition(Priority.LOW, ("vitals_due",), T0)


def bursts(ledger: SoundLedger, alarms: dict[int, AlarmCondition], seconds: int, **kw):  # type: ignore[no-untyped-def]
    started = []
    for s in range(seconds):
        now = T0 + timedelta(seconds=s)
        decision = ledger.decide(alarms, now, **kw)
        if decision.start is not None:
            started.append((s, decision.start))
    return started


def test_high_every_10_s_medium_every_25_s_low_once() -> None:
    assert [s for s, _ in bursts(SoundLedger(), {1: HIGH}, 60)] == [0, 10, 20, 30, 40, 50]
    assert [s for s, _ in bursts(SoundLedger(), {1: MEDIUM}, 60)] == [0, 25, 50]
    assert bursts(SoundLedger(), {1: LOW}, 300) == [(0, Priority.LOW)]


def test_the_highest_priority_open_alarm_decides() -> None:
    ledger = SoundLedger()
    assert ledger.decide({1: LOW, 2: MEDIUM}, T0).start is Priority.MEDIUM
    risen = ledger.decide({1: HIGH, 2: MEDIUM}, T0 + timedelta(seconds=1))
    assert risen.start is Priority.HIGH and risen.raised == (1,)  # escalation sounds at once
    assert ledger.decide({}, T0 + timedelta(seconds=2)).sounding is None


def test_acknowledge_silences_two_minutes_unless_it_escalates() -> None:
    ledger = SoundLedger()
    ledger.decide({1: MEDIUM}, T0)
    ledger.acknowledge(1, MEDIUM, T0)
    quiet = bursts(ledger, {1: MEDIUM}, 120)
    assert quiet == []
    assert ledger.decide({1: MEDIUM}, T0 + timedelta(seconds=120)).start is Priority.MEDIUM
    ledger.acknowledge(1, MEDIUM, T0 + timedelta(seconds=121))
    assert ledger.decide({1: HIGH}, T0 + timedelta(seconds=122)).start is Priority.HIGH


def test_mute_pauses_low_and_medium_never_high() -> None:
    until = T0 + timedelta(minutes=5)
    assert bursts(SoundLedger(), {1: MEDIUM, 2: LOW}, 60, muted_until=until) == []
    assert bursts(SoundLedger(), {1: HIGH}, 11, muted_until=until) == [
        (0, Priority.HIGH),
        (10, Priority.HIGH),
    ]


def test_flash_rates_on_a_fake_clock() -> None:
    def rate(priority: Priority) -> float:
        states = [flash_on(priority, timedelta(milliseconds=ms)) for ms in range(0, 10_000, 10)]
        onsets = sum(1 for a, b in itertools.pairwise(states) if b and not a)
        return (onsets + (1 if states[0] else 0)) / 10

    assert 1.4 <= rate(Priority.HIGH) <= 2.8
    assert 0.4 <= rate(Priority.MEDIUM) <= 0.8
    assert all(flash_on(Priority.LOW, timedelta(milliseconds=ms)) for ms in range(0, 5000, 10))
    assert rate(Priority.HIGH) <= 3  # never above 3 flashes a second
