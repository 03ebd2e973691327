"""The screening's "delayed reaction after the last infusion" question (issue 18).

Asked only when the call after the patient's last infusion found a delayed reaction: the call's
details are shown (when, who called, the triage and its action, each symptom with onset,
severity and whether it resolved). Yes / No start unanswered: the nurse asks the patient. After a
yes, each premedication the protocol lists for it is a suggestion the nurse accepts, or declines
with a reason; all of it goes on the screening record.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.follow_up_carry import (
    QUESTION,
    CarryForward,
    DelayedAnswer,
    Suggestion,
    delayed_reactions_since_last,
)
from nurse_monitor.ui.form_parts import TOUCH, yes_no
from nurse_monitor.ui.workspace.chair_controller import ChairController


class SuggestionRow(QWidget):
    """One suggested premedication: accept, or decline with a reason."""

    def __init__(self, suggestion: Suggestion, parent: QWidget) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        text = QLabel(self.tr("Suggestion: %1").replace("%1", suggestion.text), self)
        text.setWordWrap(True)
        self.accept, self.decline = yes_no(
            self, suggestion.premedication, self.tr("Accept"), self.tr("Decline")
        )
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("Why declined (required)"))
        self.reason.setAccessibleName(f"{suggestion.premedication} decline reason")
        self.reason.setMinimumHeight(TOUCH)
        self.decline.toggled.connect(self.reason.setVisible)
        self.reason.hide()
        row = QHBoxLayout()
        row.addWidget(self.accept)
        row.addWidget(self.decline)
        row.addWidget(self.reason, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text)
        layout.addLayout(row)


class DelayedReactionQuestion(QGroupBox):
    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(QUESTION, parent)
        self.setAccessibleName(QUESTION)
        self.carry = _carry(controller)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setAccessibleName(self.tr("What the follow-up call found"))
        self.yes, self.no = yes_no(self, QUESTION, self.tr("Yes"), self.tr("No"))
        self.rows: list[SuggestionRow] = []
        answer = QHBoxLayout()
        answer.addWidget(self.yes)
        answer.addWidget(self.no)
        answer.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addLayout(answer)
        if self.carry is None:
            self.hide()
            return
        self.details.setText("\n".join(f"⚠ {line}" for line in self.carry.details))
        for suggestion in self.carry.suggested:
            row = SuggestionRow(suggestion, self)
            row.hide()
            self.rows.append(row)
            layout.addWidget(row)
        self.yes.toggled.connect(self._on_yes_toggled)

    @property
    def asked(self) -> bool:
        return self.carry is not None

    def answer(self) -> DelayedAnswer | None:
        """What the nurse chose (None when the question is not asked)."""
        if self.carry is None:
            return None
        present = True if self.yes.isChecked() else False if self.no.isChecked() else None
        accepted = frozenset(r.suggestion.premedication for r in self.rows if r.accept.isChecked())
        declined = {
            r.suggestion.premedication: r.reason.text() for r in self.rows if r.decline.isChecked()
        }
        return DelayedAnswer(present, accepted, declined)

    def show_recorded(self, item: object) -> None:
        """Put back what an earlier screening recorded (its answer and decisions)."""
        if not isinstance(item, dict) or not isinstance(item.get("answer"), bool):
            return
        (self.yes if item["answer"] else self.no).setChecked(True)
        listed = item.get("suggestions")
        decisions = {
            d["premedication"]: d
            for d in (listed if isinstance(listed, list) else [])
            if isinstance(d, dict) and isinstance(d.get("premedication"), str)
        }
        for row in self.rows:
            found = decisions.get(row.suggestion.premedication)
            if found is None:
                continue
            if found.get("accepted") is True:
                row.accept.setChecked(True)
            else:
                row.decline.setChecked(True)
                row.reason.setText(str(found.get("reason", "")))

    def _on_yes_toggled(self, checked: bool) -> None:
        for row in self.rows:
            row.setVisible(checked)


def _carry(controller: ChairController) -> CarryForward | None:
    view = controller.view
    try:
        return delayed_reactions_since_last(
            controller.db,
            controller.actor,
            view.patient.id,
            view.protocol,
            before_session=view.session.id,
        )
    except ServiceError:
        return None
