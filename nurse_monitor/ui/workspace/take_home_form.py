"""The discharge checklist's take-home sheet step (issue 18).

The nurse prints the patient's sheet, or saves it as PDF; either way its text goes on the
record. When the patient declines it or the printer is down, the nurse records why. Until one
of these is recorded, discharge is refused and names this step.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nurse_monitor.domain.checklist import Step
from nurse_monitor.reports.take_home_pdf import paint_take_home, take_home_pdf
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.exports import export_file_name, write_export
from nurse_monitor.services.take_home import (
    TakeHomeSheet,
    record_take_home,
    record_take_home_not_given,
    take_home_sheet,
)
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.form_parts import touch_button
from nurse_monitor.ui.time_format import clock_time
from nurse_monitor.ui.workspace.chair_controller import ChairController


class TakeHomeForm(QWidget):
    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName(self.tr("Take-home sheet"))
        intro = QLabel(
            self.tr(
                "<b>Take-home sheet</b><br>Give the patient the sheet about the next hours and "
                "days, whom to call and when to seek emergency care. Its text goes on the record."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.print_sheet = touch_button(self.tr("Print take-home sheet…"), self)
        self.print_sheet.clicked.connect(self._on_print_clicked)
        self.save_sheet = touch_button(self.tr("Save as PDF…"), self)
        self.save_sheet.clicked.connect(self._on_save_clicked)
        self.not_given = touch_button(self.tr("Not given…"), self)
        self.not_given.setToolTip(
            self.tr("The patient declined it, or the printer is down: record why")
        )
        self.not_given.clicked.connect(self._on_not_given_clicked)
        self.state = QLabel(self)
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Take-home sheet state"))
        buttons = QHBoxLayout()
        for button in (self.print_sheet, self.save_sheet, self.not_given):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.state)
        layout.addStretch(1)
        self.show_view(controller.view, controller.view.now)

    def show_view(self, view: ChairView, now: datetime) -> None:
        step = view.checklist.step(Step.TAKE_HOME_SHEET)
        self.state.setText(
            self.tr("☐ Not yet given: discharge waits for this step.")
            if not step.done
            else self.tr("☑ %1 at %2 by %3.")
            .replace("%1", step.summary)
            .replace("%2", clock_time(step.done_at))
            .replace("%3", step.done_by or "")
        )
        for button in (self.print_sheet, self.save_sheet, self.not_given):
            button.setEnabled(not view.closed)

    def _sheet(self) -> TakeHomeSheet | None:
        c = self.controller
        try:
            weekdays = frozenset(c.station.preferences.working_weekdays)
            return take_home_sheet(c.db, c.actor, c.session_id, weekdays)
        except ServiceError as error:
            dialogs.dialogs.error(self, self.tr("Take-home sheet"), str(error))
            return None

    def _on_print_clicked(self) -> None:
        printer = dialogs.dialogs.choose_printer(self, self.tr("Print the take-home sheet"))
        if printer is None:
            return
        sheet = self._sheet()
        if sheet is None:
            return
        paint_take_home(sheet, printer)
        self.controller.perform(record_take_home, sheet, printed=True)

    def _on_save_clicked(self) -> None:
        c = self.controller
        try:  # named as the chart files it: record number, local date, drug
            suggested = export_file_name(c.db, c.session_id, "pdf").replace(
                ".pdf", " take-home.pdf"
            )
        except ServiceError:
            suggested = "take-home.pdf"
        path = dialogs.dialogs.choose_file(self, self.tr("Save the take-home sheet"), suggested)
        if not path:
            return
        sheet = self._sheet()
        if sheet is None:
            return
        try:
            data = take_home_pdf(sheet)
            write_export(c.db, c.actor, Path(path), data, "take_home", "session", c.session_id)
        except ServiceError as error:
            dialogs.dialogs.error(self, self.tr("Take-home sheet"), str(error))
            return
        c.perform(record_take_home, sheet)

    def _on_not_given_clicked(self) -> None:
        reason = dialogs.dialogs.ask_text(
            self,
            self.tr("Take-home sheet not given"),
            self.tr("Why does the patient leave without the sheet (goes on the record)?"),
        )
        if reason is not None:
            self.controller.perform(record_take_home_not_given, reason)
