"""Registering a patient not yet in the record: the wristband's record number and demographics.

RegistrationPage is the layout; PatientRegistration reads it and calls register_patient.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from nurse_monitor.services.errors import InvalidInput, ServiceError
from nurse_monitor.services.patients import SEXES, NewPatient, register_patient
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.start.form_fields import (
    FieldErrors,
    caption,
    combo_box,
    date_edit,
    error_label,
    field_block,
    line_edit,
    parse_day,
    parse_number,
)
from nurse_monitor.ui.station import ActsAtTheStation, Station

LOOKS_LIKE_RECORD_NUMBER = re.compile(r"^(?=.*\d)[A-Za-z0-9-]{3,32}$")
SEX_LABELS = {"female": "Female", "male": "Male", "other": "Other", "unknown": "Not known"}


class RegistrationPage(QWidget):
    """The registration form; `errors` holds the inline message for each service field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(caption(self, self.tr("Register a new patient")))
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        grid.setVerticalSpacing(10)
        layout.addLayout(grid)
        layout.addStretch(1)

        self.record_number = line_edit(self, self.tr("Record number"), self.tr("e.g. MRN-100234"))
        self.family_name = line_edit(self, self.tr("Family name"))
        self.given_name = line_edit(self, self.tr("Given name"))
        self.date_of_birth = date_edit(self, self.tr("Date of birth"))
        self.sex = combo_box(self, self.tr("Sex"))
        self.sex.addItem(self.tr("Choose…"), None)
        for sex in SEXES:
            self.sex.addItem(self.tr(SEX_LABELS.get(sex, sex)), sex)
        self.weight = line_edit(self, self.tr("Weight in kilograms"), self.tr("kg, optional"))
        self.allergies = line_edit(
            self, self.tr("Allergies"), self.tr("e.g. Penicillin (rash); leave empty if none")
        )
        fields = (
            ("Record number", self.tr("Record number (from the wristband)"), self.record_number),
            ("Family name", self.tr("Family name"), self.family_name),
            ("Given name", self.tr("Given name"), self.given_name),
            ("Date of birth", self.tr("Date of birth"), self.date_of_birth),
            ("Sex", self.tr("Sex"), self.sex),
            ("Weight", self.tr("Weight (kg)"), self.weight),
            ("Allergies", self.tr("Allergies"), self.allergies),
        )
        for index, (field, title, widget) in enumerate(fields):
            error = error_label(self, self.tr("%1 error").replace("%1", title))
            self.errors.add(field, widget, error)
            block = field_block(self, title, widget, error)
            if field == "Allergies":
                grid.addWidget(block, index // 2, 0, 1, 2)
            else:
                grid.addWidget(block, index // 2, index % 2)
        self.setTabOrder(self.record_number, self.family_name)
        self.setTabOrder(self.family_name, self.given_name)
        self.setTabOrder(self.given_name, self.date_of_birth)
        self.setTabOrder(self.date_of_birth, self.sex)
        self.setTabOrder(self.sex, self.weight)
        self.setTabOrder(self.weight, self.allergies)

    def chosen_sex(self) -> str:
        data = self.sex.currentData()
        return str(data) if data else ""

    def clear(self) -> None:
        for edit in (self.record_number, self.family_name, self.given_name):
            edit.clear()
        for edit in (self.date_of_birth, self.weight, self.allergies):
            edit.clear()
        self.sex.setCurrentIndex(0)
        self.errors.clear()


class PatientRegistration(ActsAtTheStation, QObject):
    """Reads the registration form and calls register_patient; the form keeps every refusal.

    Signals:
        registered(object): the new PatientRecord, after register_patient committed it.
    """

    registered = Signal(object)

    def __init__(self, station: Station, form: RegistrationPage, parent: QWidget) -> None:
        super().__init__(parent)
        self.station = station  # db and the signed-in user, read at each use
        self.form = form
        self._window = parent

    def prepare(self, typed: str) -> None:
        """Carry a scanned or typed record number over; keep anything already in the form."""
        form = self.form
        if LOOKS_LIKE_RECORD_NUMBER.match(typed.strip()) and not form.record_number.text().strip():
            form.record_number.setText(typed.strip().upper())
        form.errors.clear()

    def submit(self) -> None:
        form = self.form
        form.errors.clear()
        born = parse_day(form.date_of_birth.text())
        weight_text = form.weight.text().strip()
        weight = parse_number(weight_text) if weight_text else None
        problems = []
        if born is None:
            problems.append(("Date of birth", self.tr("type it as DD/MM/YYYY")))
        if not form.chosen_sex():
            problems.append(("Sex", self.tr("choose one")))
        if weight_text and weight is None:
            problems.append(("Weight", self.tr("a number in kg, or leave it empty")))
        if problems or born is None:
            form.errors.show_all(problems)
            return
        new = NewPatient(
            record_number=form.record_number.text(),
            family_name=form.family_name.text(),
            given_name=form.given_name.text(),
            date_of_birth=born,
            sex=form.chosen_sex(),
            weight_kg=weight,
            allergies=form.allergies.text(),
        )
        try:
            patient = register_patient(self.db, self.actor, new)
        except InvalidInput as exc:
            if not form.errors.show(exc.field, str(exc)):
                dialogs.dialogs.error(self._window, self.tr("Register a patient"), str(exc))
            return
        except ServiceError as exc:
            dialogs.dialogs.error(self._window, self.tr("Register a patient"), str(exc))
            return
        form.clear()
        self.registered.emit(patient)
