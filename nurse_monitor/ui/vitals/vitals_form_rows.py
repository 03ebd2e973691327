"""The rows of the vital-signs form: the fields, their units, the toggles, the taken-at time,
the preview and Save, laid out to fit a 1366x768 screen unscrolled. `VitalsForm`
(vitals/vitals_form.py) builds on it with checking, keys and the signal.
"""

from __future__ import annotations

import itertools
from datetime import datetime

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
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

from nurse_monitor.ui import colors
from nurse_monitor.ui.form_parts import time_edit
from nurse_monitor.ui.vitals.entry_fields import (
    CONSCIOUSNESS_CHOICES,
    ROW_OF_FIELD,
)

MIN_TOUCH = 48  # px: touch targets at the chair
_WHOLE = QRegularExpression(r"\d{0,3}")
_PRESSURE = QRegularExpression(r"\d{0,3}(/\d{0,3})?")  # "118/72" typed into systolic
_DECIMAL = QRegularExpression(r"\d{0,3}([.,]\d{0,2})?")


class VitalsFormRows(QWidget):
    """Builds the form's rows (`_build`); the behaviour is `VitalsForm`'s."""

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

    # The form's own (VitalsForm) ----------------------------------------------------------------

    def submit(self) -> None:
        raise NotImplementedError

    def _inputs(self) -> list[QWidget]:
        raise NotImplementedError

    def _clear_error(self, row: str) -> None:
        raise NotImplementedError

    def _on_systolic_text_edited(self, text: str) -> None:
        raise NotImplementedError

    def _update_preview(self) -> None:
        raise NotImplementedError
