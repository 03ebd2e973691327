"""What is asked of an open chair: the infusion panel's, the vital-signs form's and the alarm
banner's requests, each run through the chair's controller (the station's change edge), and a
station preference that changed (temperature unit, date format, overdue grace, US checklists).
`SessionWorkspace` (workspace/workspace.py) builds on it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QStackedWidget

from nurse_monitor.domain.checklist import Step
from nurse_monitor.services import chair_actions
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.vitals.readings_table import ReadingsModel
from nurse_monitor.ui.vitals.vitals_chart import VitalsChart
from nurse_monitor.ui.vitals.vitals_form import VitalsForm
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.infusion_panel import InfusionPanel
from nurse_monitor.ui.workspace.patient_header import PatientHeader
from nurse_monitor.ui.workspace.rate_entry import ask_rate
from nurse_monitor.ui.workspace.screening_form import ScreeningForm
from nurse_monitor.ui.workspace.timeline_panel import TimelinePanel


class ChairRequests(PatientHeader):
    """The slots for the nurse's requests and the station's preferences of one open chair."""

    controller: ChairController
    preferences: Preferences
    temperature_unit: str
    infusion: InfusionPanel
    chart: VitalsChart
    vitals_form: VitalsForm
    readings_model: ReadingsModel
    timeline: TimelinePanel
    steps: QStackedWidget
    step_forms: dict[Step, Any]

    def set_temperature_unit(self, unit: str) -> None:
        """The station's temperature unit changed: chart, entry, readings, timeline, amendments."""
        self.temperature_unit = unit
        self.chart.set_temperature_unit(unit)
        self.vitals_form.set_temperature_unit(unit)
        self.readings_model.set_temperature_unit(unit)
        self.timeline.set_temperature_unit(unit)
        self.controller.reload()  # the chart's values in the new unit

    def _on_preference_changed(self, key: str) -> None:
        """A station preference reaches this open chair."""
        if key == "temperature_unit":
            self.set_temperature_unit(self.preferences.temperature_unit)
        elif key == "date_format":
            self.controller.reload()  # every date on the workspace in the new format
        elif key == "overdue_after_minutes":
            self.infusion.overdue_after = timedelta(minutes=self.preferences.overdue_after_minutes)
            self.controller.reload()
        elif key == "us_checklists":
            self._ask_screening_again()

    def _ask_screening_again(self) -> None:
        """The US checklists switched on or off: a screening not yet recorded is asked with the
        station's choice (a recorded one keeps what it was recorded with)."""
        if self.controller.view.checklist.step(Step.SCREENING).done:
            return
        old = self.step_forms[Step.SCREENING]
        new = ScreeningForm(self.controller, self, us_checklists=self.preferences.us_checklists)
        shown = self.steps.currentWidget() is old
        self.steps.insertWidget(self.steps.indexOf(old), new)
        self.steps.removeWidget(old)
        old.deleteLater()
        self.step_forms[Step.SCREENING] = new
        new.show_view(self.controller.view, self.controller.clock.now())
        if shown:
            self.steps.setCurrentWidget(new)

    def _on_infusion_start_requested(self, rate: float) -> None:
        self.controller.perform(chair_actions.start_infusion, rate)

    def _on_infusion_increase_requested(self, rate: float) -> None:
        self.controller.perform(chair_actions.change_rate, rate, "titration per protocol")

    def _on_infusion_pause_requested(self) -> None:
        reason = dialogs.dialogs.ask_text(self, self.tr("Pause"), self.tr("Why pause? (optional)"))
        if reason is not None:
            self.controller.perform(chair_actions.pause_infusion, reason)

    def _on_infusion_resume_requested(self) -> None:
        status = self.controller.view.status
        suggested = self.controller.view.resume_rate  # the domain decides
        answer = ask_rate(self, status, self.tr("Resume"), suggested, self.controller.refused)
        if answer is not None:
            self.controller.perform(chair_actions.resume_infusion, answer.rate_ml_h, answer.reason)

    def _on_infusion_set_rate_requested(self) -> None:
        """Another rate than the next step (or the start rate); above the plan needs a reason."""
        status = self.controller.view.status
        started = status.started_at is not None
        title = self.tr("Set rate") if started else self.tr("Start the infusion")
        answer = ask_rate(self, status, title, status.plan_allows_ml_h, self.controller.refused)
        if answer is None:
            return
        if started:
            reason = answer.reason or self.tr("rate set by the nurse")
            self.controller.perform(chair_actions.change_rate, answer.rate_ml_h, reason)
        else:
            self.controller.perform(chair_actions.start_infusion, answer.rate_ml_h, answer.reason)

    def _on_infusion_stop_requested(self) -> None:
        reason = dialogs.dialogs.ask_text(
            self, self.tr("Stop the infusion"), self.tr("Why stop? (required; observation follows)")
        )
        if reason:
            self.controller.perform(chair_actions.stop_infusion, reason)

    def _on_infusion_end_requested(self) -> None:
        self.show_step(Step.END_OF_INFUSION)

    def _on_vitals_form_submitted(self, values: dict[str, object], unit: str, note: str) -> None:
        self.vitals_form.set_saving(True)
        try:
            now = self.controller.clock.now()
            saved = self.controller.perform(
                chair_actions.record_vitals,
                values,
                temperature_unit=unit,
                note=note,
                taken_at=self.vitals_form.taken_at(now),
            )
        finally:
            self.vitals_form.set_saving(False)
        if saved:
            self.vitals_form.clear()
            self.vitals_form.taken.follow(self.controller.clock.now())

    # The workspace's own (SessionWorkspace) ---------------------------------------------------

    def show_step(self, step: Step) -> None:
        raise NotImplementedError
