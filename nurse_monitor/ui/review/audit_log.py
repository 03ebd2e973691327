"""The audit log: who did what to which record and when (login, view, export, sign, co-sign,
amend, alarm snooze...), filterable by user, record and date. For charge nurses and admins."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QCloseEvent, QIntValidator
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from nurse_monitor.services.audit import audit_record_names, audit_trail
from nurse_monitor.services.changes import ChangeKind, Changes
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.history import Choice
from nurse_monitor.services.records import AuditRecord
from nurse_monitor.services.review import staff_choices
from nurse_monitor.ui.review.audit_words import audit_detail, audit_sentence
from nurse_monitor.ui.review.review_parts import (
    TOUCH,
    choice_combo,
    day_edit,
    day_start,
    read_only_table,
    set_rows,
)
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.time_format import date_time

DEBOUNCE_MS = 300
RECORD_TYPES = ("session", "patient", "event", "user")


class AuditLogView(QWidget):
    """The newest audit entries matching the filters (read-only). Emits no signals."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.entries: list[AuditRecord] = []
        self.setWindowTitle(self.tr("Audit log"))
        self.setAccessibleName(self.tr("Audit log"))
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.refresh)

        staff = staff_choices(
            station.db, station.signed_in()
        )  # refuses a nurse before anything is shown
        self._names = {int(c.value): c.label for c in staff}
        self.user = choice_combo(self, self.tr("User"), staff, self.tr("Any user"))
        types = [Choice(t, t.capitalize()) for t in RECORD_TYPES]
        self.record_type = choice_combo(self, self.tr("Record type"), types, self.tr("Any record"))
        self.record_id = QLineEdit(self)
        self.record_id.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.record_id.setPlaceholderText(self.tr("Record number (id)"))
        self.record_id.setAccessibleName(self.tr("Record id"))
        self.record_id.setMinimumHeight(TOUCH)
        self.since = day_edit(self, self.tr("From date"))
        self.until = day_edit(self, self.tr("To date"))
        self.count = QLabel(self)
        self.count.setAccessibleName(self.tr("Number of entries shown"))
        self.table = read_only_table(
            self,
            [
                self.tr("When"),
                self.tr("Who"),
                self.tr("What happened"),
                self.tr("Other details"),
            ],
            self.tr("Audit entries, newest first"),
        )

        filters = QGridLayout()
        for col, (text, widget) in enumerate(
            (
                (self.tr("User"), self.user),
                (self.tr("Record type"), self.record_type),
                (self.tr("Record id"), self.record_id),
                (self.tr("From"), self.since),
                (self.tr("To"), self.until),
            )
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label, 0, col)
            filters.addWidget(widget, 1, col)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        for combo in (self.user, self.record_type):
            combo.currentIndexChanged.connect(self._on_filter_edited)
        self.record_id.textChanged.connect(self._on_filter_edited)
        self.since.dateChanged.connect(self._on_filter_edited)
        self.until.dateChanged.connect(self._on_filter_edited)
        self.resize(1100, 640)
        self.refresh()
        station.preferences.changed.connect(self._on_preference_changed)

    def show_changes(self, changes: Changes) -> None:
        """A change on the station's edge: the entries again if it wrote an audit entry."""
        if changes.names(ChangeKind.AUDIT):
            self.refresh()

    def _on_preference_changed(self, key: str) -> None:
        """Dates follow the station's date format (the main window set it first)."""
        if key == "date_format":
            self.refresh()

    def refresh(self) -> None:
        self.debounce.stop()
        user = self.user.currentData()
        record_id = self.record_id.text().strip()
        try:
            self.entries = audit_trail(
                self.station.db,
                self.station.signed_in(),
                user_id=int(user) if user is not None else None,
                record_type=self.record_type.currentData(),
                record_id=int(record_id) if record_id else None,
                since=day_start(self.since),
                until=day_start(self.until, next_day=True),
            )
        except ServiceError as error:
            self.entries = []
            self.count.setText(str(error))
            return
        try:
            names = audit_record_names(self.station.db, self.station.signed_in(), self.entries)
        except ServiceError:
            names = {}
        rows = []
        for e in self.entries:
            who = self._names.get(e.user_id or 0, e.username or self.tr("Someone"))
            rows.append([date_time(e.at), who, audit_sentence(e, who, names), audit_detail(e)])
        set_rows(self.table, rows, stretch=2)
        self.count.setText(self.tr("%n entries (newest first, at most 500)", "", len(rows)))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.debounce.stop()
        super().closeEvent(event)

    def _on_filter_edited(self, *_args: object) -> None:
        self.debounce.start()
