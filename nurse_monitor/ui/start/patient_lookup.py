"""Step 1, find the patient: look up what the nurse types or the wristband scanner types.

FindPatientPage is the layout; PatientLookup runs find_patients on it, after a pause in typing or
at the scanner's Enter, and says which patient was chosen. The dialog owns the search timer
(it stops it when it closes) and moves on to the identity check.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.patients import find_patients
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.start.patient_finder import FindPatientPage
from nurse_monitor.ui.station import ActsAtTheStation, Station


class PatientLookup(ActsAtTheStation, QObject):
    """Searches as the nurse types; an exact record number and Enter (a scan) chooses at once.

    Signals:
        chosen(object): the PatientRecord to confirm: an exact scan, or one just registered.
        listed(): the results list was replaced by a search.
        failed(object): the ServiceError find_patients raised; the list is left empty.
    """

    chosen = Signal(object)
    listed = Signal()
    failed = Signal(object)

    def __init__(
        self,
        station: Station,
        page: FindPatientPage,
        search_timer: QTimer,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.station = station  # db and the signed-in user, read at each use
        self.page = page
        self.search_timer = search_timer
        self._found: dict[int, PatientRecord] = {}
        search_timer.timeout.connect(self._on_search_timer_timeout)
        page.search.textEdited.connect(self._on_search_edited)
        page.search.installEventFilter(self)

    def chosen_patient(self) -> PatientRecord | None:
        """The patient of the current row in the results, if any."""
        chosen = self.page.chosen_patient_id()
        return self._found[chosen] if chosen is not None else None

    def show_registered(self, patient: PatientRecord) -> None:
        """A patient just registered is listed as if scanned, and chosen."""
        self.page.search.setText(patient.record_number)
        self._found = {patient.id: patient}
        self.page.show_patients([patient], patient.record_number)
        self.chosen.emit(patient)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter in the search looks the scan up; Down goes from the search to the results.
        Consumed here, so the key never reaches keyPressEvent after the focus has moved."""
        if (
            watched is self.page.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._on_search_return_pressed()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.page.results.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _on_search_edited(self, _text: str) -> None:
        self.search_timer.start()

    def _on_search_timer_timeout(self) -> None:
        self._search(self.page.search.text())

    def _search(self, text: str) -> list[PatientRecord]:
        found: list[PatientRecord] = []
        if text.strip():
            try:
                found = find_patients(self.db, self.actor, text)
            except ServiceError as exc:
                self.failed.emit(exc)
        self._found = {p.id: p for p in found}
        self.page.show_patients(found, text)
        self.listed.emit()
        return found

    def _on_search_return_pressed(self) -> None:
        """A wristband scan (or typed number) and Enter: an exact record number moves on."""
        self.search_timer.stop()
        text = self.page.search.text().strip()
        found = self._search(text)
        exact = [p for p in found if p.record_number.casefold() == text.casefold()]
        if len(exact) == 1:
            self.chosen.emit(exact[0])
        else:
            self.page.search.selectAll()  # the next scan replaces it
