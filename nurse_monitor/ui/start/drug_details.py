"""Step 4, drug details: dose, lot and expiry from the vial, the bag volume read off the label,
weight and chair. Layout only; StartSessionDialog reads it and calls begin_session."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.vial_barcode import (
    BarcodeError,
    looks_like_gs1,
    parse_vial_barcode,
    vial_refusal,
)
from nurse_monitor.ui.scan_field import ScannerKeys
from nurse_monitor.ui.start.form_fields import (
    TOUCH,
    FieldErrors,
    combo_box,
    date_edit,
    error_label,
    field_block,
    line_edit,
    parse_day,
    parse_number,
    restyle,
    small_print,
)


@dataclass(frozen=True)
class DrugEntry:
    """The drug details as typed, read into numbers and dates."""

    dose_mg: float
    lot_number: str
    lot_expiry: date
    bag_volume_ml: float
    weight_kg: float | None
    chair: str


class DrugDetailsPage(QWidget):
    """The vial and bag in hand; `errors` holds the inline message for each service field."""

    def __init__(self, chairs: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.summary = QLabel(self)
        self.summary.setAccessibleName(self.tr("Patient and protocol"))
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(8)
        grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addLayout(grid)
        layout.addStretch(1)

        self.dose = line_edit(self, self.tr("Dose in milligrams"), self.tr("mg"))
        self.lot = line_edit(self, self.tr("Lot number"), self.tr("scan the vial, or type"))
        self.scanner = ScannerKeys(self.lot)  # keeps the GS a GS1 scanner types
        self.lot.returnPressed.connect(self._on_lot_return_pressed)
        self._protocol: Protocol | None = None
        self.today: Callable[[], date] = date.today  # the dialog hands in its clock's local date
        self.expiry = date_edit(self, self.tr("Vial expiry date"))
        self.bag_volume = line_edit(self, self.tr("Bag volume in millilitres"), self.tr("mL"))
        self.bag_confirmed = QCheckBox(self.tr("Volume confirmed against the bag label"), self)
        self.bag_confirmed.setAccessibleName(self.tr("Bag volume confirmed against the bag label"))
        self.bag_confirmed.setMinimumHeight(TOUCH)
        self.weight = line_edit(self, self.tr("Weight in kilograms"), self.tr("kg"))
        self.chair = combo_box(self, self.tr("Chair"))
        self.chair.setEditable(True)
        self.chairs = tuple(chairs)
        self.show_chairs({})
        line = self.chair.lineEdit()
        if line is not None:
            line.setAccessibleName(self.tr("Chair"))

        def block(field: str, title: str, widget: QWidget, hint: str | QLabel = "") -> QWidget:
            error = error_label(self, self.tr("%1 error").replace("%1", title))
            self.errors.add(field, widget, error)
            return field_block(self, title, widget, error, hint)

        self.dose_hint = small_print(self, "", self.tr("Dose hint"))
        grid.addWidget(block("Dose", self.tr("Dose (mg)"), self.dose, self.dose_hint), 0, 0)
        grid.addWidget(block("Weight", self.tr("Weight (kg)"), self.weight), 0, 1)
        grid.addWidget(block("Lot", self.tr("Lot number"), self.lot), 1, 0)
        grid.addWidget(block("Expiry", self.tr("Expiry date"), self.expiry), 1, 1)
        bag = block(
            "Bag volume",
            self.tr("Bag volume (mL)"),
            self.bag_volume,
            self.tr("Total in the bag, including the drug volume."),
        )
        grid.addWidget(bag, 2, 0)
        grid.addWidget(block("Bag label", self.tr("Bag label"), self.bag_confirmed), 2, 1)
        grid.addWidget(block("Chair", self.tr("Chair"), self.chair), 3, 0)

        for first, second in (
            (self.dose, self.weight),
            (self.weight, self.lot),
            (self.lot, self.expiry),
            (self.expiry, self.bag_volume),
            (self.bag_volume, self.bag_confirmed),
            (self.bag_confirmed, self.chair),
        ):
            self.setTabOrder(first, second)

    def prefill_for(self, protocol: Protocol, previous: Protocol | None) -> None:
        """Dose and bag volume from the protocol: a fixed dose is read-only, others are typed.
        Another drug means another vial, so its lot and expiry are cleared too."""
        self.errors.clear()
        self._protocol = protocol
        fixed = protocol.dose_mg is not None
        self.dose.setText(f"{protocol.dose_mg:g}" if protocol.dose_mg is not None else "")
        self.dose.setReadOnly(fixed)
        restyle(self.dose)
        self.dose.setPlaceholderText(self.tr("mg, as prescribed"))
        self.dose_hint.setText(
            self.tr("Fixed by the protocol.")
            if fixed
            else self.tr("Type the prescribed dose; this protocol does not fix it.")
        )
        volume = protocol.bag_volume_ml
        self.bag_volume.setText(f"{volume:g}" if volume is not None else "")
        self.bag_confirmed.setChecked(False)
        if previous is not None and previous.drug != protocol.drug:
            self.lot.clear()
            self.expiry.clear()

    def show_chairs(self, in_use: Mapping[str, str]) -> None:
        """Free chairs first (the first one chosen); busy ones after, marked with the patient in
        them and not selectable. `in_use` maps a chair to who sits in it."""
        before = self.chosen_chair() if self.chair.count() else ""
        busy = {chair.strip().casefold(): who for chair, who in in_use.items()}
        free = [c for c in self.chairs if c.casefold() not in busy]
        taken = [c for c in self.chairs if c.casefold() in busy]
        self.chair.clear()
        for chair in free:
            self.chair.addItem(chair, chair)
        model = self.chair.model()
        for chair in taken:
            self.chair.addItem(
                self.tr("%1 — in use: %2")
                .replace("%1", chair)
                .replace("%2", busy[chair.casefold()]),
                chair,
            )
            if isinstance(model, QStandardItemModel):
                item = model.item(self.chair.count() - 1)
                item.setFlags(
                    item.flags() & ~Qt.ItemFlag.ItemIsSelectable & ~Qt.ItemFlag.ItemIsEnabled
                )
        keep = free.index(before) if before in free else 0
        self.chair.setCurrentIndex(keep if free else -1)
        if not free:
            self.chair.setEditText("")

    def chosen_chair(self) -> str:
        """The chair as its name, not as the list shows it (a typed one as typed)."""
        text = self.chair.currentText()
        index = self.chair.findText(text)
        data = self.chair.itemData(index) if index >= 0 else None
        return str(data) if data else text

    def _on_lot_return_pressed(self) -> None:
        """A scanned vial code fills lot and expiry; an expired vial or another product is
        refused under the lot at once (the start service checks the expiry again)."""
        text = self.scanner.code()
        if not looks_like_gs1(text):
            return
        self.errors.clear()
        try:
            vial = parse_vial_barcode(text)
        except BarcodeError as exc:
            self.lot.clear()
            self.errors.show("Lot", self.tr("Scan: %1").replace("%1", str(exc)))
            return
        self.lot.setText(vial.lot or "")
        if vial.expiry is not None:
            self.expiry.setText(vial.expiry.strftime("%d/%m/%Y"))
        if self._protocol is not None:
            today = self.today()  # the station's local date
            refusal = vial_refusal(vial, self._protocol.brand, self._protocol.product_gtins, today)
            if refusal is not None:
                self.errors.show("Lot", self.tr("Scan: %1").replace("%1", refusal))
                return
        self.bag_volume.setFocus()

    def first_empty_field(self) -> QWidget:
        """Where the nurse starts typing: the dose when the protocol leaves it open, else lot."""
        if not self.dose.isReadOnly() and not self.dose.text().strip():
            return self.dose
        return self.lot

    def read_entry(self) -> DrugEntry | None:
        """The typed values, or None after showing under each field what cannot be read."""
        self.errors.clear()
        dose = parse_number(self.dose.text())
        expiry = parse_day(self.expiry.text())
        bag = parse_number(self.bag_volume.text())
        weight_text = self.weight.text().strip()
        weight = parse_number(weight_text) if weight_text else None
        problems = []
        if dose is None:
            problems.append(("Dose", self.tr("the dose in mg, as prescribed")))
        if weight_text and weight is None:
            problems.append(("Weight", self.tr("a number in kg")))
        if expiry is None:
            problems.append(("Expiry", self.tr("type the date on the vial as DD/MM/YYYY")))
        if bag is None:
            problems.append(("Bag volume", self.tr("the total volume in mL from the bag label")))
        if not self.bag_confirmed.isChecked():
            problems.append(("Bag label", self.tr("tick once you have read the bag label")))
        if problems or dose is None or expiry is None or bag is None:
            self.errors.show_all(problems)
            return None
        return DrugEntry(dose, self.lot.text(), expiry, bag, weight, self.chosen_chair())
