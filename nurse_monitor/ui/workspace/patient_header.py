"""The workspace's header: the patient's two identifiers, allergies, the session, and the
reaction button that is always in reach. `SessionWorkspace` (workspace/workspace.py) builds on it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.ui import colors
from nurse_monitor.ui.board.reassign_dialog import may_reassign, reassign_button
from nurse_monitor.ui.form_parts import touch_button
from nurse_monitor.ui.time_format import calendar_date
from nurse_monitor.ui.workspace.chair_controller import ChairController


class PatientHeader(QWidget):
    """Builds the header's labels and the reaction button (`_build_header`)."""

    controller: ChairController

    def _build_header(self, view: ChairView) -> None:
        patient = view.patient
        self.patient_label = QLabel(self)
        font = self.patient_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.patient_label.setFont(font)
        self.patient_label.setAccessibleName(self.tr("Patient"))
        self.identifiers = QLabel(self)
        self.identifiers.setAccessibleName(self.tr("Patient identifiers"))
        self.allergies = QLabel(self)
        self.allergies.setAccessibleName(self.tr("Allergies"))
        self.session_label = QLabel(self)
        self.session_label.setWordWrap(True)
        self.session_label.setAccessibleName(self.tr("Session"))
        self.reaction_button = touch_button(
            self.tr("⚠ Reaction"), self, self.tr("Record a reaction")
        )
        self.reaction_button.setToolTip(self.tr("Record a reaction (Ctrl+Shift+R)"))
        self.reaction_button.setStyleSheet(
            # With a border of its own the red is flat: without one Fusion drew it lightened to
            # #f26b6b, and the white word read at 2.9:1.
            "QPushButton { background: #c62828; color: white; font-weight: bold; padding: 0 18px;"
            " border: 1px solid #7f0000; border-radius: 4px; }"
        )
        self.reaction_button.clicked.connect(self._on_reaction_clicked)
        self.patient_label.setText(patient.display_name)
        born = patient.date_of_birth
        self.identifiers.setText(
            self.tr("%1 · born %2 (%3 y) · %4 · %5 kg")
            .replace("%1", patient.record_number)
            .replace("%2", f"{calendar_date(born)}")
            .replace("%3", str(view.patient_age))
            .replace("%4", patient.sex)
            .replace("%5", f"{view.session.weight_kg or patient.weight_kg or 0:g}")
        )
        allergies = patient.allergies or self.tr("No known allergies")
        self.allergies.setText(self.tr("Allergies: %1").replace("%1", allergies))
        if patient.allergies:
            self.allergies.setStyleSheet(colors.text_style("error"))
        who = QVBoxLayout()
        who.addWidget(self.patient_label)
        who.addWidget(self.identifiers)
        who.addWidget(self.allergies)
        self.header = QHBoxLayout()
        self.header.addLayout(who)
        self.header.addWidget(self.session_label, 1)
        self.header.addWidget(self.reaction_button)
        self.reassign_button = reassign_button(self.controller, self)  # a charge nurse only
        self.header.addWidget(self.reassign_button)
        self.controller.station.actor_changed.connect(self._on_station_actor_changed)

    def _on_station_actor_changed(self, actor: Actor | None) -> None:
        """Another user took over the station: the reassign button is theirs to see or not."""
        self.reassign_button.setVisible(may_reassign(actor))

    # The workspace's own (SessionWorkspace) ---------------------------------------------------

    def _on_reaction_clicked(self) -> None:
        raise NotImplementedError
