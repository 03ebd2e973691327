"""Steps after the start: end of infusion, discharge teaching and the next dose, signature."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.checklist import TEACHING_TOPICS
from nurse_monitor.domain.next_dose import next_dose_date
from nurse_monitor.services import chair_actions
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.time_format import clock_time, countdown
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.form_parts import TOUCH, touch_button


class EndOfInfusionForm(QWidget):
    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName(self.tr("End of infusion"))
        self.volume = QDoubleSpinBox(self)
        self.volume.setDecimals(1)
        self.volume.setSuffix(" mL")
        self.volume.setMinimumHeight(TOUCH)
        self.volume.setAccessibleName(self.tr("Volume infused"))
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        # The bound pump's delivered total, offered beside the field, never put into it unasked.
        self.pump_total = touch_button("", self, self.tr("Use the pump's delivered total"))
        self.pump_total.hide()
        self.pump_total.clicked.connect(self._on_pump_total_clicked)
        self._pump_total: float | None = None
        beside = QHBoxLayout()
        beside.addWidget(self.volume, 1)
        beside.addWidget(self.pump_total)
        form = QFormLayout()
        form.addRow(self.tr("&Volume infused (pump)"), beside)
        self.record = touch_button(self.tr("Record end of infusion"), self)
        self.record.clicked.connect(self._on_record_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>End of infusion</b>"), self))
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.record)
        layout.addStretch(1)
        self.show_view(controller.view, controller.view.now)

    def show_view(self, view: ChairView, now: datetime) -> None:
        bag = view.facts.bag_volume_ml
        self.volume.setRange(0, bag)
        if not self.volume.hasFocus():
            self.volume.setValue(min(view.status.volume_infused_ml, bag))
        self.hint.setText(
            self.tr(
                "The engine computes %1 mL from the recorded rates; enter what the pump shows."
            ).replace("%1", f"{view.status.volume_infused_ml:.1f}")
        )
        self.record.setEnabled(view.status.phase.value in ("infusing", "paused"))

    def offer_pump_total(self, delivered_ml: float | None) -> None:
        """Show the pump's delivered total as a one-click choice (hidden when none)."""
        self._pump_total = delivered_ml
        self.pump_total.setVisible(delivered_ml is not None)
        if delivered_ml is not None:
            self.pump_total.setText(self.tr("Pump says %1 mL").replace("%1", f"{delivered_ml:g}"))

    def _on_record_clicked(self) -> None:
        self.controller.perform(chair_actions.end_infusion, self.volume.value())

    def _on_pump_total_clicked(self) -> None:
        if self._pump_total is not None:
            self.volume.setValue(self._pump_total)


class DischargeForm(QWidget):
    """Teaching (clinical-reference section 8), the next dose date, then discharge."""

    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName(self.tr("Discharge teaching and next dose"))
        self.topics: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("<b>Discharge teaching</b> — tick each topic covered"), self)
        )
        for key, text in TEACHING_TOPICS.items():
            box = QCheckBox(text, self)
            box.setMinimumHeight(TOUCH)
            box.setAccessibleName(text)
            self.topics[key] = box
            layout.addWidget(box)
        self.next_dose = QDateEdit(self)
        self.next_dose.setCalendarPopup(True)
        self.next_dose.setDisplayFormat("dd MMM yyyy")
        self.next_dose.setMinimumHeight(TOUCH)
        self.next_dose.setAccessibleName(self.tr("Next dose date"))
        self.next_dose_note = QLabel(self)
        self.next_dose_note.setWordWrap(True)
        self.note = QLineEdit(self)
        self.note.setMinimumHeight(TOUCH)
        self.note.setAccessibleName(self.tr("Teaching note"))
        form = QFormLayout()
        form.addRow(self.tr("&Next dose"), self.next_dose)
        form.addRow("", self.next_dose_note)
        form.addRow(self.tr("N&ote"), self.note)
        layout.addLayout(form)
        self.record = touch_button(self.tr("Record teaching and next dose"), self)
        self.record.clicked.connect(self._on_record_clicked)
        self.observation = QLabel(self)
        self.observation.setWordWrap(True)
        self.observation.setAccessibleName(self.tr("Observation"))
        self.discharge = touch_button(self.tr("Discharge patient"), self)
        self.discharge.clicked.connect(self._on_discharge_clicked)
        layout.addWidget(self.record)
        layout.addWidget(self.observation)
        layout.addWidget(self.discharge)
        layout.addStretch(1)
        self._suggest_next_dose(controller.view)
        self.show_view(controller.view, controller.view.now)

    def _suggest_next_dose(self, view: ChairView) -> None:
        today = view.now.astimezone().date()
        due = next_dose_date(view.protocol, view.session.infusion_number, today)
        day = due or today
        self.next_dose.setDate(QDate(day.year, day.month, day.day))
        self.next_dose_note.setText(
            self.tr("Suggested from the protocol: %1").replace("%1", view.protocol.next_dose.note)
            if due
            else self.tr("The protocol sets no interval: enter the prescriber's date.")
        )

    def show_view(self, view: ChairView, now: datetime) -> None:
        status = view.status
        ends = status.observation_ends_at
        lines = []
        if ends is not None:
            lines.append(
                self.tr("Observation ends %1 (%2).")
                .replace("%1", clock_time(ends))
                .replace("%2", countdown(ends, now))
            )
        if status.discharge_blockers:
            lines.append(self.tr("Not yet: ") + "; ".join(status.discharge_blockers))
        elif status.phase.value != "ended":
            lines.append(self.tr("Discharge allowed."))
        self.observation.setText(" ".join(lines))
        finished = status.phase.value in ("observing", "ready_for_discharge")
        self.discharge.setEnabled(finished)

    def _on_record_clicked(self) -> None:
        chosen = [key for key, box in self.topics.items() if box.isChecked()]
        self.controller.perform(
            chair_actions.record_teaching,
            chosen,
            self.next_dose.date().toPython(),
            self.note.text(),
        )

    def _on_discharge_clicked(self) -> None:
        blockers = self.controller.view.status.discharge_blockers
        if not blockers:
            self.controller.perform(chair_actions.discharge)
            return
        reason = dialogs.dialogs.ask_text(
            self,
            self.tr("Discharge before the protocol allows"),
            self.tr("Not yet: %1.\nReason to discharge anyway (goes on the record):").replace(
                "%1", "; ".join(blockers)
            ),
        )
        if reason:
            self.controller.perform(chair_actions.discharge, reason)


class SignForm(QWidget):
    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName(self.tr("Sign"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.sign = touch_button(self.tr("Sign session"), self)
        self.sign.clicked.connect(self._on_sign_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Sign</b>"), self))
        layout.addWidget(self.summary)
        layout.addWidget(self.sign)
        layout.addStretch(1)
        self.show_view(controller.view, controller.view.now)

    def show_view(self, view: ChairView, now: datetime) -> None:
        missing = [s.title for s in view.checklist.steps[:-1] if s.applies and not s.done]
        if view.session.status in ("signed", "cosigned"):
            self.summary.setText(
                self.tr("Signed %1 by %2.")
                .replace("%1", clock_time(view.session.signed_at))
                .replace("%2", view.nurse)
            )
        elif missing:
            self.summary.setText(self.tr("Still open: ") + ", ".join(missing))
        else:
            self.summary.setText(
                self.tr(
                    "Everything is recorded. Signing closes the record: later corrections "
                    "are amendments with a reason."
                )
            )
        self.sign.setEnabled(view.session.status not in ("signed", "cosigned"))

    def _on_sign_clicked(self) -> None:
        self.controller.perform(chair_actions.sign_session)
