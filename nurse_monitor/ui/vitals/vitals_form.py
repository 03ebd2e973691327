"""Keyboard-first entry of one set of vital signs, checked by the domain before it is sent.

Numbers are QLineEdits with loose validators, not spin boxes: empty means "not entered" (a spin
box always holds a number, and a 0 can slip through), typing "120" is three keys with no
selection to clear, and a scroll wheel or arrow key can't nudge a value by accident. The
validators only keep letters out; the limits are the domain's (`validate_vital_signs`), so a
slip like 400 is refused with the domain's own words: field, value and allowed range.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.news2 import score_news2
from nurse_monitor.domain.vital_signs import LIMITS, VitalSignsError, validate_vital_signs
from nurse_monitor.ui import colors
from nurse_monitor.ui.form_parts import time_edit
from nurse_monitor.ui.vitals.entry_fields import (
    CONSCIOUSNESS_CHOICES,
    CONSCIOUSNESS_KEYS,
    ROW_OF_FIELD,
    ROWS_TOP_TO_BOTTOM,
    error_text,
    parse_number,
)

MIN_TOUCH = 48  # px: touch targets at the chair
_WHOLE = QRegularExpression(r"\d{0,3}")
_PRESSURE = QRegularExpression(r"\d{0,3}(/\d{0,3})?")  # "118/72" typed into systolic
_DECIMAL = QRegularExpression(r"\d{0,3}([.,]\d{0,2})?")
# A temperature refused in one unit but inside the other unit's limits was typed in that unit.
FAHRENHEIT_LOOKING = (LIMITS["temperature_f"].low, LIMITS["temperature_f"].high)
CELSIUS_LOOKING = (LIMITS["temperature_c"].low, LIMITS["temperature_c"].high)


def _muted_preview_style() -> str:
    edge = colors.THEME_COLORS[colors.current_theme()]["boundary"]
    return colors.text_style("muted", bold=False) + f" border: 1px dashed {edge};"


class VitalsForm(QWidget):
    """Entry form for one reading. Enter in any field saves.

    Signals:
        submitted(dict, str, str): values (systolic, diastolic, heart_rate, respiratory_rate,
            temperature_c or temperature_f, spo2, on_oxygen, consciousness, pain), the
            temperature unit "C" or "F", and the note. Emitted only for values the domain
            accepts.

    Args:
        temperature_unit: the unit the form starts in ("C" or "F"); switchable per entry.
        spo2_scale: NEWS2 SpO2 scale (1, or 2 for a prescribed 88-92 % target) for the preview.
    """

    submitted = Signal(dict, str, str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        temperature_unit: str = "C",
        spo2_scale: int = 1,
        now: datetime | None = None,
    ) -> None:
        super().__init__(parent)
        self._spo2_scale = spo2_scale
        self._saving = False
        self.setAccessibleName(self.tr("Record vital signs"))
        self._build(temperature_unit, now or datetime.now(UTC))
        self._update_preview()

    # ----- public -----

    def show_error(self, field: str, message: str) -> None:
        """Show `message` beside `field` (a domain field name such as "systolic") and focus it."""
        row = ROW_OF_FIELD.get(field, field)
        label = self.error_labels.get(row, self.error_labels["note"])
        label.setStyleSheet(colors.text_style("error"))
        label.setText("⚠ " + message)
        label.setVisible(True)
        target = self._focus_target(row)
        target.setAccessibleDescription(message)
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        """Empty the form for the next reading; the temperature unit stays as chosen."""
        for edit in self.number_edits.values():
            edit.clear()
        self.note.clear()
        self.taken.edited = False  # the next reading is taken now again (the clock moves it)
        self.air.setChecked(True)
        self.consciousness.setCurrentIndex(-1)
        self._clear_errors()
        self.systolic.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_saving(self, saving: bool) -> None:
        """While the service saves, a second submit (Enter pressed again) is ignored.

        The save runs on the main thread, so the screen cannot show a disabled form meanwhile;
        disabling and re-enabling every field only made the whole form lay out and paint twice.
        """
        self._saving = saving

    def temperature_unit(self) -> str:
        return "F" if self.fahrenheit.isChecked() else "C"

    def set_temperature_unit(self, unit: str) -> None:
        """The station's unit changed: the next entry starts in it (a typed value is kept)."""
        (self.fahrenheit if unit == "F" else self.celsius).setChecked(True)

    def values(self) -> dict[str, Any]:
        """The raw entry as the domain reads it: empty fields are None, not 0."""
        temperature_key = "temperature_f" if self.temperature_unit() == "F" else "temperature_c"
        raw: dict[str, Any] = {
            name: parse_number(edit.text(), whole=name != "temperature")
            for name, edit in self.number_edits.items()
        }
        raw[temperature_key] = raw.pop("temperature")
        raw["on_oxygen"] = self.oxygen.isChecked()
        raw["consciousness"] = self.consciousness.currentData()
        return raw

    def submit(self) -> None:
        """Check the entry; emit `submitted`, or show each problem inline and focus the first."""
        if self._saving:
            return
        self._clear_errors()
        raw = self.values()
        try:
            validate_vital_signs(raw, self.temperature_unit())
        except VitalSignsError as error:
            rows: list[str] = []
            for problem in error.problems:
                row = ROW_OF_FIELD.get(problem.field, "note")
                label = self.error_labels[row]
                text = error_text(problem) + self._unit_hint(problem.field, problem.value)
                label.setStyleSheet(colors.text_style("error"))
                label.setText(f"{label.text()}\n⚠ {text}" if label.isVisible() else f"⚠ {text}")
                label.setVisible(True)
                self._focus_target(row).setAccessibleDescription(text)
                rows.append(row)
            first = min(rows, key=ROWS_TOP_TO_BOTTOM.index)
            self._focus_target(first).setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.submitted.emit(raw, self.temperature_unit(), self.note.text().strip())

    # ----- Qt -----

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """One key: A, C, V, P or U chooses consciousness and moves on; F or C in the
        temperature switches its unit."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        letter = event.text().upper()
        if watched is self.consciousness and letter in CONSCIOUSNESS_KEYS:
            self.consciousness.setCurrentIndex(
                self.consciousness.findData(CONSCIOUSNESS_KEYS[letter])
            )
            self._clear_error("consciousness")
            self.pain.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        if watched is self.temperature and letter in ("C", "F"):
            (self.celsius if letter == "C" else self.fahrenheit).setChecked(True)
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in any field saves: line edits, radio buttons and closed combos pass it up."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.submit()
            return
        super().keyPressEvent(event)

    # ----- building -----

    def taken_at(self, now: datetime) -> datetime:
        """When the reading was taken: now, unless the nurse set an earlier time (charting late)."""
        return self.taken.moment(now)

    def _build(self, unit: str, now: datetime) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.error_labels: dict[str, QLabel] = {}
        self.systolic = self._number(self.tr("Systolic"), _PRESSURE)
        self.diastolic = self._number(self.tr("Diastolic"), _WHOLE)
        self.heart_rate = self._number(self.tr("Heart rate"), _WHOLE)
        self.respiratory_rate = self._number(self.tr("Respiratory rate"), _WHOLE)
        self.temperature = self._number(self.tr("Temperature"), _DECIMAL)
        self.spo2 = self._number(self.tr("SpO₂"), _WHOLE)
        self.pain = self._number(self.tr("Pain, 0 to 10, optional"), QRegularExpression(r"\d{0,2}"))
        self.number_edits = {
            "systolic": self.systolic,
            "diastolic": self.diastolic,
            "heart_rate": self.heart_rate,
            "respiratory_rate": self.respiratory_rate,
            "temperature": self.temperature,
            "spo2": self.spo2,
            "pain": self.pain,
        }
        slash = QLabel("/", self)
        self._row(
            form,
            "blood_pressure",
            self.tr("&Blood pressure"),
            self.systolic,
            [slash, self.diastolic, self._unit_label("mmHg")],
        )
        self._row(
            form, "heart_rate", self.tr("&Heart rate"), self.heart_rate, [self._unit_label("/min")]
        )
        self._row(
            form,
            "respiratory_rate",
            self.tr("&Respiratory rate"),
            self.respiratory_rate,
            [self._unit_label("/min")],
        )
        self.celsius = self._choice("°C", self.tr("Celsius"))
        self.fahrenheit = self._choice("°F", self.tr("Fahrenheit"))
        self._group(self.celsius, self.fahrenheit)
        (self.fahrenheit if unit == "F" else self.celsius).setChecked(True)
        self._row(
            form,
            "temperature",
            self.tr("&Temperature"),
            self.temperature,
            [self.celsius, self.fahrenheit],
        )
        self._row(form, "spo2", self.tr("Sp&O₂"), self.spo2, [self._unit_label("%")])
        self.air = self._choice(self.tr("Air"), self.tr("On air"))
        self.oxygen = self._choice(self.tr("Oxygen"), self.tr("On supplemental oxygen"))
        self._group(self.air, self.oxygen)
        self.air.setChecked(True)
        self._row(form, "on_oxygen", self.tr("Air or o&xygen"), self.air, [self.oxygen])
        self.consciousness = QComboBox(self)
        self.consciousness.setAccessibleName(self.tr("Consciousness, ACVPU"))
        self.consciousness.setMinimumHeight(MIN_TOUCH)
        for value, text in CONSCIOUSNESS_CHOICES:
            self.consciousness.addItem(self.tr(text), value)
        self.consciousness.setPlaceholderText(self.tr("Type A, C, V, P or U"))
        self.consciousness.setCurrentIndex(-1)  # assessed each time, never assumed
        self._row(form, "consciousness", self.tr("&Consciousness"), self.consciousness, [])
        self._row(form, "pain", self.tr("&Pain (0-10)"), self.pain, [self._unit_label("optional")])
        self.note = QLineEdit(self)
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setMinimumHeight(MIN_TOUCH)
        self.note.setMaxLength(500)
        self._row(form, "note", self.tr("&Note"), self.note, [])

        self.preview = QLabel(self)
        self.preview.setAccessibleName(self.tr("NEWS2 preview"))
        self.preview.setMinimumHeight(MIN_TOUCH)
        self.preview.setWordWrap(True)
        self.preview.setMargin(6)
        self.save_button = QPushButton(self.tr("&Save reading"), self)
        self.save_button.setAccessibleName(self.tr("Save reading"))
        self.save_button.setMinimumHeight(MIN_TOUCH)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.submit)
        # Charting late: the time the reading was taken; it follows the clock until changed.
        self.taken = time_edit(self, now, self.tr("Taken at"))
        taken_label = QLabel(self.tr("Ta&ken at"), self)
        taken_label.setBuddy(self.taken)

        # Preview and Save share a row so the whole form fits a 1366x768 screen unscrolled.
        bottom = QHBoxLayout()
        bottom.addWidget(taken_label)
        bottom.addWidget(self.taken)
        bottom.addWidget(self.preview, 1)
        bottom.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.addLayout(form)
        outer.addLayout(bottom)
        outer.addStretch(1)
        chain = [*self._inputs(), self.save_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        for name, edit in self.number_edits.items():
            edit.textChanged.connect(self._update_preview)
            row = ROW_OF_FIELD[name]
            edit.textEdited.connect(lambda _text, row=row: self._clear_error(row))
        self.consciousness.activated.connect(lambda _i: self._clear_error("consciousness"))
        self.systolic.textEdited.connect(self._on_systolic_text_edited)
        for button in (self.celsius, self.fahrenheit, self.air, self.oxygen):
            button.toggled.connect(self._update_preview)
            # Toggles are set by a click (or Alt+X, T key letters); Tab goes from value to value,
            # so a number typed after Tab never lands on a radio button and is lost.
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for unit_button in (self.celsius, self.fahrenheit):
            unit_button.toggled.connect(lambda _on: self._clear_error("temperature"))
        self.consciousness.installEventFilter(self)
        self.temperature.installEventFilter(self)
        self.consciousness.currentIndexChanged.connect(self._update_preview)

    def _number(self, name: str, pattern: QRegularExpression) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setAccessibleName(name)
        edit.setValidator(QRegularExpressionValidator(pattern, edit))
        edit.setMinimumHeight(MIN_TOUCH)
        edit.setMaximumWidth(90)
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        return edit

    def _unit_label(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setMinimumWidth(40)
        return label

    def _choice(self, text: str, name: str) -> QRadioButton:
        button = QRadioButton(text, self)
        button.setAccessibleName(name)
        button.setMinimumHeight(MIN_TOUCH)
        button.setMinimumWidth(button.sizeHint().width() + 12)  # "°C" clear of the °F circle
        return button

    def _group(self, *buttons: QRadioButton) -> None:
        group = QButtonGroup(self)  # exclusive per pair (the pairs share a parent)
        for button in buttons:
            group.addButton(button)

    def _row(
        self, form: QFormLayout, key: str, title: str, buddy: QWidget, extra: list[QWidget]
    ) -> None:
        label = QLabel(title, self)
        label.setBuddy(buddy)
        label.setMinimumHeight(MIN_TOUCH)  # centred on its 48 px field
        label.setMinimumWidth(label.sizeHint().width() + 6)
        line = QHBoxLayout()
        line.addWidget(buddy)
        for widget in extra:
            line.addWidget(widget)
        error = QLabel(self)
        error.setStyleSheet(colors.text_style("error"))
        error.setWordWrap(True)
        error.setAccessibleName(self.tr("Problem with %1").replace("%1", title.replace("&", "")))
        error.setVisible(False)
        self.error_labels[key] = error
        if not isinstance(buddy, QLineEdit) or buddy.maximumWidth() < 1000:
            # Short inputs stay short, and the row's problem shows beside them, in the row's own
            # 48 px: showing one never pushes the fields below down under the pointer.
            error.setMaximumHeight(MIN_TOUCH)
            policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
            policy.setRetainSizeWhenHidden(True)  # hidden, it still holds the room: the "/" and
            # diastolic, °C and °F, Air and Oxygen stay beside their field, not spread apart
            error.setSizePolicy(policy)
            line.addWidget(error, 1)
            form.addRow(label, line)
        else:  # the note takes the width; its problems (rare) go under it
            form.addRow(label, line)
            form.addRow("", error)

    def _inputs(self) -> list[QWidget]:
        """Every input, top to bottom: the tab order."""
        return [
            self.systolic,
            self.diastolic,
            self.heart_rate,
            self.respiratory_rate,
            self.temperature,
            self.spo2,
            self.consciousness,
            self.pain,
            self.note,
            self.taken,
        ]

    def _focus_target(self, row: str) -> QWidget:
        targets: dict[str, QWidget] = {
            "blood_pressure": self.systolic,
            "diastolic": self.diastolic,
            "heart_rate": self.heart_rate,
            "respiratory_rate": self.respiratory_rate,
            "temperature": self.temperature,
            "spo2": self.spo2,
            "on_oxygen": self.oxygen if self.oxygen.isChecked() else self.air,
            "consciousness": self.consciousness,
            "pain": self.pain,
        }
        return targets.get(row, self.note)

    def _unit_hint(self, field: str, value: object) -> str:
        """A body temperature typed in the other unit: 99.1 with °C chosen reads as °F."""
        if not isinstance(value, int | float):
            return ""
        if field == "temperature_c" and FAHRENHEIT_LOOKING[0] <= value <= FAHRENHEIT_LOOKING[1]:
            return self.tr(" — this looks like °F: press F or choose °F")
        if field == "temperature_f" and CELSIUS_LOOKING[0] <= value <= CELSIUS_LOOKING[1]:
            return self.tr(" — this looks like °C: press C or choose °C")
        return ""

    def _on_systolic_text_edited(self, text: str) -> None:
        """ "118/72" in systolic is both pressures: the part after the slash goes to diastolic,
        and typing carries on there."""
        if "/" not in text:
            return
        systolic, diastolic = text.split("/", 1)
        self.systolic.setText(systolic)
        if diastolic:
            self.diastolic.setText(diastolic)
        self.diastolic.setFocus(Qt.FocusReason.OtherFocusReason)
        self.diastolic.end(False)

    def _clear_error(self, row: str) -> None:
        """A row's problem goes once the nurse changes that row."""
        self.error_labels[row].clear()
        self.error_labels[row].setVisible(False)

    def _clear_errors(self) -> None:
        for label in self.error_labels.values():
            label.clear()
            label.setVisible(False)
        for widget in [*self._inputs(), self.air, self.oxygen]:
            widget.setAccessibleDescription("")

    def _update_preview(self) -> None:
        """NEWS2 of what is typed so far, once every scored field holds an allowed value."""
        try:
            vitals = validate_vital_signs(self.values(), self.temperature_unit())
        except VitalSignsError:
            self.preview.setText(self.tr("NEWS2: shown when all vital signs are entered"))
            self.preview.setStyleSheet(
                colors.text_style("muted", bold=False)
                + f" border: 1px dashed {colors.THEME_COLORS[colors.current_theme()]['boundary']};"
            )
            return
        score = score_news2(vitals, self._spo2_scale)
        band = score.band.value
        text_color = colors.text_on(colors.band_color(band))
        self.preview.setText(
            self.tr("NEWS2 %1 — %2").replace("%1", str(score.total)).replace("%2", score.response)
        )
        self.preview.setStyleSheet(
            f"background: {colors.band_color(band).name()}; color: {text_color.name()};"
            " font-weight: bold;"
        )
