"""The board's open alarms in words (the banner) and the snooze conversation.

The banner lists only open alarms, highest first, each with the time its item was due; the
snooze dialog says first whether the alarm may wait at all (due items only), then asks why.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

from nurse_monitor.domain.alarm_priority import AlarmCondition, due_kind
from nurse_monitor.services.chair_board import ChairSummary
from nurse_monitor.ui import colors, dialogs
from nurse_monitor.ui.alarm_words import BACKGROUND, TEXT, priority_label, reasons_text
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.time_format import clock_time


def tr(text: str) -> str:
    return QCoreApplication.translate("OpenAlarms", text)


def show_open_alarms(
    banner: QLabel,
    alarms: Mapping[int, AlarmCondition],
    names: Mapping[int, str],
    silenced: Mapping[int, datetime | None],
    notes: Mapping[int, str],
) -> None:
    """Fill the banner with the open alarms (hidden when none), coloured by the highest."""
    lines = []
    for key, alarm in sorted(alarms.items(), key=lambda kv: -kv[1].priority):
        text = f"{priority_label(alarm.priority)} · {names[key]}: {reasons_text(alarm)}"
        if alarm.due_at is not None:
            text += tr(" (due %1)").replace("%1", clock_time(alarm.due_at))
        text += notes.get(key, "")
        until = silenced.get(key)
        if until is not None:
            text += tr(" · acknowledged, sound off until %1").replace("%1", clock_time(until))
        lines.append(text)
    banner.setText("\n".join(lines))
    top = max((a.priority for a in alarms.values()), default=None)
    if top is None:
        colors.restyle(banner, "")
        banner.setVisible(False)
        return
    banner.setVisible(True)
    colors.restyle(
        banner,
        f"background: {BACKGROUND[top].name()}; color: {TEXT[top].name()}; "
        "font-weight: bold; padding: 6px;",
    )


def ask_and_snooze(
    parent: QWidget,
    station: Station,
    chair: ChairSummary | None,
    alarm: AlarmCondition | None,
) -> bool:
    """Snooze the chair's due items with a reason, as the station's signed-in user; True when
    something was snoozed."""
    if chair is None or alarm is None:
        dialogs.dialogs.info(parent, tr("Snooze"), tr("Choose a chair with an alarm."))
        return False
    if not alarm.snoozable:
        dialogs.dialogs.info(
            parent,
            tr("Snooze"),
            tr(
                "%1: %2 cannot be snoozed: alarms from a reaction, vital signs, a pump or "
                "the record stay until they are dealt with. Acknowledge silences the sound "
                "for 2 minutes."
            )
            .replace("%1", chair.chair)
            .replace("%2", reasons_text(alarm)),
        )
        return False
    kinds = [k for k in map(due_kind, alarm.reasons) if k is not None]
    items = ["observation" if k == "observation_end" else k for k in kinds]
    from nurse_monitor.domain.due_times import SNOOZE_MINUTES
    from nurse_monitor.services.alarms import snooze_alarm  # on use

    low, high = SNOOZE_MINUTES
    reason = dialogs.dialogs.ask_text(
        parent,
        tr("Snooze alarm"),
        tr(
            "%1: %2.\nWhy does it wait? The alarm sounds again in 5 minutes (%3 to %4 "
            "allowed); the reason goes on the record."
        )
        .replace("%1", chair.chair)
        .replace("%2", reasons_text(alarm))
        .replace("%3", str(low))
        .replace("%4", str(high)),
    )
    if not reason:
        return False
    for item in items:  # every due item of this alarm waits, each on the record (one edge)
        done, _ = station.perform(snooze_alarm, chair.session_id, item, 5, reason, origin=parent)
        if not done:
            return False  # the board shows the refusal it heard from the edge
    return True
