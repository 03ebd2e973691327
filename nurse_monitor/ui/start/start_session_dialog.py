"""Start a session: find the patient, confirm two identifiers, choose the protocol, check the drug.

The pages are layout only. PatientLookup finds the patient and PatientRegistration registers a
new one; this dialog holds the rest of the behaviour: the steps, the keys and the start itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.clock import Clock, local_date
from nurse_monitor.services.action_ids import RecordedEarlier
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_occupancy import chairs_in_use
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, ServiceError
from nurse_monitor.services.protocol_library import protocol_library
from nurse_monitor.services.protocol_versions import VersionComparison, compare_with_previous
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_start import (
    BeginSession,
    ProtocolOptions,
    begin_session,
    protocol_options,
)
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.start.drug_details import DrugDetailsPage
from nurse_monitor.ui.start.form_fields import STYLE, button, parse_day
from nurse_monitor.ui.start.identity_check import IdentityPage
from nurse_monitor.ui.start.patient_finder import FindPatientPage
from nurse_monitor.ui.start.patient_lookup import PatientLookup
from nurse_monitor.ui.start.patient_registration import PatientRegistration, RegistrationPage
from nurse_monitor.ui.start.protocol_review import ProtocolPage
from nurse_monitor.ui.start.start_header import StartHeader
from nurse_monitor.ui.station import StationOps

DEFAULT_CHAIRS = tuple(f"Chair {n}" for n in range(1, 9))


class Page(IntEnum):
    FIND = 0
    REGISTER = 1
    IDENTITY = 2
    PROTOCOL = 3
    DRUG = 4


STEP_OF_PAGE = {Page.FIND: 0, Page.REGISTER: 0, Page.IDENTITY: 1, Page.PROTOCOL: 2, Page.DRUG: 3}


class StartSessionDialog(QDialog):
    """The guided start of a session at the chair; keyboard first, scanner friendly.

    Signals:
        session_started(int): the new session's id, once begin_session has committed it;
            the dialog then accepts.
    """

    session_started = Signal(int)
    SEARCH_DELAY_MS = 250

    def __init__(
        self,
        db: Database,
        actor: Actor,
        clock: Clock,
        parent: QWidget | None = None,
        chairs: Sequence[str] = DEFAULT_CHAIRS,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.clock = clock
        self.ops: StationOps | None = None  # the station's change edge, when opened from one
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
        self.lookup = PatientLookup(self.db, self.actor, self.finder, self.search_timer, self)
        self.registration = RegistrationPage(self.pages)
        self.registration_flow = PatientRegistration(self.db, self.actor, self.registration, self)
        self.identity = IdentityPage(self.pages)
        self.protocol_page = ProtocolPage(protocol_library(), self.pages)
        self.protocol_page.compare_versions = self._compare_versions
        self.details = DrugDetailsPage(chairs, self.pages)
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

    # Step 2 and 3: identity and protocol ---------------------------------------------------

    def _load_protocol_options(self) -> bool:
        assert self._patient is not None
        drug = self.protocol_page.chosen_drug()
        try:
            options = protocol_options(self.db, self.actor, self._patient.id, drug)
        except ServiceError as exc:
            self._report(exc)
            return False
        self._options = options
        self.protocol_page.show_options(options, local_date(self.clock.now()))
        self.protocol_page.show_delayed(self._delayed_lines(options))
        self._update_buttons()
        return True

    def _delayed_lines(self, options: ProtocolOptions) -> list[str]:
        """Delayed reactions the last follow-up call found, for the protocol review."""
        from nurse_monitor.services.follow_up_carry import delayed_reactions_since_last

        assert self._patient is not None
        chosen = options.suggestion.protocol_id
        if chosen is None or chosen not in self.protocol_page.library:
            return []
        try:
            carry = delayed_reactions_since_last(
                self.db, self.actor, self._patient.id, self.protocol_page.library[chosen]
            )
        except ServiceError:
            return []
        if carry is None:
            return []
        return [carry.screening_line, *(f"Suggestion: {s}" for s in carry.suggestions)]

    def _compare_versions(self, protocol_id: str) -> VersionComparison | None:
        if self._patient is None:
            return None
        try:
            return compare_with_previous(self.db, self.actor, self._patient.id, protocol_id)
        except ServiceError as exc:
            self._report(exc)
            return None

    def _on_drug_changed(self) -> None:
        if self._patient is not None:
            self._load_protocol_options()

    def _on_protocol_changed(self) -> None:
        self.protocol_page.errors.clear()
        self.protocol_page.show_source()
        self._update_buttons()

    # Step 4: drug details and the start ----------------------------------------------------

    def _prefill_drug_details(self) -> None:
        """Dose and bag from the chosen protocol; kept as typed while the protocol is the same."""
        chosen = self.protocol_page.chosen_protocol_id()
        if chosen is None or self._patient is None or self._options is None:
            return
        prot = protocol_library()[chosen]
        if chosen != self._prefilled_protocol:
            previous = self._prefilled_protocol
            self.details.prefill_for(prot, protocol_library()[previous] if previous else None)
            self._prefilled_protocol = chosen
        self.details.summary.setText(
            self.tr("%1 · infusion %2")
            .replace("%1", prot.display_name)
            .replace("%2", str(self._options.suggestion.infusion_number))
        )

    def _chairs_in_use(self) -> dict[str, str]:
        try:
            return {c.chair: c.patient for c in chairs_in_use(self.db, self.actor)}
        except ServiceError as exc:
            self._report(exc)
            return {}

    def _on_bag_volume_edited(self) -> None:
        """A changed volume has not been read against the label yet."""
        self.details.bag_confirmed.setChecked(False)

    def _on_start_clicked(self) -> None:
        self.identity.errors.clear()
        self.protocol_page.errors.clear()
        entry = self.details.read_entry()
        stated = parse_day(self.identity.date_of_birth.text())
        options, chosen = self._options, self.protocol_page.chosen_protocol_id()
        if stated is None and self._patient is not None:
            self._go_to(Page.IDENTITY)
            self.identity.confirm(self._patient)
            return
        if entry is None or stated is None or options is None or chosen is None:
            return
        assert self._patient is not None
        begin = BeginSession(
            patient_id=self._patient.id,
            stated_family_name=self.identity.family_name.text(),
            stated_date_of_birth=stated,
            protocol_id=chosen,
            infusion_number=options.suggestion.infusion_number or 0,
            chair=entry.chair,
            dose_mg=entry.dose_mg,
            bag_volume_ml=entry.bag_volume_ml,
            lot_number=entry.lot_number,
            lot_expiry=entry.lot_expiry,
            weight_kg=entry.weight_kg,
            early_dose_reason=self.protocol_page.early_dose.values()[0],
            early_dose_prescriber=self.protocol_page.early_dose.values()[1],
        )
        if self.ops is not None:  # the station's change edge: one refusal, one change
            done, outcome = self.ops.perform(begin_session, self.actor, begin, origin=self)
            if not done:
                if outcome.field:
                    self._show_refusal(InvalidInput(outcome.field, outcome.message))
                else:
                    self._report(ServiceError(outcome.message))
                return
            if isinstance(outcome, RecordedEarlier):  # begun on an attempt whose answer was lost
                self._started_earlier(outcome.session_id)
                return
            record = outcome
        else:
            try:
                record = begin_session(self.db, self.actor, begin)
            except InvalidInput as exc:
                self._show_refusal(exc)
                return
            except ServiceError as exc:
                self._report(exc)
                return
        self.session_started.emit(record.id)
        self.accept()

    def _started_earlier(self, session_id: int | None) -> None:
        if session_id is not None:
            self.session_started.emit(session_id)
        self.accept()

    def _show_refusal(self, exc: InvalidInput) -> None:
        """Take the nurse to the page holding the refused field; nothing typed is lost."""
        if exc.field == "Identity":
            self._go_to(Page.IDENTITY)
            self.identity.errors.show("Identity", exc.detail[:1].upper() + exc.detail[1:])
        elif self.protocol_page.errors.knows(exc.field):
            self._go_to(Page.PROTOCOL)
            self.protocol_page.errors.show(exc.field, str(exc))
        elif not self.details.errors.show(exc.field, str(exc)):
            self._report(exc)
