"""The chair's open alarm at the top of its workspace, with what to do one click away.

For abnormal vital signs or a reaction: recheck the vital signs, pause the infusion, record a
reaction; the rate is not increased until the signs are rechecked (the engine also asks for
vital signs before each step). Colours, symbols and words as on the board.

Signals:
    recheck_requested(): open the vital-signs form.
    pause_requested(): pause the infusion (asks why).
    reaction_requested(): open the reactions tab.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from nurse_monitor.domain.alarm_priority import AlarmCondition, due_kind
from nurse_monitor.ui import colors
from nurse_monitor.ui.alarm_words import BACKGROUND, TEXT, priority_label, reasons_text
from nurse_monitor.ui.form_parts import touch_button
from nurse_monitor.ui.time_format import clock_time

_CLINICAL_PREFIXES = ("reaction_", "news2_", "systolic_", "spo2_", "fever")


class AlarmBanner(QFrame):
    recheck_requested = Signal()
    pause_requested = Signal()
    reaction_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Open alarm"))
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(self.tr("Open alarm"))
        self.recheck = touch_button(self.tr("Recheck vital signs"), self)
        self.pause = touch_button(self.tr("Pause infusion…"), self)
        self.reaction = touch_button(self.tr("Record a reaction"), self)
        self.recheck.clicked.connect(self.recheck_requested)
        self.pause.clicked.connect(self.pause_requested)
        self.reaction.clicked.connect(self.reaction_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)  # the workspace must fit 1366x768 with it shown
        layout.addWidget(self.text, 1)
        for button in (self.recheck, self.pause, self.reaction):
            layout.addWidget(button)
        self.hide()

    def show_alarm(self, alarm: AlarmCondition | None, infusing: bool, now: datetime) -> None:
        """Show the alarm (or hide when none); the actions that fit its reasons."""
        if alarm is None:
            self.hide()
            return
        clinical = any(r.startswith(_CLINICAL_PREFIXES) for r in alarm.reasons)
        text = f"{priority_label(alarm.priority)}: {reasons_text(alarm)}"
        if alarm.due_at is not None and any(due_kind(r) for r in alarm.reasons):
            text += self.tr(" (due %1)").replace("%1", clock_time(alarm.due_at))
        if clinical:
            text += self.tr(". Recheck; no rate increase until the signs are rechecked.")
        self.text.setText(text)
        self.recheck.setVisible(clinical or "vitals_due" in alarm.reasons
                                or "vitals_overdue" in alarm.reasons)  # fmt: skip
        self.pause.setVisible(clinical and infusing)
        self.reaction.setVisible(clinical)
        colors.restyle(
            self,
            f"AlarmBanner {{ background: {BACKGROUND[alarm.priority].name()}; }} "
            f"QLabel {{ color: {TEXT[alarm.priority].name()}; font-weight: bold; }}",
        )
        self.setAutoFillBackground(True)
        self.show()
