"""Acknowledging an alarm by snoozing it: with a reason, for a set time, on the record.

An alarm is never dismissed silently: it ends when the item is done, or it is snoozed here,
which records who, why and until when on the session's timeline and in the audit log.
"""

from __future__ import annotations

from datetime import timedelta

from nurse_monitor.domain.alarm_priority import (
    AlarmCondition,
    Priority,
    alarm_condition,
    status_alert_codes,
    unsnoozable,
)
from nurse_monitor.domain.checklist import ChartType
from nurse_monitor.domain.due_times import SNOOZE_MINUTES
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.chair_board import alarm_due_times
from nurse_monitor.services.charting import charting
from nurse_monitor.services.conversions import event_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import EventRecord
from nurse_monitor.storage.models import AlarmLogEntry
from nurse_monitor.storage.repositories import alarm_log

SNOOZABLE = ("vitals", "rate_step", "start", "premedication", "observation")


def snooze_alarm(
    db: Database,
    actor: Actor,
    session_id: int,
    item: str,
    minutes: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> EventRecord:
    """Snooze one due item at one chair for `minutes`, with the reason."""
    if item not in SNOOZABLE:
        raise InvalidInput(
            "Alarm",
            "a reaction alarm cannot be snoozed: record vital signs or resolve it"
            if item == "reaction"
            else f"one of {', '.join(SNOOZABLE)}",
        )
    low, high = SNOOZE_MINUTES
    if not low <= minutes <= high:
        raise InvalidInput("Snooze", f"{low} to {high} minutes")
    if len(reason.strip()) < 3:
        raise InvalidInput("Reason", "say why the alarm waits (at least 3 characters)")
    with charting(db, actor, session_id, expected_version) as c:
        # Only due items wait: an alarm from a reaction, vital signs, a pump or the record stays
        # until it is dealt with (clinical-reference.md section 10, our design default).
        view = c.view()
        alerts = unsnoozable(status_alert_codes(view.status))
        if alerts:
            raise InvalidInput(
                "Alarm",
                "this chair's alarm cannot be snoozed: it comes from "
                + ", ".join(code.replace("_", " ") for code in alerts)
                + "; acknowledge it to silence the sound for 2 minutes",
            )
        until = c.now + timedelta(minutes=minutes)
        event = c.add(
            ChartType.ALARM_SNOOZED,
            {
                "item": item,
                "until": until.isoformat(),
                "minutes": minutes,
                "reason": reason.strip(),
            },
        )
        write_audit(c.s, actor, "alarm_snooze", c.now, "session", session_id, item=item)
        condition = alarm_condition(
            status_alert_codes(view.status), alarm_due_times(view), c.now
        ) or AlarmCondition(Priority.LOW, (f"{item}_due",), None)
        alarm_log.add_entries(
            c.s,
            [
                AlarmLogEntry(
                    session_id=session_id,
                    at=c.now,
                    what="snoozed",
                    priority=condition.priority.word,
                    reasons=",".join(condition.reasons),
                    user_id=actor.user_id,
                    by_name=actor.signature,
                )
            ],
        )
        return event_record(event)
