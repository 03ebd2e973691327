"""The session's timeline: every entry in order with who and when; amendments keep the original
visible, struck through, with the reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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

from nurse_monitor.services import amendments
from nurse_monitor.services.chair_view import DETAIL, ChairView, TimelineEntry
from nurse_monitor.services.charting import field_label
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.form_parts import TOUCH, touch_button
from nurse_monitor.ui.workspace.timeline_model import TimelineChange, TimelineModel


def amendable_fields(entry: TimelineEntry) -> list[str]:
    return [k for k in entry.event.payload if k != DETAIL]


def parse_value(text: str) -> Any:
    stripped = text.strip()
    for kind in (int, float):
        try:
            return kind(stripped)
        except ValueError:
            pass
    return stripped


class TimelinePanel(QWidget):
    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
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
        self.value = QLineEdit(self)
        self.value.setAccessibleName(self.tr("Corrected value"))
        self.value.setPlaceholderText(self.tr("Corrected value"))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason for the amendment"))
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        for widget in (self.field, self.value, self.reason):
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
        for column in (0, 1, 3):
            self.table.resizeColumnToContents(column)
        self.table.scrollToBottom()  # the newest entry stays in view

    def selected_entry(self) -> TimelineEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.entry_at(rows[0].row())

    def _on_selection_changed(self) -> None:
        entry = self.selected_entry()
        self.field.clear()
        if entry is not None:
            for field in amendable_fields(entry):  # shown as its label, sent as its name
                self.field.addItem(field_label(field), field)
        can_amend = entry is not None and self.field.count() > 0
        for widget in (self.field, self.value, self.reason, self.amend):
            widget.setEnabled(can_amend)

    def _on_amend_clicked(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        if self.controller.perform(
            amendments.amend_session_entry,
            entry.event.id,
            str(self.field.currentData()),
            parse_value(self.value.text()),
            self.reason.text(),
        ):
            self.value.clear()
            self.reason.clear()
