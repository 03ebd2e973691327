"""Infusion control: the current rate (large), time on rate, volume against the bag, projected
end, the next step with its button, and pause / resume / stop.

Signals:
    increase_requested(float): the nurse pressed the next-step button (rate in mL/h).
    record_vitals_requested(): the step waits for vital signs; take the nurse to the form.
    set_rate_requested(): the nurse sets another rate (or starts at one); a rate above the plan
        is asked a reason before it is recorded.
    pause_requested(), resume_requested(), stop_requested(), start_requested(float),
    end_requested(): the other pump controls.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.due_times import DEFAULT_GRACE, DueState, due_state, due_words
from nurse_monitor.domain.phase_actions import InfusionAction
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.ui import colors
from nurse_monitor.ui.phase_words import phase_label
from nurse_monitor.ui.time_format import clock_time, duration, observation_words
from nurse_monitor.ui.workspace.volume_bar import VolumeBar

TOUCH = 48


def start_rate(view: ChairView) -> float:
    """The protocol's first rate for this bag, in mL/h."""
    plan = view.protocol.plan_ml_per_hour(view.facts.dose_mg, view.facts.bag_volume_ml)
    return plan.titration.start if plan.titration is not None else plan.steps[0].rate


class InfusionPanel(QFrame):
    increase_requested = Signal(float)
    record_vitals_requested = Signal()
    pause_requested = Signal()
    resume_requested = Signal()
    stop_requested = Signal()
    start_requested = Signal(float)
    end_requested = Signal()
    set_rate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overdue_after: timedelta = DEFAULT_GRACE  # the station's preference (main window)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Infusion control"))
        self._view: ChairView | None = None
        self._next_rate: float | None = None
        self._start_rate: float | None = None

        self.phase = QLabel(self)
        self.phase.setAccessibleName(self.tr("Phase"))
        self.rate = QLabel("—", self)
        self.rate.setAccessibleName(self.tr("Current rate"))
        big = self.rate.font()
        big.setPointSizeF(big.pointSizeF() * 2.2)
        big.setBold(True)
        self.rate.setFont(big)
        self.time_on_rate = QLabel(self)
        self.time_on_rate.setAccessibleName(self.tr("Time on this rate"))
        self.volume = VolumeBar(self)
        self.volume.setAccessibleName(self.tr("Volume infused against the bag"))
        self.volume.setMinimumHeight(28)
        self.volume.setTextVisible(True)
        self.projected_end = QLabel(self)
        self.projected_end.setWordWrap(True)  # the panel shares its row with the pump's
        self.projected_end.setAccessibleName(self.tr("Projected end"))
        self.next_step = QLabel(self)
        self.next_step.setWordWrap(True)
        self.next_step.setAccessibleName(self.tr("Next step"))
        self.vitals_due = QLabel(self)
        self.vitals_due.setWordWrap(True)
        self.vitals_due.setAccessibleName(self.tr("Vital signs due"))
        self.suggestion = QLabel(self)
        self.suggestion.setWordWrap(True)
        self.suggestion.setAccessibleName(self.tr("Suggested next step"))

        self.step_button = self._button(self.tr("Increase"), self._on_step_clicked)
        self.start_button = self._button(self.tr("Start infusion"), self._on_start_clicked)
        self.pause_button = self._button(self.tr("Pause"), self.pause_requested.emit)
        self.resume_button = self._button(self.tr("Resume…"), self.resume_requested.emit)
        self.stop_button = self._button(self.tr("Stop…"), self.stop_requested.emit)
        self.end_button = self._button(self.tr("End of infusion…"), self.end_requested.emit)
        self.set_rate_button = self._button(self.tr("Set rate…"), self.set_rate_requested.emit)

        top = QGridLayout()
        top.setVerticalSpacing(2)
        top.addWidget(self.phase, 0, 0)
        top.addWidget(self.rate, 1, 0, 2, 1)
        top.addWidget(self.time_on_rate, 3, 0)
        top.addWidget(self.next_step, 0, 1)
        top.addWidget(self.vitals_due, 1, 1)
        top.addWidget(self.projected_end, 2, 1)
        top.addWidget(self.suggestion, 3, 1)
        top.setColumnStretch(1, 1)
        buttons = QHBoxLayout()
        for button in (
            self.start_button,
            self.step_button,
            self.set_rate_button,
            self.pause_button,
            self.resume_button,
            self.stop_button,
            self.end_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.volume)
        layout.addLayout(buttons)

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setMinimumHeight(TOUCH)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(slot)
        return button

    def show_view(self, view: ChairView, now: datetime) -> None:
        self._view = view
        status = view.status
        phase = status.phase.value
        self.phase.setText(self.tr("Phase: %1").replace("%1", phase_label(status.phase)))
        self.rate.setText(f"{status.rate_ml_h:g} mL/h" if status.started_at else "— mL/h")
        history = status.rate_history
        if history and status.started_at and phase in ("infusing", "paused", "stopped"):
            since = history[-1][0]
            self.time_on_rate.setText(
                self.tr("on this rate for %1 (since %2)")
                .replace("%1", duration(now - since))
                .replace("%2", clock_time(since))
            )
        else:
            self.time_on_rate.setText("")
        bag = view.facts.bag_volume_ml
        self.volume.show_volume(
            round(min(status.volume_infused_ml, bag) * 10),
            max(1, round(bag * 10)),
            self.tr("%1 of %2 mL infused")
            .replace("%1", f"{status.volume_infused_ml:.1f}")
            .replace("%2", f"{bag:g}"),
        )
        self.projected_end.setText(
            self.tr("Projected end: %1 (if titration continues as planned)").replace(
                "%1", clock_time(status.projected_end_at)
            )
            if status.projected_end_at and phase not in ("observing", "ended")
            else self._observation_text(view, now)
        )
        self._show_next_step(view, now)
        self._show_vitals_due(view, now)
        suggestion = ""
        if status.current_reaction is not None:
            suggestion = status.current_reaction.advice.message
        elif status.suggested_rate_ml_h is not None:
            suggestion = self.tr("Suggested rate: %1 mL/h").replace(
                "%1", f"{status.suggested_rate_ml_h:g}"
            )
        self.suggestion.setText(suggestion)
        started = status.started_at is not None
        self._start_rate = None if started else start_rate(view)
        self.start_button.setVisible(InfusionAction.START in view.allowed_actions)
        if not started and self._start_rate is not None:
            self.start_button.setText(
                self.tr("Start at %1 mL/h").replace("%1", f"{self._start_rate:g}")
            )
        self.start_button.setToolTip("\n".join(view.checklist.start_blockers))
        allowed = view.allowed_actions  # the domain decides; the panel shows
        self.step_button.setVisible(InfusionAction.INCREASE in allowed)
        self.set_rate_button.setVisible(InfusionAction.SET_RATE in allowed)
        self.set_rate_button.setText(
            self.tr("Set rate…") if started else self.tr("Start at another rate…")
        )
        self.pause_button.setVisible(InfusionAction.PAUSE in allowed)
        self.resume_button.setVisible(InfusionAction.RESUME in allowed)
        self.stop_button.setVisible(InfusionAction.STOP in allowed)
        self.end_button.setVisible(InfusionAction.END in allowed)

    def _observation_text(self, view: ChairView, now: datetime) -> str:
        ends = view.status.observation_ends_at
        if ends is None:
            return ""
        return observation_words(ends, now)

    def _show_next_step(self, view: ChairView, now: datetime) -> None:
        status = view.status
        self._next_rate = status.next_rate_ml_h
        if status.next_rate_ml_h is None or status.phase.value != "infusing":
            reason = status.next_rate_reason or ""
            self.next_step.setText(reason.capitalize() if status.started_at else "")
            self.step_button.setEnabled(False)
            self.step_button.setText(self.tr("Increase"))
            return
        due = status.next_rate_due_at
        self.next_step.setText(
            self.tr("Increase to %1 mL/h at %2, %3")
            .replace("%1", f"{status.next_rate_ml_h:g}")
            .replace("%2", clock_time(due))
            .replace("%3", due_words(due, now, self.overdue_after) if due else "")
        )
        needs_vitals = bool(status.next_rate_reason and "vital" in status.next_rate_reason.lower())
        if status.next_rate_ready:
            self.step_button.setEnabled(True)
            self.step_button.setText(
                self.tr("Increase to %1 mL/h").replace("%1", f"{status.next_rate_ml_h:g}")
            )
        elif needs_vitals and due is not None and due <= now:
            self.step_button.setEnabled(True)
            self.step_button.setText(self.tr("Record vital signs first"))
        else:
            self.step_button.setEnabled(False)
            self.step_button.setText(
                self.tr("Increase to %1 mL/h").replace("%1", f"{status.next_rate_ml_h:g}")
            )
        self.step_button.setToolTip(status.next_rate_reason or "")

    def _show_vitals_due(self, view: ChairView, now: datetime) -> None:
        due = view.status.vitals_due_at
        if due is None:
            self.vitals_due.setText("")
            return
        # The one due rule (domain/due_times.py): red only once the station's grace has passed.
        state = due_state(due, now, self.overdue_after)
        text = (
            self.tr("Vital signs at %1, %2")
            .replace("%1", clock_time(due))
            .replace("%2", due_words(due, now, self.overdue_after))
        )
        mark = {DueState.OVERDUE: "▲▲ ", DueState.DUE: "▲ "}.get(state, "")
        self.vitals_due.setText(mark + text)
        colors.restyle(
            self.vitals_due,
            colors.text_style("error")
            if state is DueState.OVERDUE
            else "font-weight: bold;"
            if state is DueState.DUE
            else "",
        )

    def _on_step_clicked(self) -> None:
        if self.step_button.text() == self.tr("Record vital signs first"):
            self.record_vitals_requested.emit()
        elif self._next_rate is not None:
            self.increase_requested.emit(self._next_rate)

    def _on_start_clicked(self) -> None:
        if self._start_rate is not None:
            self.start_requested.emit(self._start_rate)

    def refresh_countdowns(self, now: datetime) -> None:
        if self._view is not None:
            self.show_view(self._view, now)
