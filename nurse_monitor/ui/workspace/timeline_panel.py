"""The session's timeline: every entry in order with who and when; amendments keep the original
visible, struck through, with the reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.entry_fields import TIME, EntryField, amendable_fields, entry_field
from nurse_monitor.domain.vital_signs import celsius_to_fahrenheit, fahrenheit_to_celsius
from nurse_monitor.services import amendments
from nurse_monitor.services.chair_view import ChairView, TimelineEntry
from nurse_monitor.ui.form_parts import TOUCH, touch_button
from nurse_monitor.ui.workspace.amendment_editor import AmendmentValueEditor
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.timeline_model import TimelineChange, TimelineModel

FAHRENHEIT_FIELD = "temperature (°F)"  # how temperature_c is offered on a Fahrenheit station


def in_station_unit(spec: EntryField, unit: str) -> EntryField:
    """A temperature offered in °F on a Fahrenheit station (the record keeps °C)."""
    if spec.name != "temperature_c" or unit != "F":
        return spec
    low = None if spec.low is None else round(celsius_to_fahrenheit(spec.low), 1)
    high = None if spec.high is None else round(celsius_to_fahrenheit(spec.high), 1)
    return replace(spec, label="Temperature (°F)", low=low, high=high)


def amendable(entry: TimelineEntry) -> tuple[EntryField, ...]:
    """The fields the nurse may correct on this entry (identity fields never)."""
    return amendable_fields(entry.event.type)


class TimelinePanel(QWidget):
    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.temperature_unit = "C"
        self._fit_when_shown = False  # columns to fit once the (hidden) tab is shown
        self.setAccessibleName(self.tr("Timeline"))
        self.model = TimelineModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Timeline entries"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        # Widths from the rows in view, not all of them: a long session stays cheap to update.
        header.setResizeContentsPrecision(0)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._on_selection_changed)
        self.field = QComboBox(self)
        self.field.setAccessibleName(self.tr("Field to amend"))
        self.field.currentIndexChanged.connect(self._on_field_changed)
        self.value = AmendmentValueEditor(self)
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason for the amendment"))
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        for widget in (self.field, self.reason):
            widget.setMinimumHeight(TOUCH)
        self.amend = touch_button(self.tr("Amend entry"), self)
        self.amend.clicked.connect(self._on_amend_clicked)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Amend the selected entry:"), self))
        row.addWidget(self.field)
        row.addWidget(self.value, 1)
        row.addWidget(self.reason, 2)
        row.addWidget(self.amend)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self.show_view(controller.view, controller.view.now)
        self._on_selection_changed()

    def show_view(self, view: ChairView, now: datetime) -> None:
        """Show the entries; the selection stays on its entry and new entries scroll into view."""
        selected = self.selected_entry()
        change = self.model.show_entries(view)
        if change is TimelineChange.NONE:
            return
        if selected is not None and change is TimelineChange.RESET:
            row = self.model.row_of(selected.event.id)
            if row is not None:
                self.table.selectRow(row)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns fitted to their text and the newest entry in view; on a hidden tab (a save
        from the Vital signs tab) when the tab is next shown, as measuring 300 rows is not free."""
        if not self.isVisible():
            self._fit_when_shown = True
            return
        self._fit_when_shown = False
        for column in (0, 1, 3):
            self.table.resizeColumnToContents(column)
        self.table.scrollToBottom()  # the newest entry stays in view

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_when_shown:
            self._fit_columns()

    def set_temperature_unit(self, unit: str) -> None:
        """Temperatures on the lines and in the amendment form in `unit` ("C" or "F")."""
        self.temperature_unit = unit
        self.model.set_temperature_unit(unit)
        self.show_view(self.controller.view, self.controller.view.now)
        self._on_selection_changed()

    def selected_entry(self) -> TimelineEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.entry_at(rows[0].row())

    def _on_selection_changed(self) -> None:
        entry = self.selected_entry()
        self.field.blockSignals(True)
        self.field.clear()
        if entry is not None and not entry.unreadable:
            for spec in amendable(entry):
                shown = in_station_unit(spec, self.temperature_unit)
                self.field.addItem(self.tr(shown.label), spec.name)
        self.field.blockSignals(False)
        self._on_field_changed()
        can_amend = entry is not None and self.field.count() > 0
        for widget in (self.field, self.value, self.reason, self.amend):
            widget.setEnabled(can_amend)

    def _on_field_changed(self) -> None:
        entry = self.selected_entry()
        name = self.field.currentData()
        spec = entry_field(entry.event.type, name) if entry is not None and name else None
        current = entry.payload.get(spec.name) if entry is not None and spec else None
        if entry is not None and name == TIME:
            current = entry.event.occurred_at.isoformat()  # as it reads now (amended or not)
        if spec is not None and in_station_unit(spec, self.temperature_unit) is not spec:
            spec = in_station_unit(spec, self.temperature_unit)
            if isinstance(current, int | float):
                current = round(celsius_to_fahrenheit(float(current)), 1)
        self.value.show_field(spec, current, self.controller.view.protocol)

    def _on_amend_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        field, value = self.field.currentData(), self.value.value()
        if field == "temperature_c" and self.temperature_unit == "F" and isinstance(value, float):
            value = round(fahrenheit_to_celsius(value), 1)  # typed in °F, kept in °C
        if self.controller.perform(
            amendments.amend_session_entry, entry.event.id, field, value, self.reason.text()
        ):
            self.reason.clear()
            self._on_field_changed()
