"""Steps before the start: IV access, premedications with their timing, drug verification."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.checklist import Step
from nurse_monitor.domain.protocols import Route
from nurse_monitor.domain.vial_barcode import (
    BarcodeError,
    VialBarcode,
    looks_like_gs1,
    parse_vial_barcode,
    vial_refusal,
)
from nurse_monitor.services import chair_actions
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.ui.form_parts import (
    TOUCH,
    error_line,
    moment_from,
    show_error,
    time_edit,
    touch_button,
)
from nurse_monitor.ui.scan_field import ScannerKeys
from nurse_monitor.ui.time_format import clock_time, countdown
from nurse_monitor.ui.workspace.chair_controller import ChairController

SITES = ("forearm", "hand (dorsal)", "antecubital fossa", "upper arm", "wrist")
ROUTES = ("IV", "PO", "SC")


def _combo(
    parent: QWidget, items: tuple[str, ...], accessible: str, editable: bool = False
) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItems(list(items))
    combo.setEditable(editable)
    combo.setMinimumHeight(TOUCH)
    combo.setAccessibleName(accessible)
    return combo


def _line(parent: QWidget, accessible: str, text: str = "") -> QLineEdit:
    edit = QLineEdit(text, parent)
    edit.setMinimumHeight(TOUCH)
    edit.setAccessibleName(accessible)
    return edit


class IvAccessForm(QWidget):
    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName(self.tr("IV access"))
        self.site = _combo(self, SITES, self.tr("Site"), editable=True)
        self.side = _combo(self, ("left", "right"), self.tr("Side"))
        self.gauge = _combo(self, ("22", "20", "24", "18", "16", "14"), self.tr("Gauge"))
        self.attempts = QSpinBox(self)
        self.attempts.setRange(1, 10)
        self.attempts.setMinimumHeight(TOUCH)
        self.attempts.setAccessibleName(self.tr("Attempts"))
        self._offered_placer = controller.actor.signature
        self.placed_by = _line(self, self.tr("Placed by"), self._offered_placer)
        controller.station.actor_changed.connect(self._on_station_actor_changed)
        self.note = QLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("&Site"), self.site)
        form.addRow(self.tr("Si&de"), self.side)
        form.addRow(self.tr("&Gauge"), self.gauge)
        form.addRow(self.tr("&Attempts"), self.attempts)
        form.addRow(self.tr("&Placed by"), self.placed_by)
        self.record = touch_button(self.tr("Record IV access"), self)
        self.record.clicked.connect(self._on_record_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>IV access</b> (peripheral cannula)"), self))
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addWidget(self.record)
        layout.addStretch(1)
        needed = controller.view.protocol.route is Route.INTRAVENOUS
        if not needed:
            self.note.setText(self.tr("Not needed: this protocol is given subcutaneously."))
        self.record.setEnabled(needed)

    def show_view(self, view: ChairView, now: datetime) -> None:
        pass

    def _on_station_actor_changed(self, actor: Actor | None) -> None:
        """Another nurse took over: "Placed by" offers them, unless a name was typed there."""
        if actor is not None and self.placed_by.text() == self._offered_placer:
            self._offered_placer = actor.signature
            self.placed_by.setText(actor.signature)

    def _on_record_clicked(self) -> None:
        self.controller.perform(
            chair_actions.record_iv_access,
            site=self.site.currentText(),
            side=self.side.currentText(),
            gauge=int(self.gauge.currentText()),
            attempts=self.attempts.value(),
            placed_by=self.placed_by.text(),
        )


class PremedicationForm(QWidget):
    """The protocol's premedications with a countdown to the earliest allowed start."""

    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName(self.tr("Premedications"))
        view = controller.view
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Premedication status"))
        names: list[str] = []
        for item in view.protocol.premedications:
            names.extend(item.drugs or (item.name,))
        self.drug = _combo(self, tuple(names), self.tr("Drug"), editable=True)
        self.dose = _line(self, self.tr("Dose"))
        self.route = _combo(self, ROUTES, self.tr("Route"))
        self.given_at = time_edit(self, controller.clock.now(), self.tr("Time given"))
        # A drug outside the protocol's lists: its class, and the reason it stands in.
        classes = tuple(dict.fromkeys(item.class_name for item in view.protocol.premedications))
        self.drug_class = _combo(self, ("", *classes), self.tr("Class"), editable=True)
        self.reason = _line(self, self.tr("Reason for a drug not on the list"))
        self.drug.currentTextChanged.connect(self._on_drug_current_text_changed)
        form = QFormLayout()
        form.addRow(self.tr("&Drug"), self.drug)
        form.addRow(self.tr("D&ose"), self.dose)
        form.addRow(self.tr("&Route"), self.route)
        form.addRow(self.tr("&Time given"), self.given_at)
        form.addRow(self.tr("&Class (drug not on the list)"), self.drug_class)
        form.addRow(self.tr("R&eason (drug not on the list)"), self.reason)
        self.record = touch_button(self.tr("Record premedication"), self)
        self.record.clicked.connect(self._on_record_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Premedications</b>"), self))
        layout.addWidget(self.status)
        layout.addLayout(form)
        layout.addWidget(self.record)
        layout.addStretch(1)
        self._on_drug_current_text_changed(self.drug.currentText())
        self.show_view(view, view.now)

    def show_view(self, view: ChairView, now: datetime) -> None:
        lines = []
        for p in view.checklist.premedications:
            need = "" if p.required else self.tr(" (optional)")
            if p.given_at is None:
                lines.append(f"○ {p.item.name}{need}: {self.tr('not given')} — {p.item.note}")
                continue
            line = f"✓ {p.item.name}{need}: {self.tr('given')} {clock_time(p.given_at)}"
            if p.start_allowed_from and view.status.started_at is None:
                line += (
                    self.tr("; start allowed from %1 (%2)")
                    .replace("%1", clock_time(p.start_allowed_from))
                    .replace("%2", countdown(p.start_allowed_from, now))
                )
            if p.window_passed_at and view.status.started_at is None and now > p.window_passed_at:
                line += self.tr(" ⚠ window passed")
            lines.append(line)
        earliest = view.checklist.earliest_start_at
        if earliest and view.status.started_at is None:
            lines.append(
                self.tr("Earliest start: %1, %2")
                .replace("%1", clock_time(earliest))
                .replace("%2", countdown(earliest, now))
            )
        self.status.setText("\n".join(lines))

    def _on_drug_current_text_changed(self, drug: str) -> None:
        listed = any(i.listed(drug) for i in self.controller.view.protocol.premedications)
        self.drug_class.setEnabled(not listed)
        self.reason.setEnabled(not listed)
        for item in self.controller.view.protocol.premedications:
            if item.listed(drug):
                self.dose.setText(f"{item.dose_mg:g} mg" if item.dose_mg else "")
                route = {"intravenous": "IV", "oral": "PO", "subcutaneous": "SC"}.get(
                    item.route.value, "IV"
                )
                self.route.setCurrentText(route)

    def _on_record_clicked(self) -> None:
        now = self.controller.clock.now()
        if self.controller.perform(
            chair_actions.record_premedication,
            drug=self.drug.currentText(),
            dose=self.dose.text(),
            route=self.route.currentText(),
            given_at=moment_from(self.given_at, now),
            drug_class=self.drug_class.currentText() if self.drug_class.isEnabled() else "",
            reason=self.reason.text() if self.reason.isEnabled() else "",
        ):
            self.drug.setCurrentIndex(min(self.drug.currentIndex() + 1, self.drug.count() - 1))
            self.given_at.follow_again(self.controller.clock.now())


class DrugVerificationForm(QWidget):
    """The bag at the chair checked against the session: patient, drug, dose, lot, expiry."""

    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName(self.tr("Drug verification"))
        view = controller.view
        s = view.session
        # Independent verification: the lot and expiry on record are not shown before the nurse
        # has read them off the bag; the service compares them and says only whether they match.
        summary = QLabel(
            self.tr(
                "Check the bag label against: <b>%1</b> (%2) — %3 %4 mg. Read the lot and the "
                "expiry off the bag (or scan it): they are compared with what was recorded when "
                "the vial was prepared."
            )
            .replace("%1", view.patient.display_name)
            .replace("%2", view.patient.record_number)
            .replace("%3", view.protocol.brand)
            .replace("%4", f"{s.dose_mg:g}"),
            self,
        )
        summary.setWordWrap(True)
        self.lot = _line(self, self.tr("Lot on the bag"))
        self.lot.setPlaceholderText(self.tr("Scan the vial's code, or type the lot"))
        preferences = controller.station.preferences  # keeps the GS a GS1 scanner types:
        self.scanner = ScannerKeys(self.lot, preferences.scanner_gs_stand_in)
        self.scanned: VialBarcode | None = None
        self.expiry = QDateEdit(self)
        self.expiry.setCalendarPopup(True)
        self.expiry.setDisplayFormat("dd MMM yyyy")
        self.expiry.setMinimumHeight(TOUCH)
        self.expiry.setAccessibleName(self.tr("Expiry on the bag"))
        today = controller.clock.now().astimezone().date()
        self.expiry.setDate(QDate(today.year, today.month, today.day))
        form = QFormLayout()
        form.addRow(self.tr("&Lot"), self.lot)
        form.addRow(self.tr("&Expiry"), self.expiry)
        self.record = touch_button(
            self.tr("Verified: record"), self, self.tr("Record drug verification")
        )
        self.record.clicked.connect(self._on_record_clicked)
        self.lot.returnPressed.connect(self._on_lot_return_pressed)
        self.lot.textEdited.connect(self._on_lot_text_edited)
        self.scan_result = QLabel(self)
        self.scan_result.setWordWrap(True)
        self.scan_result.setAccessibleName(self.tr("Scanned vial"))
        self.scan_error = error_line(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Drug verification</b>"), self))
        layout.addWidget(summary)
        layout.addLayout(form)
        layout.addWidget(self.scan_result)
        layout.addWidget(self.scan_error)
        layout.addWidget(self.record)
        self.outcome = QLabel(self)
        self.outcome.setWordWrap(True)
        self.outcome.setAccessibleName(self.tr("Drug verification result"))
        layout.addWidget(self.outcome)
        layout.addStretch(1)

    def show_view(self, view: ChairView, now: datetime) -> None:
        """Once verified, what was matched: the record's lot and expiry, shown only now."""
        s = view.session
        done = view.checklist.step(Step.DRUG_VERIFICATION).done
        self.outcome.setText(
            self.tr("✓ Matches the record: lot %1, expires %2.")
            .replace("%1", s.lot_number or "?")
            .replace("%2", f"{s.lot_expiry:%d %b %Y}" if s.lot_expiry else "?")
            if done
            else ""
        )

    def _on_lot_return_pressed(self) -> None:
        """A scan fills lot and expiry (and says what it read); a typed lot moves to expiry."""
        text = self.scanner.code()
        if not looks_like_gs1(text):
            self.expiry.setFocus()
            return
        show_error(self.scan_error, "", "")
        self.scanned = None
        self.scan_result.clear()
        try:
            vial = parse_vial_barcode(text)
        except BarcodeError as exc:
            self.lot.clear()
            show_error(self.scan_error, self.tr("Scan"), str(exc))
            return
        view = self.controller.view
        self.lot.setText(vial.lot or "")
        if vial.expiry is not None:
            self.expiry.setDate(QDate(vial.expiry.year, vial.expiry.month, vial.expiry.day))
        today = self.controller.clock.now().astimezone().date()
        refusal = vial_refusal(vial, view.protocol.brand, view.protocol.product_gtins, today)
        if refusal is not None:
            show_error(self.scan_error, self.tr("Scan"), refusal)
            return
        self.scanned = vial
        unchecked = (
            ""
            if view.protocol.product_gtins
            else self.tr(" This protocol lists no product code: read the drug name off the label.")
        )
        self.scan_result.setText(
            self.tr("Scanned: product %1, serial %2.%3")
            .replace("%1", vial.gtin)
            .replace("%2", vial.serial or self.tr("none"))
            .replace("%3", unchecked)
        )
        self.record.setFocus()

    def _on_lot_text_edited(self) -> None:
        """Typing over a scan makes it a typed lot again."""
        self.scanned = None
        self.scan_result.clear()

    def _on_record_clicked(self) -> None:
        self.controller.perform(
            chair_actions.verify_drug,
            lot_number=self.lot.text(),
            expiry=self.expiry.date().toPython(),
            scanned=self.scanned,
        )
