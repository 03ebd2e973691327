"""Step 2, confirm identity: the nurse asks the patient and types what the patient states.

The record's name and date of birth are not shown, so the nurse cannot copy them; the record
number is, so it can be read against the wristband. The page checks the stated identifiers
for instant feedback; begin_session checks them again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.start.form_fields import (
    ALARM_RED,
    FieldErrors,
    caption,
    date_edit,
    error_label,
    field_block,
    line_edit,
    paragraph,
    parse_day,
    small_print,
)


class IdentityPage(QWidget):
    """Two identifiers as stated by the patient; a mismatch shows "Do not proceed" in red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(caption(self, self.tr("Confirm the patient's identity")))
        self.record_number = QLabel(self)
        self.record_number.setAccessibleName(self.tr("Record number found"))
        font = self.record_number.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.record_number.setFont(font)
        layout.addWidget(self.record_number)
        layout.addWidget(
            paragraph(
                self,
                self.tr(
                    "Check this number against the wristband. Then ask the patient to state "
                    "their full name and date of birth, and type what they say."
                ),
                self.tr("What to ask"),
            )
        )
        self.identity_error = error_label(self, self.tr("Identity check result"))
        self.identity_error.setStyleSheet(
            f"background: {ALARM_RED}; color: white; font-weight: bold; padding: 12px;"
            "border-radius: 4px;"
        )
        big = self.identity_error.font()
        big.setPointSizeF(big.pointSizeF() * 1.3)
        self.identity_error.setFont(big)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.family_name = line_edit(self, self.tr("Family name as stated by the patient"))
        self.date_of_birth = date_edit(self, self.tr("Date of birth as stated by the patient"))
        name_error = error_label(self, self.tr("Stated family name error"))
        born_error = error_label(self, self.tr("Stated date of birth error"))
        grid.addWidget(
            field_block(self, self.tr("Family name, as stated"), self.family_name, name_error),
            0,
            0,
        )
        grid.addWidget(
            field_block(self, self.tr("Date of birth, as stated"), self.date_of_birth, born_error),
            0,
            1,
        )
        layout.addLayout(grid)
        layout.addWidget(self.identity_error)
        layout.addWidget(
            small_print(
                self,
                self.tr(
                    "A chair or bed number is never an identifier: always ask the patient, "
                    "even when you know them."
                ),
                self.tr("Identifier hint"),
            )
        )
        layout.addStretch(1)
        self.errors.add("Identity", self.family_name, self.identity_error)
        self.errors.add("Stated family name", self.family_name, name_error)
        self.errors.add("Stated date of birth", self.date_of_birth, born_error)
        self.setTabOrder(self.family_name, self.date_of_birth)

    def show_record_number(self, record_number: str) -> None:
        self.record_number.setText(self.tr("Record number: %1").replace("%1", record_number))

    def confirm(self, patient: PatientRecord) -> bool:
        """Instant feedback on the stated identifiers; begin_session checks them again."""
        self.errors.clear()
        name = self.family_name.text().strip()
        born = parse_day(self.date_of_birth.text())
        problems = []
        if not name:
            problems.append(("Stated family name", self.tr("type the name the patient states")))
        if born is None:
            problems.append(("Stated date of birth", self.tr("type it as DD/MM/YYYY")))
        if problems:
            self.errors.show_all(problems)
            return False
        if name.casefold() != patient.family_name.casefold():
            message = self.tr(
                "The stated name does not match record %1. "
                "Do not proceed: check the wristband and the patient again."
            )
            self.errors.show("Identity", message.replace("%1", patient.record_number))
            return False
        if born != patient.date_of_birth:
            message = self.tr(
                "The stated date of birth does not match record %1. "
                "Do not proceed: check the wristband and the patient again."
            )
            self.errors.show("Identity", message.replace("%1", patient.record_number))
            self.date_of_birth.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        return True

    def clear_answers(self) -> None:
        self.family_name.clear()
        self.date_of_birth.clear()
        self.errors.clear()
