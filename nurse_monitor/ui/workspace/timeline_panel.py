"""The session's timeline: every entry in order with who and when; amendments keep the original
visible, struck through, with the reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.protocols import Answer, Protocol
from nurse_monitor.services import amendments
from nurse_monitor.services.chair_view import DETAIL, ChairView, TimelineEntry
from nurse_monitor.services.record_words import ENTRY_TITLES
from nurse_monitor.ui.time_format import clock_time
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.form_parts import TOUCH, touch_button

TITLES = ENTRY_TITLES


def describe(entry: TimelineEntry, protocol: Protocol | None = None) -> str:
    """One line of what an entry holds, in words."""
    p = entry.payload
    kind = entry.event.type
    detail = p.get(DETAIL) or {}
    if kind in ("infusion_started", "rate_changed", "resumed"):
        why = f" — {detail['reason']}" if detail.get("reason") else ""
        return f"{p.get('rate_ml_h'):g} mL/h{why}"
    if kind == "vitals":
        temp = p.get("temperature_c")
        return (
            f"BP {p.get('systolic')}/{p.get('diastolic')}, HR {p.get('heart_rate')}, "
            f"RR {p.get('respiratory_rate')}, T {temp} °C, SpO2 {p.get('spo2')}%"
            + (" on O2" if p.get("on_oxygen") else "")
        )
    if kind == "premedication_given":
        return f"{p.get('drug')} {p.get('dose')} {p.get('route')}"
    if kind == "reaction":
        return f"{p.get('severity')}: {', '.join(p.get('symptoms', []))}"
    if kind == "iv_access_recorded":
        return (
            f"{p.get('gauge')} G {p.get('side')} {p.get('site')}, {p.get('attempts')} attempt(s), "
            f"by {p.get('placed_by')}"
        )
    if kind == "drug_verified":
        return f"lot {p.get('lot_number')}, expiry {p.get('expiry')}"
    if kind == "infusion_ended":
        return f"{detail.get('volume_infused_ml', '?')} mL infused"
    if kind == "teaching_given":
        return f"{len(p.get('topics', []))} topics; next dose {p.get('next_dose_on') or '—'}"
    if kind == "reaction_intervention":
        return f"{p.get('drug')} {p.get('dose')} {p.get('route')}"
    if kind == "identity_confirmed":
        return f"name and date of birth against {p.get('record_number')}"
    if kind == "screening_recorded" and protocol is not None:
        return screening_summary(p, protocol)
    text = p.get("reason") or p.get("note") or p.get("text") or ""
    return str(text)


def screening_summary(payload: dict[str, Any], protocol: Protocol) -> str:
    """The answers that matter (block or need a reason), in the question's words."""
    answers = payload.get("answers", {})
    overrides = payload.get("overrides", {})
    concerns = []
    for question in protocol.checklist:
        value = answers.get(question.id)
        if value is None:
            continue
        if (Answer.YES if value else Answer.NO) is question.triggers_on:
            reason = overrides.get(question.id)
            concerns.append(
                f"{question.text} {'Yes' if value else 'No'}"
                + (f" (override: {reason})" if reason else "")
            )
    unanswered = sum(1 for q in protocol.checklist if answers.get(q.id) is None)
    text = "; ".join(concerns) if concerns else "no concerns"
    return text + (f"; {unanswered} not asked" if unanswered else "")


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
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("Entry"), self.tr("Details"), self.tr("By")]
        )
        self.table.setAccessibleName(self.tr("Timeline entries"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_table_item_selection_changed)
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
        self._rows: list[TimelineEntry | None] = []
        self.show_view(controller.view, controller.view.now)
        self._on_table_item_selection_changed()

    def show_view(self, view: ChairView, now: datetime) -> None:
        self.table.setRowCount(0)
        self._rows = []
        for entry in view.timeline:
            struck = bool(entry.amendments)
            self._add_row(
                [
                    clock_time(entry.event.occurred_at),
                    TITLES.get(entry.event.type, entry.event.type),
                    self._original_text(entry, view.protocol),
                    entry.by,
                ],
                entry,
                struck,
            )
            names = view.people
            for amendment in entry.amendments:
                self._add_row(
                    [
                        clock_time(amendment.amended_at),
                        self.tr("  ↳ Amended"),
                        f"{amendment.field}: {amendment.original_value} → {amendment.new_value} "
                        f"— {self.tr('reason')}: {amendment.reason}",
                        names.get(amendment.amended_by_id, "?"),
                    ],
                    None,
                    False,
                )
        self.table.resizeColumnsToContents()
        self.table.scrollToBottom()  # the newest entry stays in view
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def _original_text(self, entry: TimelineEntry, protocol: Protocol) -> str:
        if not entry.amendments:
            return describe(entry, protocol)
        original = TimelineEntry(entry.event, entry.by, dict(entry.event.payload), ())
        return describe(original, protocol) + self.tr("  (amended, see below)")

    def _add_row(self, cells: list[str], entry: TimelineEntry | None, struck: bool) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if struck and column == 2:
                font = QFont(item.font())
                font.setStrikeOut(True)
                item.setFont(font)
                item.setToolTip(self.tr("Original value, kept after an amendment"))
            if entry is None:
                item.setForeground(Qt.GlobalColor.darkBlue)
            self.table.setItem(row, column, item)
        self._rows.append(entry)

    def selected_entry(self) -> TimelineEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self._rows[rows[0].row()]

    def _on_table_item_selection_changed(self) -> None:
        entry = self.selected_entry()
        self.field.clear()
        if entry is not None:
            self.field.addItems(amendable_fields(entry))
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
            self.field.currentText(),
            parse_value(self.value.text()),
            self.reason.text(),
        ):
            self.value.clear()
            self.reason.clear()
