"""Step 1, find the patient: one search field (typed or scanned from the wristband) and results.

Layout only; PatientLookup wires the search and the scanner's Enter, StartSessionDialog the choice.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import colors
from nurse_monitor.ui.start.form_fields import (
    button,
    caption,
    line_edit,
    show_day,
    small_print,
)

PATIENT_ID = Qt.ItemDataRole.UserRole


class FindPatientPage(QWidget):
    """Search by record number or name; a wristband scan types the number and Enter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        self.search = line_edit(
            self,
            self.tr("Search patients by record number or name"),
            self.tr("Scan the wristband, or type a record number or name"),
        )
        layout.addWidget(caption(self, self.tr("Find the patient"), self.search))
        layout.addWidget(self.search)
        layout.addWidget(
            small_print(
                self,
                self.tr(
                    "Scanning the wristband types the record number and Enter: an exact "
                    "match opens the identity check. Down arrow moves to the list."
                ),
                self.tr("How the scanner works"),
            )
        )
        self.results = QTreeWidget(self)
        self.results.setAccessibleName(self.tr("Patients found"))
        self.results.setColumnCount(4)
        self.results.setHeaderLabels(
            [self.tr("Name"), self.tr("Record number"), self.tr("Date of birth"), self.tr("Note")]
        )
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.results.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.results, 1)
        self.status = QLabel(self)
        self.status.setAccessibleName(self.tr("Search result summary"))
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        self.register_button = button(
            self, self.tr("Register new patient…"), self.tr("Register new patient")
        )
        row.addWidget(self.register_button)
        layout.addLayout(row)

    def show_patients(self, found: Sequence[PatientRecord], searched: str) -> None:
        """Replace the list: FAMILY, Given · record number · date of birth · discontinued drugs;
        and say how many were found for what was searched."""
        self.results.clear()
        searched = searched.strip()
        if not searched:
            self.status.setText("")
        elif found:
            self.status.setText(self.tr("%1 found").replace("%1", str(len(found))))
        else:
            self.status.setText(
                self.tr(
                    "No patient matches “%1”. Check the wristband, or register the patient."
                ).replace("%1", searched)
            )
        for patient in found:
            stopped = ", ".join(d.drug for d in patient.discontinued)
            note = self.tr("%1 discontinued").replace("%1", stopped) if stopped else ""
            item = QTreeWidgetItem(
                [
                    patient.display_name,
                    patient.record_number,
                    show_day(patient.date_of_birth),
                    note,
                ]
            )
            item.setData(0, PATIENT_ID, patient.id)
            if stopped:
                item.setForeground(3, colors.text("error"))
            self.results.addTopLevelItem(item)
        first = self.results.topLevelItem(0)
        if first is not None:
            self.results.setCurrentItem(first)

    def chosen_patient_id(self) -> int | None:
        item = self.results.currentItem()
        return int(item.data(0, PATIENT_ID)) if item is not None else None
