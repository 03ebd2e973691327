"""The follow-up worklist: calls due today and overdue (and those closed today), with the
phone number and what happened at the infusion; choose one to record the call. A charge nurse
also cancels a call or adds one, with a reason.

It redraws when the change edge names follow-up entries or sessions (any station's).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.clock import local_date
from nurse_monitor.services.changes import ChangeKind, Changes
from nurse_monitor.services.follow_up_calls import add_follow_up, cancel_follow_up
from nurse_monitor.services.follow_ups import FollowUpItem, follow_up_worklist
from nurse_monitor.ui.follow_up.call_form import CallForm
from nurse_monitor.ui.form_parts import error_line, show_error, touch_button
from nurse_monitor.ui.station import Refusal, Station

HEADERS = ("Due", "Status", "Patient", "Record", "Phone", "Tries", "At the infusion")
STATUS_WORDS = {
    "due": "Due today",
    "overdue": "Overdue",
    "done": "Done",
    "not_reached": "Not reached",
    "cancelled": "Cancelled",
    "upcoming": "Later",
}


class FollowUpWorklist(QWidget):
    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.items: list[FollowUpItem] = []
        self._stale = False  # a change came while on a hidden tab: read again when shown
        self.setAccessibleName(self.tr("Follow-up calls"))
        self.day_label = QLabel(self)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.setAccessibleName(self.tr("Calls due today and overdue"))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)  # row numbers meant nothing to a nurse
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.form = CallForm(station, self)
        self.form.recorded.connect(self._on_form_recorded)
        splitter = QSplitter(self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.day_label)
        layout.addWidget(splitter, 1)
        self.charge = QWidget(self)
        self._build_charge_row()
        layout.addWidget(self.charge)
        station.ops.changed.connect(self.show_changes)
        station.actor_changed.connect(self._on_station_actor_changed)
        station.ops.refused.connect(self._on_ops_refused)
        self._on_station_actor_changed(station.actor)

    def _build_charge_row(self) -> None:
        self.reason = QLineEdit(self.charge)
        self.reason.setPlaceholderText(self.tr("Reason (required)"))
        self.reason.setAccessibleName(self.tr("Reason to add or cancel a call"))
        self.cancel = touch_button(self.tr("Cancel the chosen call"), self.charge)
        self.cancel.clicked.connect(self._on_cancel_clicked)
        self.add_session = QSpinBox(self.charge)
        self.add_session.setRange(1, 2_000_000_000)
        self.add_session.setAccessibleName(self.tr("Session number to add a call for"))
        self.add_due = QDateEdit(self.charge)
        self.add_due.setCalendarPopup(True)
        self.add_due.setAccessibleName(self.tr("Due date of the added call"))
        self.add = touch_button(self.tr("Add a call"), self.charge)
        self.add.clicked.connect(self._on_add_clicked)
        self.charge_error = error_line(self.charge)
        row = QHBoxLayout(self.charge)
        row.addWidget(self.reason, 1)
        row.addWidget(self.cancel)
        row.addWidget(QLabel(self.tr("Session"), self.charge))
        row.addWidget(self.add_session)
        row.addWidget(self.add_due)
        row.addWidget(self.add)
        row.addWidget(self.charge_error)

    def today(self) -> date:
        return local_date(self.station.clock.now())

    def reload(self) -> None:
        self._stale = False
        chosen = self.chosen()
        actor = self.station.actor
        if actor is None or actor.role == "admin":
            self.items = []
        else:
            self.items = follow_up_worklist(
                self.station.db,
                actor,
                self.today(),
                self.station.preferences.working_weekdays,
                with_closed=True,
            )
        open_count = sum(1 for i in self.items if i.open)
        self.day_label.setText(
            self.tr("Follow-up calls for %s: %d to make")
            % (f"{self.today():%A %d %B %Y}", open_count)
        )
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            cells = (
                f"{item.due_date:%d %b}" if item.due_date else "",
                STATUS_WORDS.get(item.status.value, item.status.value),
                item.patient_name,
                item.record_number,
                item.phone or "-",
                str(item.attempts),
                "; ".join(item.what_happened),
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        for column in range(len(HEADERS) - 1):  # each fits its words; "what happened" stretches
            self.table.resizeColumnToContents(column)
        self.table.blockSignals(False)
        again = next(
            (i for i, it in enumerate(self.items) if chosen and it.session_id == chosen.session_id),
            None,
        )
        if again is not None:
            self.table.selectRow(again)
        self.form.show_item(self.items[again] if again is not None else None)

    def chosen(self) -> FollowUpItem | None:
        return self.form.item

    def show_changes(self, changes: Changes) -> None:
        if changes.names(
            ChangeKind.FOLLOW_UP, ChangeKind.SESSION, ChangeKind.SITE, ChangeKind.PATIENT
        ):
            if self.window().isVisible() and not self.isVisible():
                self._stale = True  # on a hidden tab (a save at a chair): read when shown
            else:
                self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _on_station_actor_changed(self, actor: object) -> None:
        role = getattr(actor, "role", None)
        self.charge.setVisible(role == "charge_nurse")
        today = self.today()
        self.add_due.setDate(QDate(today.year, today.month, today.day))
        self.reload()

    def _on_table_selection_changed(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        item = self.items[min(rows)] if rows else None
        self.form.show_item(item)

    def _on_form_recorded(self, item: object) -> None:
        self.reload()

    def _on_cancel_clicked(self) -> None:
        item = self.chosen()
        if item is None:
            show_error(self.charge_error, "", self.tr("Choose the call to cancel in the list."))
            return
        self.station.perform(
            cancel_follow_up,
            item.session_id,
            self.reason.text(),
            self.station.preferences.working_weekdays,
            origin=self,
        )

    def _on_add_clicked(self) -> None:
        self.station.perform(
            add_follow_up,
            self.add_session.value(),
            self.add_due.date().toPython(),
            self.reason.text(),
            self.station.preferences.working_weekdays,
            origin=self,
        )

    def _on_ops_refused(self, refusal: Refusal) -> None:
        if refusal.origin is self:
            show_error(self.charge_error, refusal.field, refusal.message)
