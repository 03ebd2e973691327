"""The chair-side session workspace: the screen a nurse works in for hours next to the patient.

Layout: a header with the two identifiers and an always-visible reaction button; the checklist
on the left; on the right the infusion (control and live chart), vital signs (entry and table),
the current checklist step, reactions and the timeline.

Every action goes through the ChairController, is committed before the screen shows it, and
appears on the timeline. Time is the injected clock; the one timer only decides when to look.
The station's preferences reach it by their `changed` signal: the temperature unit (chart,
entry, readings, timeline and its amendments), the date format, the overdue grace and the US
checklists (a screening not yet recorded is asked again with or without them).
The header is `PatientHeader` (patient_header.py); the slots for what the nurse asks and for a
changed preference are `ChairRequests` (chair_requests.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.alarm_priority import alarm_condition, status_alert_codes
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services.chair_board import alarm_due_times
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.ui.form_parts import FollowingTimeEdit
from nurse_monitor.ui.phase_words import phase_label
from nurse_monitor.ui.time_format import calendar_date
from nurse_monitor.ui.vitals.readings_table import ReadingsModel, ReadingsTable
from nurse_monitor.ui.vitals.vitals_chart import VitalsChart
from nurse_monitor.ui.vitals.vitals_form import VitalsForm
from nurse_monitor.ui.workspace.alarm_banner import AlarmBanner
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.chair_requests import ChairRequests
from nurse_monitor.ui.workspace.checklist_panel import ChecklistPanel
from nurse_monitor.ui.workspace.clock_warning import ClockWarning
from nurse_monitor.ui.workspace.closing_forms import DischargeForm, EndOfInfusionForm, SignForm
from nurse_monitor.ui.workspace.infusion_panel import InfusionPanel
from nurse_monitor.ui.workspace.line_flush_form import LineFlushForm
from nurse_monitor.ui.workspace.preparation_forms import (
    DrugVerificationForm,
    IvAccessForm,
    PremedicationForm,
)
from nurse_monitor.ui.workspace.pump_link import PumpLink
from nurse_monitor.ui.workspace.pump_panel import PumpPanelWidget
from nurse_monitor.ui.workspace.reaction_panel import ReactionPanel
from nurse_monitor.ui.workspace.screening_form import ScreeningForm
from nurse_monitor.ui.workspace.take_home_form import TakeHomeForm
from nurse_monitor.ui.workspace.timeline_panel import TimelinePanel

TAB_INFUSION, TAB_VITALS, TAB_STEP, TAB_REACTIONS, TAB_TIMELINE = range(5)


def next_open_step(view: ChairView) -> Step:
    """The first step that applies and is not done yet (the last step when all are)."""
    return next((s.step for s in view.checklist.steps if s.applies and not s.done), Step.SIGN)


def scrolling(widget: QWidget, parent: QWidget, *, keep_height: bool = False) -> QScrollArea:
    """`widget` in a frameless scroll area.

    A tall form scrolls, so the workspace fits a 1366x768 screen. With `keep_height` the area
    keeps the widget's full height instead: used for the infusion panel, whose labels change
    every minute (time on rate, volume, countdowns). Inside a scroll area each change stays
    there; outside one it laid out and repainted the whole window (7 of the 28 ms a saved
    reading took to reach the chart).
    """
    area = QScrollArea(parent)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    if keep_height:
        area.setMinimumHeight(widget.sizeHint().height())
    else:
        area.setMinimumWidth(min(widget.sizeHint().width() + 24, 420))
    return area


class SessionWorkspace(ChairRequests):
    """One session's workspace. Call `start_live_updates()` when shown in the app."""

    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.preferences = controller.station.preferences
        temperature_unit = self.preferences.temperature_unit
        view = controller.view
        self.setAccessibleName(
            self.tr("Session workspace for %1").replace("%1", view.patient.display_name)
        )
        self._build_header(view)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #ffebee; color: #b71c1c; padding: 8px; font-weight: bold;"
        )
        self.banner.setAccessibleName(self.tr("Message"))
        self.banner.hide()
        self.clock_warning = ClockWarning(self)
        self.alarm_banner = AlarmBanner(self)

        self.checklist = ChecklistPanel(self)
        self.checklist.setMinimumWidth(280)
        self.infusion = InfusionPanel(self)
        self.infusion.overdue_after = timedelta(minutes=self.preferences.overdue_after_minutes)
        self.temperature_unit = temperature_unit
        self.pump_link = PumpLink(controller, self)
        self.pump = PumpPanelWidget(self.pump_link, self)
        self.chart = VitalsChart(self, temperature_unit=temperature_unit)
        self.vitals_form = VitalsForm(
            self, temperature_unit=temperature_unit, now=controller.clock.now()
        )
        self.readings_model = ReadingsModel(temperature_unit=temperature_unit, parent=self)
        self.readings = ReadingsTable(self.readings_model, self)
        self.step_forms: dict[Step, Any] = {
            Step.SCREENING: ScreeningForm(
                controller, self, us_checklists=self.preferences.us_checklists
            ),
            Step.IV_ACCESS: IvAccessForm(controller, self),
            Step.PREMEDICATIONS: PremedicationForm(controller, self),
            Step.DRUG_VERIFICATION: DrugVerificationForm(controller, self),
            Step.END_OF_INFUSION: EndOfInfusionForm(controller, self),
            Step.LINE_FLUSH: LineFlushForm(controller, self),
            Step.DISCHARGE: DischargeForm(controller, self),
            Step.TAKE_HOME_SHEET: TakeHomeForm(controller, self),
            Step.SIGN: SignForm(controller, self),
        }
        self.steps = QStackedWidget(self)
        self.steps.setAccessibleName(self.tr("Checklist step"))
        self.steps.setMaximumWidth(780)  # forms read better than when stretched edge to edge
        self.step_note = QLabel(self)
        self.step_note.setWordWrap(True)
        self.steps.addWidget(self.step_note)
        for form in self.step_forms.values():
            self.steps.addWidget(form)
        self.steps.currentChanged.connect(self._on_steps_current_changed)
        self.reactions = ReactionPanel(controller, self)
        self.timeline = TimelinePanel(controller, self)
        self.timeline.set_temperature_unit(temperature_unit)

        # The pump beside the infusion, not under it: stacked, the two and the chart needed
        # more height than a 1366x768 screen has, and the window grew past its bottom edge.
        infusion_and_pump = QSplitter(Qt.Orientation.Horizontal, self)
        infusion_and_pump.addWidget(scrolling(self.infusion, self, keep_height=True))
        infusion_and_pump.addWidget(scrolling(self.pump, self, keep_height=True))
        infusion_and_pump.setStretchFactor(0, 3)
        infusion_and_pump.setStretchFactor(1, 2)
        infusion_tab = QSplitter(Qt.Orientation.Vertical, self)
        infusion_tab.addWidget(infusion_and_pump)
        infusion_tab.addWidget(self.chart)
        infusion_tab.setStretchFactor(1, 1)  # the chart takes the room
        infusion_tab.setSizes([200, 600])
        vitals_tab = QWidget(self)
        vitals_layout = QHBoxLayout(vitals_tab)
        vitals_layout.addWidget(scrolling(self.vitals_form, self))
        vitals_layout.addWidget(self.readings, 1)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Workspace sections"))
        self.tabs.addTab(infusion_tab, self.tr("&Infusion"))
        self.tabs.addTab(vitals_tab, self.tr("&Vital signs"))
        self.tabs.addTab(scrolling(self.steps, self), self.tr("Checklist s&tep"))
        self.tabs.addTab(scrolling(self.reactions, self), self.tr("&Reactions"))
        self.tabs.addTab(self.timeline, self.tr("Time&line"))

        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(self.checklist)
        body.addWidget(self.tabs)
        body.setStretchFactor(1, 1)
        body.setSizes([300, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(self.header)
        layout.addWidget(self.banner)
        layout.addWidget(self.clock_warning)
        layout.addWidget(self.alarm_banner)
        layout.addWidget(body, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.reaction_shortcut = QShortcut(
            QKeySequence("Ctrl+Shift+R"), self, self._on_reaction_clicked
        )

        self.shown_step: Step | None = None  # the step whose form the step tab shows
        self._tabs_behind: set[int] = set()  # tabs whose panels wait for the tab to be shown
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        self._select_step(next_open_step(view))
        controller.changed.connect(self._on_controller_changed)
        controller.pump_reported.connect(self._on_controller_pump_reported)
        controller.alarm_logged.connect(self._on_controller_alarm_logged)
        controller.refused.connect(self._on_controller_refused)
        self.checklist.step_selected.connect(self._on_checklist_step_selected)
        self.infusion.increase_requested.connect(self._on_infusion_increase_requested)
        self.infusion.record_vitals_requested.connect(self.show_vitals_form)
        self.infusion.start_requested.connect(self._on_infusion_start_requested)
        self.infusion.pause_requested.connect(self._on_infusion_pause_requested)
        self.infusion.resume_requested.connect(self._on_infusion_resume_requested)
        self.infusion.set_rate_requested.connect(self._on_infusion_set_rate_requested)
        self.infusion.stop_requested.connect(self._on_infusion_stop_requested)
        self.infusion.end_requested.connect(self._on_infusion_end_requested)
        self.vitals_form.submitted.connect(self._on_vitals_form_submitted)
        self.alarm_banner.recheck_requested.connect(self.show_vitals_form)
        self.alarm_banner.pause_requested.connect(self._on_infusion_pause_requested)
        self.alarm_banner.reaction_requested.connect(self._on_reaction_clicked)
        self.pump_link.changed.connect(self._on_pump_link_changed)
        self.preferences.changed.connect(self._on_preference_changed)
        self.show_view(view)

    def show_view(self, view: ChairView) -> None:
        # A station clock behind the newest entry: shown at that entry's time, and said so.
        now = max(self.controller.clock.now(), view.now)
        self.clock_warning.show_behind(view.clock_behind)
        self.session_label.setText(
            self.tr("%1 · infusion %2 · %3 · %4 · nurse %5\nProtocol source checked %6")
            .replace("%1", view.protocol.display_name)
            .replace("%2", str(view.session.infusion_number))
            .replace("%3", view.session.chair)
            .replace("%4", phase_label(view.status.phase))
            .replace("%5", view.nurse)
            .replace("%6", f"{calendar_date(view.protocol.source.checked_on)}")
        )
        if self.session_label.toolTip() != (source := str(view.protocol.source)):
            self.session_label.setToolTip(source)
        self.checklist.show_checklist(view.checklist, view.status.started_at is not None)
        self.infusion.show_view(view, now)
        self.chart.show_data(
            view.readings, view.status.rate_history, view.chart_markers, now, view.pump_log
        )
        # The tabs not on screen wait until they are brought forward (_on_tabs_current_changed):
        # Qt would not paint them, and the chart the nurse looks at is painted sooner.
        held = self.window().isVisible()
        for tab in (TAB_VITALS, TAB_STEP, TAB_REACTIONS, TAB_TIMELINE):
            if held and tab != self.tabs.currentIndex():
                self._tabs_behind.add(tab)
            else:
                self._show_tab(tab, view, now)
        self.pump_link.follow_record()
        closed = view.closed
        self.reaction_button.setEnabled(view.status.started_at is not None and not closed)
        self._show_alarm(view, now)

    def _show_tab(self, tab: int, view: ChairView, now: datetime) -> None:
        """The panels on one of the tabs beside the Infusion tab, from `view`."""
        self._tabs_behind.discard(tab)
        if tab == TAB_VITALS:
            self.readings_model.set_readings(view.readings)
        elif tab == TAB_STEP:
            for form in self.step_forms.values():
                form.show_view(view, now)
        elif tab == TAB_REACTIONS:
            self.reactions.show_view(view, now)
        elif tab == TAB_TIMELINE:
            self.timeline.show_view(view, now)

    def _on_tabs_current_changed(self, index: int) -> None:
        if index in self._tabs_behind:
            view = self.controller.view
            self._show_tab(index, view, max(self.controller.clock.now(), view.now))

    def _show_alarm(self, view: ChairView, now: datetime) -> None:
        """This chair's open alarm, by the board's rule and the station's grace."""
        closed = view.session.status in ("signed", "cosigned")
        grace = self.infusion.overdue_after
        alarm = (
            None
            if closed
            else alarm_condition(status_alert_codes(view.status), alarm_due_times(view), now, grace)
        )
        self.alarm_banner.show_alarm(alarm, view.status.phase.value == "infusing", now)

    def start_live_updates(self) -> None:
        self.timer.start()

    def stop_live_updates(self) -> None:
        self.timer.stop()

    def refresh(self) -> None:
        """Follow the clock: reload when a due time passed, else update the countdowns."""
        if not self.controller.tick():
            now = self.controller.clock.now()
            self.infusion.refresh_countdowns(now)
            self.step_forms[Step.PREMEDICATIONS].show_view(self.controller.view, now)
            self.step_forms[Step.DISCHARGE].show_view(self.controller.view, now)
            self._show_alarm(self.controller.view, now)
            self.pump_link.tick()
        now = self.controller.clock.now()
        for edit in self.findChildren(FollowingTimeEdit):
            edit.follow(now)  # reaction onset, medicine and premedication times stay current

    def show_vitals_form(self) -> None:
        self.tabs.setCurrentIndex(TAB_VITALS)
        self.vitals_form.systolic.setFocus()

    def show_step(self, step: Step) -> None:
        self.tabs.setCurrentIndex(TAB_STEP)
        self._select_step(step)
        if step in (Step.BASELINE_VITALS, Step.OBSERVATION):
            self.show_vitals_form()
        elif step is Step.START:
            self.tabs.setCurrentIndex(TAB_INFUSION)

    def _select_step(self, step: Step) -> None:
        """Put the step's form (or a note about it) on the step tab."""
        self.shown_step = step
        form = self.step_forms.get(step)
        if form is not None:
            self.steps.setCurrentWidget(form)
            return
        state = self.controller.view.checklist.step(step)
        where = {
            Step.IDENTITY: self.tr("Identity is confirmed when the session is started."),
            Step.BASELINE_VITALS: self.tr("Record baseline vital signs on the Vital signs tab."),
            Step.START: self.tr("Start the infusion on the Infusion tab."),
            Step.OBSERVATION: self.tr(
                "Observation: record vital signs at its end on the Vital signs tab."
            ),
        }.get(step, "")
        self.step_note.setText(f"<b>{state.title}</b><br>{state.summary}<br>{where}")
        self.steps.setCurrentWidget(self.step_note)

    def _on_steps_current_changed(self, index: int) -> None:
        # A stack is as tall as its tallest page; let only the shown page count.
        for i in range(self.steps.count()):
            policy = QSizePolicy.Policy.Preferred if i == index else QSizePolicy.Policy.Ignored
            page = self.steps.widget(i)
            if page is not None:
                page.setSizePolicy(policy, policy)
        self.steps.adjustSize()

    def closeEvent(self, event: object) -> None:
        self.stop_live_updates()
        super().closeEvent(event)  # type: ignore[arg-type]

    # Slots -------------------------------------------------------------------------------------

    def _on_timer_timeout(self) -> None:
        self.refresh()

    def _on_controller_changed(self, view: ChairView) -> None:
        self.banner.hide()
        shown = self.shown_step
        self.show_view(view)
        if shown is not None and self._step_finished(view, shown):
            self._select_step(next_open_step(view))  # on to the next open step

    def _on_controller_pump_reported(self, view: ChairView) -> None:
        """Only the pump spoke: its panel, the chart's pump line and the timeline's pump lines
        follow; nothing else is redrawn."""
        self.chart.show_pump_lines(view.pump_log)
        self.pump_link.follow_record()
        self._on_controller_alarm_logged(view)

    def _on_controller_alarm_logged(self, view: ChairView) -> None:
        """Only the timeline's lines changed (the alarm log's, or the pump's): the timeline
        follows, now if on screen, else when its tab is brought forward."""
        if self.tabs.currentIndex() == TAB_TIMELINE or not self.window().isVisible():
            self._show_tab(TAB_TIMELINE, view, max(self.controller.clock.now(), view.now))
        else:
            self._tabs_behind.add(TAB_TIMELINE)

    @staticmethod
    def _step_finished(view: ChairView, step: Step) -> bool:
        """The shown step is done, and its form has nothing left (discharge teaching shares its
        form with the discharge itself)."""
        if not view.checklist.step(step).done:
            return False
        return step is not Step.DISCHARGE or view.checklist.step(Step.OBSERVATION).done

    def _on_pump_link_changed(self, panel: object) -> None:
        total = getattr(panel, "delivered_total_ml", None)
        self.step_forms[Step.END_OF_INFUSION].offer_pump_total(total)

    def _on_controller_refused(self, field: str, message: str) -> None:
        text = f"{field}: {message}" if field else message
        self.banner.setText(text)
        self.banner.show()
        if self.tabs.currentIndex() == TAB_VITALS and field:
            self.vitals_form.show_error(field, message)

    def _on_checklist_step_selected(self, value: str) -> None:
        self.show_step(Step(value))

    def _on_reaction_clicked(self) -> None:
        self.tabs.setCurrentIndex(TAB_REACTIONS)
