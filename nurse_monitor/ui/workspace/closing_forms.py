"""Steps after the start: end of infusion, discharge teaching and the next dose, signature."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.checklist import TEACHING_TOPICS, Step
from nurse_monitor.domain.next_dose import next_dose_date
from nurse_monitor.services import chair_actions
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.form_parts import TOUCH, touch_button
from nurse_monitor.ui.time_format import clock_time, observation_words
from nurse_monitor.ui.workspace.chair_controller import ChairController


class EndOfInfusionForm(QWidget):
    """The end of the infusion: the nurse types the pump's volume (never prefilled with the
    program's estimate, shown beside it); an end with volume left asks for a reason."""

    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName(self.tr("End of infusion"))
        self.volume = QLineEdit(self)
        self.volume.setMinimumHeight(TOUCH)
        self.volume.setAccessibleName(self.tr("Volume infused"))
        self.volume.setPlaceholderText(self.tr("as the pump shows, mL"))
        self.estimate = QLabel(self)
        self.estimate.setAccessibleName(self.tr("Program's estimate"))
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        # The bound pump's delivered total, offered beside the field, never put into it unasked.
        self.pump_total = touch_button("", self, self.tr("Use the pump's delivered total"))
        self.pump_total.hide()
        self.pump_total.clicked.connect(self._on_pump_total_clicked)
        self._pump_total: float | None = None
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(self.estimate)
        volume_row.addWidget(self.pump_total)
        form = QFormLayout()
        volume_label = QLabel(self.tr("&Volume infused (pump)"), self)
        volume_label.setBuddy(self.volume)  # Alt+V; without a buddy the "&" was shown as is
        form.addRow(volume_label, volume_row)
        self.volume.returnPressed.connect(self._on_record_clicked)
        self.record = touch_button(self.tr("Record end of infusion"), self)
        self.record.clicked.connect(self._on_record_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>End of infusion</b>"), self))
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.record)
        layout.addStretch(1)
        self._bag = 0.0
        self.show_view(controller.view, controller.view.now)

    def show_view(self, view: ChairView, now: datetime) -> None:
        self._bag = view.facts.bag_volume_ml
        self.estimate.setText(
            self.tr("program's estimate: %1 of %2 mL")
            .replace("%1", f"{view.status.volume_infused_ml:.1f}")
            .replace("%2", f"{self._bag:g}")
        )
        self.hint.setText(
            self.tr(
                "Enter the volume the pump shows. The estimate comes from the recorded rates "
                "and is not the pump's figure."
            )
        )
        self.record.setEnabled(view.status.phase.value in ("infusing", "paused"))

    def offer_pump_total(self, delivered_ml: float | None) -> None:
        """Show the pump's delivered total as a one-click choice (hidden when none)."""
        self._pump_total = delivered_ml
        self.pump_total.setVisible(delivered_ml is not None)
        if delivered_ml is not None:
            self.pump_total.setText(self.tr("Pump says %1 mL").replace("%1", f"{delivered_ml:g}"))

    def _on_record_clicked(self) -> None:
        if not self.record.isEnabled():
            return
        try:
            volume = float(self.volume.text().strip().replace(",", "."))
        except ValueError:
            self.controller.refused.emit(
                self.tr("Volume infused"), self.tr("enter the volume the pump shows (mL)")
            )
            return
        reason = ""
        left = self._bag - volume
        if 0 < volume <= self._bag and left >= chair_actions.VOLUME_LEFT_ML:
            answer = dialogs.dialogs.ask_text(
                self,
                self.tr("End of infusion"),
                self.tr("%1 mL is still in the bag. Why end now? (required; recorded)").replace(
                    "%1", f"{left:.1f}"
                ),
            )
            if answer is None or not answer.strip():
                return
            reason = answer.strip()
        if self.controller.perform(chair_actions.end_infusion, volume, reason):
            self.volume.clear()

    def _on_pump_total_clicked(self) -> None:
        if self._pump_total is not None:
            self.volume.setText(f"{self._pump_total:g}")


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
            lines.append(observation_words(ends, now) + ".")
            facts = view.facts
            if view.protocol.observation_is_site_default(
                facts.observed_as_first_dose, facts.infusion_number
            ):
                lines.append(
                    self.tr(
                        "The label leaves observation after this infusion to clinical judgement; "
                        "this time is the site's default (ours)."
                    )
                )
        if status.discharge_blockers:
            lines.append(self.tr("Not yet: ") + "; ".join(status.discharge_blockers))
        elif status.phase.value != "ended":
            lines.append(self.tr("Discharge allowed."))
        sheet = view.checklist.step(Step.TAKE_HOME_SHEET)
        if not sheet.done and status.phase.value != "ended":
            lines.append(
                self.tr("Before discharge: %1 (print or save it, or record why not).").replace(
                    "%1", sheet.title
                )
            )
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
        if view.closed:
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
        self.sign.setEnabled(not view.closed)

    def _on_sign_clicked(self) -> None:
        self.controller.perform(chair_actions.sign_session)
