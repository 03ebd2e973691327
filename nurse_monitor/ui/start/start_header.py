"""The top of the start dialog: where the nurse is in the four steps, and whose session it is."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.start.form_fields import show_day


class StartHeader(QWidget):
    """Step trail ("1. Find patient › 2. Confirm identity ...") and the patient banner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.steps = QLabel(self)
        self.steps.setAccessibleName(self.tr("Steps"))
        layout.addWidget(self.steps)
        self.patient = QLabel(self)
        self.patient.setAccessibleName(self.tr("Patient"))
        self.patient.setWordWrap(True)
        self.patient.setStyleSheet(
            "background: palette(alternate-base); padding: 8px; border-radius: 4px;"
        )
        layout.addWidget(self.patient)
        self.step_names = [
            self.tr("Find patient"),
            self.tr("Confirm identity"),
            self.tr("Protocol"),
            self.tr("Drug details"),
        ]

    def show_step(self, step: int) -> None:
        parts = [
            f"<b><u>{i + 1}. {name}</u></b>" if i == step else f"{i + 1}. {name}"
            for i, name in enumerate(self.step_names)
        ]
        self.steps.setText("&nbsp;&nbsp;›&nbsp;&nbsp;".join(parts))
        self.steps.setAccessibleDescription(
            self.tr("Step %1 of %2: %3")
            .replace("%1", str(step + 1))
            .replace("%2", str(len(self.step_names)))
            .replace("%3", self.step_names[step])
        )

    def show_patient(self, patient: PatientRecord | None) -> None:
        """Name, record number, birth date and allergies; None hides the banner (before the
        identity check the name must be asked, not read)."""
        if patient is None:
            self.patient.hide()
            return
        allergies = patient.allergies or self.tr("none recorded")
        self.patient.setText(
            self.tr("<b>%1</b> · %2 · born %3 · <b>Allergies:</b> %4")
            .replace("%1", patient.display_name)
            .replace("%2", patient.record_number)
            .replace("%3", show_day(patient.date_of_birth))
            .replace("%4", allergies)
        )
        self.patient.show()
