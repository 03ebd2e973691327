"""Starting a session, steps 2 to 4: the protocol offered for the patient (with what changed
since their last session and any delayed reaction carried over), the drug details prefilled from
it, and the start itself through the station's change edge; a refusal takes the nurse to the
page holding the refused field. `StartSessionDialog` (start/start_session_dialog.py) builds on
it with the pages, the navigation and finding the patient.

Signals:
    session_started(int): the new session's id, once begin_session committed it.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog

from nurse_monitor.clock import local_date
from nurse_monitor.services.action_ids import RecordedEarlier
from nurse_monitor.services.chair_occupancy import chairs_in_use
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
from nurse_monitor.ui.start.drug_details import DrugDetailsPage
from nurse_monitor.ui.start.form_fields import parse_day
from nurse_monitor.ui.start.identity_check import IdentityPage
from nurse_monitor.ui.start.protocol_review import ProtocolPage
from nurse_monitor.ui.station import ActsAtTheStation


class Page(IntEnum):
    FIND = 0
    REGISTER = 1
    IDENTITY = 2
    PROTOCOL = 3
    DRUG = 4


STEP_OF_PAGE = {Page.FIND: 0, Page.REGISTER: 0, Page.IDENTITY: 1, Page.PROTOCOL: 2, Page.DRUG: 3}


class ProtocolAndDrugSteps(ActsAtTheStation, QDialog):
    """Steps 2 to 4 of the start dialog: protocol options, drug details, the start."""

    session_started = Signal(int)

    _patient: PatientRecord | None
    _options: ProtocolOptions | None
    _prefilled_protocol: str | None
    identity: IdentityPage
    protocol_page: ProtocolPage
    details: DrugDetailsPage

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
        # The station's change edge, as whoever is signed in now: one refusal, one change.
        done, outcome = self.station.perform(begin_session, begin, origin=self)
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

    # The dialog's own (StartSessionDialog) ----------------------------------------------------

    def _go_to(self, page: Page) -> None:
        raise NotImplementedError

    def _update_buttons(self) -> None:
        raise NotImplementedError

    def _report(self, exc: ServiceError) -> None:
        raise NotImplementedError
