"""The history window: every session, filtered as the user types (debounced), sortable by every
column, rows fetched as the view scrolls; open a session, a patient, or co-sign."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.services.actors import REVIEWING
from nurse_monitor.services.changes import ChangeKind, Changes
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.history import (
    Choice,
    HistoryFilter,
    HistoryRow,
    history_session_ids,
    nurse_choices,
    treatment_choices,
)
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.review.history_model import Column, HistoryModel
from nurse_monitor.ui.review.review_parts import (
    TOUCH,
    choice_combo,
    cosign_with_comment,
    day_edit,
    day_start,
    touch_button,
)
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.time_format import date_time

SLOW_RESPONSE_CHOICES = (2, 5, 10, 15, 30)  # minutes: choices of ours, not clinical numbers

DEBOUNCE_MS = 300
_COLUMN_WIDTHS = {
    Column.DATE: 146,  # "04 Dec 2026 21:05" whole in the bold high-contrast font
    Column.CHAIR: 68,
    Column.PATIENT: 150,
    Column.RECORD_NUMBER: 104,
    Column.PROTOCOL: 214,  # takes what the others leave (the window's width)
    Column.NURSE: 122,
    Column.DURATION: 68,
    Column.VOLUME: 82,
    Column.NEWS2: 84,
    Column.GRADE: 72,
    Column.STATUS: 128,
    Column.AMENDED: 72,
}


class HistoryWindow(QWidget):
    """Session history for review and export.

    Signals:
        session_opened(int): a session's detail window was opened (its id).
        export_requested(list): PDFs wanted for these session ids (the selection, or every
            session the filter finds when nothing is selected).
    """

    session_opened = Signal(int)
    export_requested = Signal(list)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self._windows: list[QWidget] = []  # detail windows opened from here (kept alive)
        self.setWindowTitle(self.tr("Session history"))
        self.setAccessibleName(self.tr("Session history"))

        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self._on_debounce_timeout)

        self.since = day_edit(self, self.tr("From date"))
        self.until = day_edit(self, self.tr("To date"))
        for edit in (self.since, self.until):
            edit.setMinimumWidth(150)
        self.patient = QLineEdit(self)
        self.patient.setPlaceholderText(self.tr("Name or record number"))
        self.patient.setAccessibleName(self.tr("Patient name or record number"))
        self.patient.setClearButtonEnabled(True)
        self.patient.setMinimumHeight(TOUCH)
        nurses: list[Choice] = []
        treatments: list[Choice] = treatment_choices()
        try:
            nurses = nurse_choices(station.db, station.signed_in())
        except ServiceError as error:
            dialogs.dialogs.error(self, self.tr("Session history"), str(error))
        self.nurse = choice_combo(self, self.tr("Nurse"), nurses, self.tr("Any nurse"))
        self.treatment = choice_combo(
            self, self.tr("Drug or protocol"), treatments, self.tr("Any drug or protocol")
        )
        grades = [
            Choice(str(g), self.tr("Grade %1 or worse").replace("%1", str(g))) for g in range(1, 6)
        ]
        self.grade = choice_combo(
            self, self.tr("Reaction grade at least"), grades, self.tr("Any reaction or none")
        )
        statuses = [
            Choice("in_progress", self.tr("In progress")),
            Choice("ended", self.tr("Ended")),
            Choice("signed", self.tr("Signed")),
            Choice("cosigned", self.tr("Co-signed")),
        ]
        self.status = choice_combo(self, self.tr("Status"), statuses, self.tr("Any status"))
        # Choices of ours (not clinical numbers): alarms whose first response (acknowledged,
        # snoozed or ended) came later than this after the raise.
        slow = [
            Choice(str(m), self.tr("Slower than %1 min").replace("%1", str(m)))
            for m in SLOW_RESPONSE_CHOICES
        ]
        self.alarm_response = choice_combo(
            self, self.tr("Alarm response"), slow, self.tr("Any alarm response")
        )
        self.awaiting = QCheckBox(self.tr("Awaiting co-signature"), self)
        self.awaiting.setAccessibleName(self.tr("Awaiting co-signature only"))
        self.awaiting.setMinimumHeight(TOUCH)

        self.model = HistoryModel(station, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Sessions"))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSortIndicator(Column.DATE, Qt.SortOrder.DescendingOrder)
        for column, width in _COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        # The protocol column gives way, so Status and Amended stay on screen in a 1280 px
        # window (they were past the right edge, behind a horizontal scroll bar).
        header.setSectionResizeMode(Column.PROTOCOL, QHeaderView.ResizeMode.Stretch)

        self.count = QLabel(self)
        self.count.setAccessibleName(self.tr("Number of sessions found"))
        self.open_button = touch_button(self.tr("Open"), self, self.tr("Open session"))
        self.patient_button = touch_button(self.tr("Patient history"), self)
        self.cosign_button = touch_button(self.tr("Co-sign…"), self, self.tr("Co-sign session"))
        self.cosign_button.setVisible(station.signed_in().role in REVIEWING)
        self.refresh_button = touch_button(self.tr("Refresh"), self)
        self.export_button = touch_button(self.tr("Export PDF…"), self, self.tr("Export PDFs"))
        self.export_button.setToolTip(
            self.tr("The selected sessions, or every session the filter finds")
        )
        self.export_button.clicked.connect(self._on_export_clicked)

        first_row = QHBoxLayout()
        for text, widget, stretch in (
            (self.tr("From"), self.since, 0),
            (self.tr("To"), self.until, 0),
            (self.tr("Patient"), self.patient, 2),
            (self.tr("Nurse"), self.nurse, 1),
        ):
            first_row.addLayout(self._field(text, widget), stretch)
        second_row = QHBoxLayout()
        for text, widget, stretch in (
            (self.tr("Drug or protocol"), self.treatment, 2),
            (self.tr("Reaction"), self.grade, 1),
            (self.tr("Status"), self.status, 1),
            (self.tr("Alarm response"), self.alarm_response, 1),
        ):
            second_row.addLayout(self._field(text, widget), stretch)
        awaiting = QVBoxLayout()
        awaiting.addStretch(1)
        awaiting.addWidget(self.awaiting)
        second_row.addLayout(awaiting, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        for button in (
            self.refresh_button,
            self.patient_button,
            self.cosign_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(first_row)
        layout.addLayout(second_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.since.dateChanged.connect(self._on_filter_edited)
        self.until.dateChanged.connect(self._on_filter_edited)
        self.patient.textChanged.connect(self._on_filter_edited)
        for combo in (self.nurse, self.treatment, self.grade, self.status, self.alarm_response):
            combo.currentIndexChanged.connect(self._on_filter_edited)
        self.awaiting.toggled.connect(self._on_filter_edited)
        self.model.loaded.connect(self._on_model_loaded)
        self.model.failed.connect(self._on_model_failed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.patient_button.clicked.connect(self._on_patient_clicked)
        self.cosign_button.clicked.connect(self._on_cosign_clicked)
        self.refresh_button.clicked.connect(self.model.reload)
        self.resize(1340, 720)
        self.model.reload()
        self._on_selection_changed()
        station.preferences.changed.connect(self._on_preference_changed)

    # ----- for the export actions and the main window -----

    def current_filter(self) -> HistoryFilter:
        """The filter as the fields stand now (what the list shows once the debounce fires)."""
        grade = self.grade.currentData()
        nurse = self.nurse.currentData()
        slow = self.alarm_response.currentData()
        return HistoryFilter(
            since=day_start(self.since),
            until=day_start(self.until, next_day=True),
            patient_text=self.patient.text().strip(),
            nurse_id=int(nurse) if nurse is not None else None,
            treatment=self.treatment.currentData() or "",
            min_grade=int(grade) if grade is not None else None,
            status=self.status.currentData() or "",
            awaiting_cosign=self.awaiting.isChecked(),
            slow_response_min=int(slow) if slow is not None else None,
        )

    def selected_rows(self) -> list[HistoryRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows]

    def _on_export_clicked(self) -> None:
        ids = self.selected_session_ids() or history_session_ids(
            self.station.db, self.station.signed_in(), self.current_filter()
        )
        self.export_requested.emit(ids)

    def selected_session_ids(self) -> list[int]:
        """The selected sessions, top to bottom."""
        return [r.session_id for r in self.selected_rows()]

    def apply_filter(self) -> None:
        """Apply the fields now (the debounce calls this; so does Enter)."""
        self.debounce.stop()
        self.model.set_filter(self.current_filter())

    def open_session(self, session_id: int) -> QWidget | None:
        from nurse_monitor.ui.review.session_detail import SessionDetailView

        try:
            view = SessionDetailView(self.station, session_id)
        except ServiceError as error:
            dialogs.dialogs.error(self, self.tr("Session"), str(error))
            return None
        view.cosigned.connect(self.model.reload)
        self._keep(view)
        self.session_opened.emit(session_id)
        return view

    def open_patient(self, patient_id: int) -> QWidget | None:
        from nurse_monitor.ui.review.patient_history import PatientHistoryView

        try:
            view = PatientHistoryView(self.station, patient_id)
        except ServiceError as error:
            dialogs.dialogs.error(self, self.tr("Patient history"), str(error))
            return None
        self._keep(view)
        return view

    def show_changes(self, changes: Changes) -> None:
        """A change on the station's edge: the rows again if it touched any session."""
        if changes.everything or changes.sessions or changes.names(ChangeKind.PATIENT):
            self.model.reload()

    def _on_preference_changed(self, key: str) -> None:
        """Dates follow the station's date format (the main window set it first)."""
        if key == "date_format":
            self.model.reload()

    def detail_windows(self) -> list[QWidget]:
        return list(self._windows)

    # ----- private -----

    def _field(self, text: str, widget: QWidget) -> QVBoxLayout:
        label = QLabel(text, self)
        label.setBuddy(widget)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(label)
        box.addWidget(widget)
        return box

    def _keep(self, window: QWidget) -> None:
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self._windows.append(window)
        window.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.debounce.stop()
        for window in self._windows:
            window.close()
        super().closeEvent(event)

    def _on_filter_edited(self, *_args: object) -> None:
        self.debounce.start()

    def _on_debounce_timeout(self) -> None:
        self.apply_filter()

    def _on_model_loaded(self, total: int) -> None:
        self.count.setText(self.tr("%n session(s)", "", total))
        self._on_selection_changed()

    def _on_model_failed(self, message: str) -> None:
        self.count.setText(message)

    def _on_selection_changed(self, *_args: object) -> None:
        rows = self.selected_rows()
        one = len(rows) == 1
        self.open_button.setEnabled(one)
        self.patient_button.setEnabled(one)
        self.cosign_button.setEnabled(one and rows[0].awaiting_cosign)

    def _on_table_double_clicked(self, index: object) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self.open_session(rows[0].session_id)

    def _on_open_clicked(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self.open_session(rows[0].session_id)

    def _on_patient_clicked(self) -> None:
        rows = self.selected_rows()
        if len(rows) == 1:
            self.open_patient(rows[0].patient_id)

    def _on_cosign_clicked(self) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row = rows[0]
        when = f"{date_time(row.created_at)}, {row.protocol_name}"
        if cosign_with_comment(
            self,
            self.station,
            row.session_id,
            row.version,
            row.patient_name,
            when,
        ):
            self.model.reload()
