"""After the infusion: flush the line when the protocol's label asks for it (natalizumab)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from nurse_monitor.domain.checklist import Step
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.services.line_flush import record_line_flush
from nurse_monitor.ui.form_parts import TOUCH, touch_button
from nurse_monitor.ui.workspace.chair_controller import ChairController


class LineFlushForm(QWidget):
    """The flush step: the label's rule, the solution, one button."""

    def __init__(self, controller: ChairController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setAccessibleName(self.tr("Flush the line"))
        self.rule = QLabel(controller.view.protocol.flush_after or "", self)
        self.rule.setWordWrap(True)
        self.solution = QLineEdit(self.tr("0.9% sodium chloride"), self)
        self.solution.setMinimumHeight(TOUCH)
        self.solution.setAccessibleName(self.tr("Flush solution"))
        self.state = QLabel(self)
        form = QFormLayout()
        form.addRow(self.tr("&Solution"), self.solution)
        self.record = touch_button(self.tr("Record line flushed"), self)
        self.record.clicked.connect(self._on_record_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("<b>Flush the line</b>"), self))
        layout.addWidget(self.rule)
        layout.addLayout(form)
        layout.addWidget(self.record)
        layout.addWidget(self.state)
        layout.addStretch(1)
        self.show_view(controller.view, controller.view.now)

    def show_view(self, view: ChairView, now: datetime) -> None:
        step = view.checklist.step(Step.LINE_FLUSH)
        self.record.setEnabled(view.status.ended_at is not None and not step.done)
        self.state.setText(self.tr("Flushed.") if step.done else "")

    def _on_record_clicked(self) -> None:
        self.controller.perform(record_line_flush, solution=self.solution.text())
