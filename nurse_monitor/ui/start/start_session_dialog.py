"""Start a session: find the patient, confirm two identifiers, choose the protocol, check the drug.

The pages are layout only. PatientLookup finds the patient and PatientRegistration registers a
new one; this dialog holds the rest of the behaviour: the steps and the keys. The protocol, the
drug details and the start itself are `ProtocolAndDrugSteps` (start/protocol_and_drug.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.protocol_library import protocol_library
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_start import (
    ProtocolOptions,
)
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.start.drug_details import DrugDetailsPage
from nurse_monitor.ui.start.form_fields import STYLE, button
from nurse_monitor.ui.start.identity_check import IdentityPage
from nurse_monitor.ui.start.patient_finder import FindPatientPage
from nurse_monitor.ui.start.patient_lookup import PatientLookup
from nurse_monitor.ui.start.patient_registration import PatientRegistration, RegistrationPage
from nurse_monitor.ui.start.protocol_and_drug import STEP_OF_PAGE, Page, ProtocolAndDrugSteps
from nurse_monitor.ui.start.protocol_review import ProtocolPage
from nurse_monitor.ui.start.start_header import StartHeader
from nurse_monitor.ui.station import Station

DEFAULT_CHAIRS = tuple(f"Chair {n}" for n in range(1, 9))


class StartSessionDialog(ProtocolAndDrugSteps):
    """The guided start of a session at the chair; keyboard first, scanner friendly.

    Signals:
        session_started(int): the new session's id, once begin_session has committed it;
            the dialog then accepts.
    """

    SEARCH_DELAY_MS = 250

    def __init__(
        self,
        station: Station,
        parent: QWidget | None = None,
        chairs: Sequence[str] = DEFAULT_CHAIRS,
    ) -> None:
        super().__init__(parent)
        self.station = station  # db, clock and the signed-in user, read at each use
        self._patient: PatientRecord | None = None
        self._options: ProtocolOptions | None = None
        self._prefilled_protocol: str | None = None
        self.setWindowTitle(self.tr("Start a session"))
        self.setAccessibleName(self.tr("Start a session"))
        self.setStyleSheet(STYLE)
        self.resize(900, 640)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(self.SEARCH_DELAY_MS)
        self._build(chairs)
        self._connect()
        self._go_to(Page.FIND)

    # Layout ------------------------------------------------------------------------------

    def _build(self, chairs: Sequence[str]) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        self.header = StartHeader(self)
        layout.addWidget(self.header)
        self.pages = QStackedWidget(self)
        self.finder = FindPatientPage(self.pages)
        self.lookup = PatientLookup(self.station, self.finder, self.search_timer, self)
        self.registration = RegistrationPage(self.pages)
        self.registration_flow = PatientRegistration(self.station, self.registration, self)
        self.identity = IdentityPage(self.pages)
        self.protocol_page = ProtocolPage(protocol_library(), self.pages)
        self.protocol_page.compare_versions = self._compare_versions
        self.details = DrugDetailsPage(chairs, self.pages)
        self.details.scanner.stand_in = self.station.preferences.scanner_gs_stand_in
        self.details.today = lambda: self.clock.now().astimezone().date()
        for page in (
            self.finder,
            self.registration,
            self.identity,
            self.protocol_page,
            self.details,
        ):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)
        bar = QHBoxLayout()
        self.cancel_button = button(self, self.tr("Cancel"), self.tr("Cancel"))
        self.back_button = button(self, self.tr("Back"), self.tr("Back"))
        self.next_button = button(self, self.tr("Next"), self.tr("Next"), primary=True)
        self.register_button = button(
            self, self.tr("Register patient"), self.tr("Register patient"), primary=True
        )
        self.start_button = button(
            self, self.tr("Start session"), self.tr("Start session"), primary=True
        )
        bar.addWidget(self.cancel_button)
        bar.addStretch(1)
        for pushed in (self.back_button, self.next_button, self.register_button):
            bar.addWidget(pushed)
        bar.addWidget(self.start_button)
        layout.addLayout(bar)

    def _connect(self) -> None:
        self.lookup.chosen.connect(self._choose_patient)
        self.lookup.listed.connect(self._update_buttons)
        self.lookup.failed.connect(self._report)
        self.finder.results.itemDoubleClicked.connect(self._on_results_double_clicked)
        for watched in (self.finder.results, self.identity.date_of_birth):
            watched.installEventFilter(self)
        self.finder.results.currentItemChanged.connect(self._update_buttons)
        self.finder.register_button.clicked.connect(self._on_register_new_clicked)
        self.registration_flow.registered.connect(self.lookup.show_registered)
        self.protocol_page.drug.currentIndexChanged.connect(self._on_drug_changed)
        self.protocol_page.protocol.currentIndexChanged.connect(self._on_protocol_changed)
        self.protocol_page.early_dose.changed.connect(self._update_buttons)
        self.details.bag_volume.textEdited.connect(self._on_bag_volume_edited)
        self.cancel_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(self._on_back_clicked)
        self.next_button.clicked.connect(self._on_next_clicked)
        self.register_button.clicked.connect(self.registration_flow.submit)
        self.start_button.clicked.connect(self._on_start_clicked)
        self.details.chair.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

    # Navigation ----------------------------------------------------------------------------

    def current_page(self) -> Page:
        return Page(self.pages.currentIndex())

    def _go_to(self, page: Page) -> None:
        self.pages.setCurrentIndex(page)
        self.header.show_step(STEP_OF_PAGE[page])
        identified = page in (Page.PROTOCOL, Page.DRUG)
        self.header.show_patient(self._patient if identified else None)
        self._update_buttons()
        focus = {
            Page.FIND: self.finder.search,
            Page.REGISTER: self.registration.record_number,
            Page.IDENTITY: self.identity.family_name,
            Page.PROTOCOL: self.protocol_page.protocol,
            Page.DRUG: self.details.first_empty_field(),
        }[page]
        if page is Page.PROTOCOL and not self.protocol_page.protocol.isEnabled():
            focus = self.protocol_page.drug
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        page = self.current_page()
        self.back_button.setEnabled(page is not Page.FIND)
        self.next_button.setVisible(page in (Page.FIND, Page.IDENTITY, Page.PROTOCOL))
        self.register_button.setVisible(page is Page.REGISTER)
        self.start_button.setVisible(page is Page.DRUG)
        if page is Page.FIND:
            self.next_button.setEnabled(self.finder.chosen_patient_id() is not None)
        elif page is Page.PROTOCOL:
            options = self._options
            self.next_button.setEnabled(
                options is not None
                and options.suggestion.refused_reason is None
                and self.protocol_page.chosen_protocol_id() is not None
                and self.protocol_page.early_dose.complete()  # too early: reason + prescriber
            )
        else:
            self.next_button.setEnabled(True)

    def _on_back_clicked(self) -> None:
        back = {
            Page.REGISTER: Page.FIND,
            Page.IDENTITY: Page.FIND,
            Page.PROTOCOL: Page.IDENTITY,
            Page.DRUG: Page.PROTOCOL,
        }
        page = self.current_page()
        if page in back:
            self._go_to(back[page])

    def _on_next_clicked(self) -> None:
        page = self.current_page()
        if page is Page.FIND:
            patient = self.lookup.chosen_patient()
            if patient is not None:
                self._choose_patient(patient)
        elif page is Page.IDENTITY:
            assert self._patient is not None
            if self.identity.confirm(self._patient) and self._load_protocol_options():
                self._go_to(Page.PROTOCOL)
        elif page is Page.PROTOCOL and self.next_button.isEnabled():
            self._prefill_drug_details()
            self.details.show_chairs(self._chairs_in_use())
            self._go_to(Page.DRUG)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter on a result or the stated date of birth moves on (PatientLookup takes the
        search's keys). Consumed here, so the key never reaches keyPressEvent after the focus
        has moved."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and watched in (self.finder.results, self.identity.date_of_birth):
                self._on_next_clicked()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter never presses a button the nurse cannot see focused: it clicks the focused
        button, or moves from a field to the next one."""
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        focused = self.focusWidget()
        if isinstance(focused, QPushButton):
            if focused.isEnabled():
                focused.click()
        elif isinstance(focused, QLineEdit):
            self.focusNextChild()
        event.accept()

    def done(self, result: int) -> None:
        self.search_timer.stop()
        super().done(result)

    def hideEvent(self, event: QHideEvent) -> None:
        self.search_timer.stop()
        super().hideEvent(event)

    def _report(self, exc: ServiceError) -> None:
        dialogs.dialogs.error(self, self.tr("Start a session"), str(exc))

    # Step 1: find or register --------------------------------------------------------------

    def _on_results_double_clicked(self) -> None:
        self._on_next_clicked()

    def _choose_patient(self, patient: PatientRecord) -> None:
        if self._patient is None or self._patient.id != patient.id:
            self.identity.clear_answers()
            self._options = None
            self._prefilled_protocol = None
            weight = patient.weight_kg
            self.details.weight.setText(f"{weight:g}" if weight is not None else "")
        self._patient = patient
        self.identity.show_record_number(patient.record_number)
        self._go_to(Page.IDENTITY)

    def _on_register_new_clicked(self) -> None:
        self.search_timer.stop()
        self.registration_flow.prepare(self.finder.search.text())
        self._go_to(Page.REGISTER)
