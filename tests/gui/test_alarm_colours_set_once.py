"""An alarm shown again with the same colours does not set its style sheet again: setting one
re-polishes the widget and its children and lays the window out anew, which repainted all of
the main window after every save while an alarm was open (benchmarks/reading_to_chart.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject
from pytestqt.qtbot import QtBot

from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
from nurse_monitor.ui.workspace.alarm_banner import AlarmBanner

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


class StyleChanges(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StyleChange:
            self.count += 1
        return False


def test_the_same_alarm_again_is_not_restyled_a_new_priority_is(qtbot: QtBot) -> None:
    banner = AlarmBanner()
    qtbot.addWidget(banner)
    banner.show()
    overdue = AlarmCondition(Priority.MEDIUM, ("vitals_overdue",), NOW)
    banner.show_alarm(overdue, True, NOW)
    styled = banner.styleSheet()
    changes = StyleChanges()
    banner.text.installEventFilter(changes)

    banner.show_alarm(overdue, True, NOW)
    assert changes.count == 0
    assert banner.styleSheet() == styled

    banner.show_alarm(AlarmCondition(Priority.HIGH, ("systolic_low",), None), True, NOW)
    assert changes.count > 0
    assert banner.styleSheet() != styled
