"""The form for one follow-up call: an unanswered attempt, "not reached" with what was done, or
the call itself with each delayed symptom (onset, severity, resolved), notes and, for a red
result, the prescriber informed. The triage is the service's, never worked out here.

Signals:
    recorded(object): the FollowUpItem after a recorded attempt or call.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.follow_up import Severity, TriageQuestion
from nurse_monitor.services.follow_up_calls import (
    AnswerInput,
    record_attempt,
    record_call,
    record_not_reached,
)
from nurse_monitor.services.follow_ups import FollowUpItem
from nurse_monitor.services.site_settings import triage_questions
from nurse_monitor.ui.form_parts import error_line, show_error, touch_button
from nurse_monitor.ui.station import Refusal, Station
from nurse_monitor.ui.time_format import date_format

EXAMPLE_ONSET = datetime(2026, 12, 4, 14, 30)  # shown in the station's date format


def onset_format() -> str:
    """The onset as the station writes dates, then the time: "04 Dec 2026 14:30"."""
    return f"{date_format()} %H:%M"


def onset_as_iso(text: str) -> str | None:
    """The typed onset as the service's "YYYY-MM-DD HH:MM"; "" for none; None if unreadable.

    The station's date format first; "YYYY-MM-DD HH:MM" is accepted too."""
    text = text.strip()
    if not text:
        return ""
    for fmt in (onset_format(), "%Y-%m-%d %H:%M"):
        try:
            return datetime.strptime(text, fmt).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            continue
    return None


class SymptomRow:
    """The widgets of one question: asked about, and if present its details."""

    def __init__(self, question: TriageQuestion, parent: QWidget) -> None:
        self.question = question
        self.present = QCheckBox(question.label, parent)
        self.present.setToolTip(question.asks)
        self.present.setAccessibleName(f"{question.label}: present")
        self.onset = QLineEdit(parent)
        self.onset.setPlaceholderText(EXAMPLE_ONSET.strftime(onset_format()))
        self.onset.setAccessibleName(f"{question.label}: onset")
        self.severity = QComboBox(parent)
        self.severity.setAccessibleName(f"{question.label}: severity")
        self.severity.addItem(parent.tr("severity…"), "")
        for s in Severity:
            self.severity.addItem(s.value, s.value)
        self.resolved = QCheckBox("resolved", parent)
        self.resolved.setAccessibleName(f"{question.label}: resolved")

    def answer(self) -> AnswerInput:
        if not self.present.isChecked():
            return AnswerInput(self.question.id, False)
        onset = onset_as_iso(self.onset.text())
        return AnswerInput(
            self.question.id,
            True,
            self.onset.text() if onset is None else onset,
            str(self.severity.currentData() or ""),
            self.resolved.isChecked(),
        )


class CallForm(QGroupBox):
    recorded = Signal(object)

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.item: FollowUpItem | None = None
        self.setTitle(self.tr("Call"))
        self.heading = QLabel(self.tr("Choose a call in the list."), self)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(self.tr("Call details"))
        self.attempt_note = QLineEdit(self)
        self.attempt_note.setPlaceholderText(self.tr("e.g. no answer, voicemail left"))
        self.attempt_note.setAccessibleName(self.tr("Attempt note"))
        self.attempt = touch_button(self.tr("Not answered (timed attempt)"), self)
        self.attempt.clicked.connect(self._on_attempt_clicked)
        self.what_was_done = QLineEdit(self)
        self.what_was_done.setPlaceholderText(self.tr("What was done, e.g. letter sent"))
        self.what_was_done.setAccessibleName(self.tr("What was done"))
        self.not_reached = touch_button(self.tr("Close as not reached"), self)
        self.not_reached.clicked.connect(self._on_not_reached_clicked)
        grid = QGridLayout()
        self.column_labels = [
            QLabel(text, self)
            for text in (self.tr("Symptom"), self.tr("Began"), self.tr("Severity"), "")
        ]
        for j, label in enumerate(self.column_labels):
            grid.addWidget(label, 0, j)
        self.rows = [SymptomRow(q, self) for q in triage_questions(station.db).questions]
        for i, row in enumerate(self.rows):
            for j, widget in enumerate((row.present, row.onset, row.severity, row.resolved)):
                grid.addWidget(widget, i + 1, j)
        self.notes = QLineEdit(self)
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setPlaceholderText(self.tr("Notes"))
        self.prescriber = QLineEdit(self)
        self.prescriber.setAccessibleName(self.tr("Prescriber informed"))
        self.prescriber.setPlaceholderText(self.tr("Prescriber informed (a red result)"))
        self.record = touch_button(self.tr("Record and sign the call"), self)
        self.record.clicked.connect(self._on_record_clicked)
        self.error = error_line(self)
        attempts = QHBoxLayout()
        attempts.addWidget(self.attempt_note, 1)
        attempts.addWidget(self.attempt)
        closing = QHBoxLayout()
        closing.addWidget(self.what_was_done, 1)
        closing.addWidget(self.not_reached)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(attempts)
        layout.addLayout(closing)
        layout.addLayout(grid)
        layout.addWidget(self.notes)
        layout.addWidget(self.prescriber)
        layout.addWidget(self.record)
        layout.addWidget(self.error)
        station.ops.refused.connect(self._on_ops_refused)
        self.show_item(None)

    def show_item(self, item: FollowUpItem | None) -> None:
        self.item = item
        self.error.hide()
        can_call = item is not None and item.open
        for w in (self.attempt, self.not_reached, self.record):
            w.setEnabled(can_call)
        if item is None:
            self.heading.setText(self.tr("Choose a call in the list."))
            return
        lines = [
            f"{item.patient_name} ({item.record_number}), phone {item.phone or 'not recorded'}",
            f"{item.treatment} on {item.infusion_on:%d %b %Y}: {'; '.join(item.reasons)}",
            *item.what_happened,
            f"Attempts: {item.attempts}",
        ]
        if item.outcome is not None:
            o = item.outcome
            lines.append(
                f"Done {o.at.astimezone():%d %b %H:%M} by {o.by}: "
                + (
                    f"{o.colour.upper()}: {o.action}"
                    if o.reached
                    else f"not reached; {o.what_was_done}"
                )
            )
        self.heading.setText("\n".join(lines))

    def _weekdays(self) -> frozenset[int]:
        return self.station.preferences.working_weekdays

    def _done(self, ok: bool, result: object) -> None:
        if ok:
            self.error.hide()
            self.recorded.emit(result)

    def _on_attempt_clicked(self) -> None:
        if self.item is None:
            return
        ok, result = self.station.perform(
            record_attempt,
            self.item.session_id,
            self.attempt_note.text(),
            self._weekdays(),
            origin=self,
        )
        self._done(ok, result)

    def _on_not_reached_clicked(self) -> None:
        if self.item is None:
            return
        ok, result = self.station.perform(
            record_not_reached,
            self.item.session_id,
            self.what_was_done.text(),
            self._weekdays(),
            origin=self,
        )
        self._done(ok, result)

    def _on_record_clicked(self) -> None:
        if self.item is None:
            return
        for row in self.rows:
            if row.present.isChecked() and onset_as_iso(row.onset.text()) is None:
                example = EXAMPLE_ONSET.strftime(onset_format())
                show_error(self.error, row.question.label, f"the onset as {example}")
                return
        ok, result = self.station.perform(
            record_call,
            self.item.session_id,
            [row.answer() for row in self.rows],
            self._weekdays(),
            notes=self.notes.text(),
            prescriber=self.prescriber.text(),
            origin=self,
        )
        self._done(ok, result)

    def _on_ops_refused(self, refusal: Refusal) -> None:
        if refusal.origin is self:
            show_error(self.error, refusal.field, refusal.message)
