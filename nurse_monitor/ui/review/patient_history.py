"""A patient over time: every session (dose history), reactions by grade, tolerated rates, the
next dose due from the protocol's interval, and any permanent discontinuation with its reason."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.review import PatientHistory, PatientSession, patient_history
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.review.follow_up_in_full import calls_html
from nurse_monitor.ui.review.review_parts import (
    read_only_table,
    section_label,
    set_rows,
    status_text,
    touch_button,
)
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.time_format import calendar_date, date_time


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


class PatientHistoryView(QWidget):
    """Read-only history of one patient.

    Signals:
        session_requested(int): the user asked to open a session (its id).
    """

    session_requested = Signal(int)

    def __init__(
        self,
        station: Station,
        patient_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.station = station
        self._windows: list[QWidget] = []
        self.history: PatientHistory = patient_history(station.db, station.signed_in(), patient_id)
        self.setAccessibleName(self.tr("Patient history"))

        self.header = QLabel(self)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setAccessibleName(self.tr("Patient"))
        self.discontinued = QLabel(self)
        self.discontinued.setWordWrap(True)
        self.discontinued.setAccessibleName(self.tr("Permanent discontinuation"))
        self.discontinued.setStyleSheet(
            "background:#c62828; color:white; font-weight:bold; padding:8px; border-radius:4px;"
        )
        self.next_dose = QLabel(self)
        self.next_dose.setWordWrap(True)
        self.next_dose.setTextFormat(Qt.TextFormat.RichText)
        self.next_dose.setAccessibleName(self.tr("Next dose due"))
        self.reactions = QLabel(self)
        self.reactions.setAccessibleName(self.tr("Reactions by grade"))
        self.sessions = read_only_table(
            self,
            [
                self.tr("Date"),
                self.tr("Protocol"),
                self.tr("Infusion"),
                self.tr("Dose mg"),
                self.tr("Duration"),
                self.tr("Volume mL"),
                self.tr("Highest rate mL/h"),
                self.tr("Tolerated mL/h"),
                self.tr("Reactions"),
                self.tr("NEWS2 max"),
                self.tr("Status"),
                self.tr("Follow-up"),
            ],
            self.tr("Sessions, oldest first"),
        )
        # The calls after each infusion in full (issue 18), beside the table's few words.
        self.calls = QTextBrowser(self)
        self.calls.setAccessibleName(self.tr("Follow-up calls"))
        self.calls.setOpenLinks(False)
        self.open_button = touch_button(self.tr("Open session"), self)
        self.close_button = touch_button(self.tr("Close"), self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.discontinued)
        layout.addWidget(section_label(self.tr("Next dose"), self))
        layout.addWidget(self.next_dose)
        layout.addWidget(section_label(self.tr("Reactions by grade"), self))
        layout.addWidget(self.reactions)
        layout.addWidget(section_label(self.tr("Dose history"), self))
        layout.addWidget(self.sessions, 2)
        layout.addWidget(section_label(self.tr("Follow-up calls"), self))
        layout.addWidget(self.calls, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.close_button.clicked.connect(self.close)
        self.sessions.itemSelectionChanged.connect(self._on_selection_changed)
        self.sessions.doubleClicked.connect(self._on_open_clicked)
        self.resize(1200, 640)
        self.show_history(self.history)
        station.preferences.changed.connect(self._on_preference_changed)

    def _on_preference_changed(self, key: str) -> None:
        """Dates follow the station's date format (the main window set it first)."""
        if key == "date_format":
            self.show_history(self.history)

    def show_history(self, h: PatientHistory) -> None:
        p = h.patient
        self.setWindowTitle(self.tr("Patient history: %1").replace("%1", p.display_name))
        self.header.setText(
            f"<b style='font-size:15pt'>{p.display_name}</b> &nbsp; {p.record_number} &nbsp; "
            f"born {calendar_date(p.date_of_birth)} &nbsp; allergies: {p.allergies or 'none known'}"
        )
        self.discontinued.setText(
            "\n".join(
                self.tr("%1 PERMANENTLY DISCONTINUED on %2: %3")
                .replace("%1", d.drug.upper())
                .replace("%2", f"{calendar_date(d.discontinued_at)}")
                .replace("%3", d.reason)
                for d in h.discontinued
            )
        )
        self.discontinued.setVisible(bool(h.discontinued))
        if h.next_doses:
            self.next_dose.setText(
                "<br>".join(
                    (
                        f"<b>{calendar_date(n.due_on)}</b> "
                        f"(not before {calendar_date(n.earliest_on)})"
                        if n.due_on and n.earliest_on
                        else f"<b>{calendar_date(n.due_on)}</b>"
                        if n.due_on
                        else self.tr("Set by the prescriber")
                    )
                    + f" — after {n.protocol_name}. <i>{n.note}</i>"
                    for n in h.next_doses
                )
            )
        else:
            self.next_dose.setText(self.tr("No dose due: no drug is being given."))
        self.reactions.setText(
            ", ".join(
                self.tr("Grade %1: %2").replace("%1", str(g)).replace("%2", str(n))
                for g, n in h.reactions_by_grade.items()
            )
            or self.tr("No reactions recorded")
        )
        set_rows(self.sessions, [self._row(s) for s in h.sessions], stretch=1)
        self.calls.setHtml(calls_html(h.sessions))
        self._on_selection_changed()

    def _row(self, s: PatientSession) -> list[str]:
        hours, minutes = divmod(s.duration_min or 0, 60)
        length = "—" if s.duration_min is None else f"{hours} h {minutes:02d}"
        return [
            date_time(s.created_at),
            s.protocol_name,
            str(s.infusion_number),
            f"{s.dose_mg:g}",
            length,
            "—" if s.volume_infused_ml is None else f"{s.volume_infused_ml:g}",
            _rate(s.highest_rate_ml_h),
            _rate(s.tolerated_rate_ml_h),
            ", ".join(f"G{g}" for g in s.reaction_grades) or "none",
            "—" if s.highest_news2 is None else str(s.highest_news2),
            status_text(s.status),
            s.follow_up or "—",
        ]

    def selected_session_id(self) -> int | None:
        rows = self.sessions.selectionModel().selectedRows()
        return self.history.sessions[rows[0].row()].session_id if rows else None

    def _on_selection_changed(self) -> None:
        self.open_button.setEnabled(self.selected_session_id() is not None)

    def _on_open_clicked(self, *_args: object) -> None:
        session_id = self.selected_session_id()
        if session_id is None:
            return
        self.session_requested.emit(session_id)
        from nurse_monitor.ui.review.session_detail import SessionDetailView

        try:
            view = SessionDetailView(self.station, session_id)
        except ServiceError as error:
            dialogs.dialogs.error(self, self.tr("Session"), str(error))
            return
        self._windows.append(view)
        view.show()

    def closeEvent(self, event: object) -> None:
        for window in self._windows:
            window.close()
        super().closeEvent(event)  # type: ignore[arg-type]
