"""Alarm levels and chimes come from due times and the clock alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from nurse_monitor.domain.alarms import AlarmLedger, AlarmSettings, ChairItem, Level, alarm_level

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
SETTINGS = AlarmSettings(overdue_after=timedelta(minutes=5), repeat_every=timedelta(seconds=60))


def vitals(due: datetime = T0, snoozed_until: datetime | None = None) -> ChairItem:
    return ChairItem(1, "Chair 1", "vitals", "Vital signs", due, snoozed_until)


def test_levels_follow_the_clock_from_the_due_time() -> None:
    assert alarm_level(vitals(), T0 - timedelta(seconds=1), SETTINGS) is Level.NONE
    assert alarm_level(vitals(), T0, SETTINGS) is Level.DUE
    assert alarm_level(vitals(), T0 + timedelta(minutes=4, seconds=59), SETTINGS) is Level.DUE
    assert alarm_level(vitals(), T0 + timedelta(minutes=5), SETTINGS) is Level.OVERDUE
    reaction = ChairItem(2, "Chair 2", "reaction", "Reaction", T0 + timedelta(hours=1))
    assert alarm_level(reaction, T0, SETTINGS) is Level.REACTION


def test_a_snooze_holds_the_alarm_until_it_ends_but_never_a_reaction() -> None:
    snoozed = vitals(snoozed_until=T0 + timedelta(minutes=10))
    assert alarm_level(snoozed, T0 + timedelta(minutes=9), SETTINGS) is Level.NONE
    assert alarm_level(snoozed, T0 + timedelta(minutes=10), SETTINGS) is Level.OVERDUE
    reaction = ChairItem(2, "Chair 2", "reaction", "Reaction", T0, T0 + timedelta(minutes=10))
    assert alarm_level(reaction, T0 + timedelta(minutes=1), SETTINGS) is Level.REACTION


def test_due_chimes_once_overdue_repeats_with_a_notification_each_interval() -> None:
    ledger = AlarmLedger()
    item = vitals()
    kinds = lambda requests: [r.what for r in requests]  # noqa: E731
    assert ledger.evaluate([item], T0 - timedelta(seconds=1), SETTINGS) == []
    assert kinds(ledger.evaluate([item], T0, SETTINGS)) == ["chime"]
    for second in range(1, 300):
        assert ledger.evaluate([item], T0 + timedelta(seconds=second), SETTINGS) == []
    overdue = T0 + timedelta(minutes=5)
    assert kinds(ledger.evaluate([item], overdue, SETTINGS)) == ["chime", "notify"]
    assert ledger.evaluate([item], overdue + timedelta(seconds=59), SETTINGS) == []
    assert kinds(ledger.evaluate([item], overdue + timedelta(seconds=60), SETTINGS)) == [
        "chime",
        "notify",
    ]


def test_mute_silences_the_chime_but_not_the_notification() -> None:
    muted = AlarmSettings(SETTINGS.overdue_after, SETTINGS.repeat_every, T0 + timedelta(hours=1))
    requests = AlarmLedger().evaluate([vitals()], T0 + timedelta(minutes=6), muted)
    assert [r.what for r in requests] == ["notify"]


def test_an_answered_alarm_is_forgotten_and_a_new_due_time_alarms_again() -> None:
    ledger = AlarmLedger()
    ledger.evaluate([vitals()], T0, SETTINGS)
    assert ledger.evaluate([], T0 + timedelta(seconds=5), SETTINGS) == []
    assert ledger.chimed == {}
    later = vitals(T0 + timedelta(minutes=15))
    assert [r.what for r in ledger.evaluate([later], T0 + timedelta(minutes=15), SETTINGS)] == [
        "chime"
    ]


def test_a_restart_chimes_again_at_once_for_an_alarm_still_unanswered() -> None:
    now = T0 + timedelta(minutes=7)
    first = AlarmLedger().evaluate([vitals()], now, SETTINGS)
    after_restart = AlarmLedger().evaluate([vitals()], now + timedelta(seconds=1), SETTINGS)
    assert [r.what for r in first] == [r.what for r in after_restart] == ["chime", "notify"]
