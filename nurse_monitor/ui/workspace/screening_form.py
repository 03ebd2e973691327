"""Screening questions from the protocol: a blocking answer stops the session; an answer that
needs an override asks for the reason, which goes on the record."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.checklist import screening_answers
from nurse_monitor.domain.protocols import Answer, ChecklistQuestion, Consequence
from nurse_monitor.domain.screening import questions_for
from nurse_monitor.services import chair_actions
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.ui import colors
from nurse_monitor.ui.form_parts import TOUCH, error_line, show_error, touch_button, yes_no
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.delayed_reaction_question import DelayedReactionQuestion


class QuestionRow(QWidget):
    """Yes / No for one question, and an override reason when the answer needs one."""

    def __init__(self, question: ChecklistQuestion, parent: QWidget) -> None:
        super().__init__(parent)
        self.question = question
        self.yes, self.no = yes_no(self, question.text, self.tr("Yes"), self.tr("No"))
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Override reason (required to continue)"))
        self.reason.setAccessibleName(f"{question.text} override reason")
        self.reason.setMinimumHeight(TOUCH)
        self.rule = QLabel(self)
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet(colors.text_style("error", bold=False))
        row = QHBoxLayout()
        for button in (self.yes, self.no):  # side by side, not spread across the form
            button.setMinimumWidth(button.sizeHint().width() + 24)
            row.addWidget(button)
        row.addWidget(self.reason, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.rule)
        self.yes.toggled.connect(self._on_answer_toggled)
        self.no.toggled.connect(self._on_answer_toggled)
        self._on_answer_toggled()

    def answer(self) -> bool | None:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_answer(self, value: bool | None, reason: str = "") -> None:
        if value is not None:
            (self.yes if value else self.no).setChecked(True)
        self.reason.setText(reason)
        self._on_answer_toggled()

    def triggered(self) -> bool:
        value = self.answer()
        if value is None:
            return False
        return (Answer.YES if value else Answer.NO) is self.question.triggers_on

    def _on_answer_toggled(self) -> None:
        triggered = self.triggered()
        override = self.question.consequence is Consequence.OVERRIDE
        self.reason.setVisible(triggered and override)
        if triggered:
            word = {
                Consequence.BLOCK: self.tr("Blocks the session"),
                Consequence.OVERRIDE: self.tr("Needs a reason"),
                Consequence.INFORM: self.tr("Note"),
            }[self.question.consequence]
            self.rule.setText(f"{word}: {self.question.rule}")
        self.rule.setVisible(triggered)


class ScreeningForm(QWidget):
    """The protocol's questions; US program checklists (TOUCH) unless this site switched them
    off in its preferences, which the screening record then states."""

    def __init__(
        self,
        controller: ChairController,
        parent: QWidget | None = None,
        *,
        us_checklists: bool = True,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.us_checklists = us_checklists
        self.setAccessibleName(self.tr("Screening questions"))
        view = controller.view
        self.rows: list[QuestionRow] = []
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        skipped = sorted({q.us_program for q in view.protocol.checklist if q.us_program})
        if skipped and not us_checklists:
            note = QLabel(
                self.tr(
                    "%1 checklist switched off at this site (US requirement); recorded."
                ).replace("%1", ", ".join(skipped)),
                self,
            )
            note.setWordWrap(True)
            form.addRow(note)
        for question in questions_for(view.protocol, view.facts.is_first_dose, us_checklists):
            row = QuestionRow(question, self)
            self.rows.append(row)
            label = QLabel(question.text, self)
            label.setWordWrap(True)
            # The question across the form, its answers under it: beside them it was wrapped to
            # a third of the width ("Has hepatitis B / screening been / done?").
            form.addRow(label)
            form.addRow(row)
        self.error = error_line(self)
        self.record = touch_button(self.tr("Record screening"), self)
        self.record.clicked.connect(self._on_record_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("<b>Screening questions</b> (%1)").replace(
                    "%1", view.protocol.display_name
                ),
                self,
            )
        )
        # What the call after the last infusion found (issue 18): a question the nurse answers.
        self.delayed = DelayedReactionQuestion(controller, self)
        layout.addWidget(self.delayed)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.record)
        layout.addStretch(1)
        self.show_view(view, view.now)

    def show_view(self, view: ChairView, now: datetime) -> None:
        entries = [t for t in view.readable if t.event.type == "screening_recorded"]
        if not entries:
            return
        from nurse_monitor.domain.checklist import ChartEntry

        last = entries[-1]
        answers, reasons = screening_answers(
            ChartEntry(last.event.type, last.event.occurred_at, last.payload, last.by)
        )
        for row in self.rows:
            row.set_answer(answers.get(row.question.id), reasons.get(row.question.id, ""))
        self.delayed.show_recorded(last.payload.get("delayed_reaction"))

    def _on_record_clicked(self) -> None:
        answers = {row.question.id: row.answer() for row in self.rows}
        overrides = {row.question.id: row.reason.text() for row in self.rows if row.reason.text()}
        show_error(self.error, "", "")
        if self.controller.perform(
            chair_actions.record_screening,
            answers,
            overrides,
            us_checklists=self.us_checklists,
            delayed=self.delayed.answer(),
        ):
            result = self.controller.view.checklist.screening
            if result.blocking:
                show_error(
                    self.error,
                    self.tr("Screening"),
                    self.tr("recorded. The session cannot start: ")
                    + "; ".join(f.question.rule for f in result.blocking),
                )
