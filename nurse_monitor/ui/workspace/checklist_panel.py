"""The guided checklist: each step with when it was done and by whom; what start still needs.

Signals:
    step_selected(str): the nurse chose a step (a domain `Step` value) to work on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from nurse_monitor.domain.checklist import ChecklistState, StepState
from nurse_monitor.ui import colors
from nurse_monitor.ui.time_format import clock_time


def step_text(step: StepState) -> str:
    if not step.applies:
        return f"–  {step.title} (not needed)"
    if step.done:
        who = f" · {step.done_by}" if step.done_by else ""
        detail = f"\n     {step.summary}" if step.summary else ""
        return f"✓  {step.title}\n     {clock_time(step.done_at)}{who}{detail}"
    detail = f"\n     {step.summary}" if step.summary else ""
    return f"○  {step.title}{detail}"


class ChecklistPanel(QWidget):
    step_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Checklist"))
        title = QLabel(self.tr("<b>Checklist</b> — click a step to open it"), self)
        self.steps = QListWidget(self)
        # Items that look like what they are, things to click: a hand, and a hover band.
        self.steps.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        self.steps.setMouseTracking(True)
        self.steps.setStyleSheet(
            "QListWidget::item { padding: 4px; border-bottom: 1px solid palette(mid); }"
            "QListWidget::item:hover { background: palette(alternate-base);"
            " border-left: 4px solid palette(highlight); }"
            "QListWidget::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        self.steps.setAccessibleName(self.tr("Checklist steps"))
        self.steps.setWordWrap(True)
        self.steps.setSpacing(2)
        self.steps.itemActivated.connect(self._on_steps_item_activated)
        self.steps.itemClicked.connect(self._on_steps_item_activated)
        self.blockers = QLabel(self)
        self.blockers.setWordWrap(True)
        self.blockers.setAccessibleName(self.tr("Before the start"))
        self.blockers.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(colors.text_style("warning"))
        self.warnings.setAccessibleName(self.tr("Checklist warnings"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.warnings)
        layout.addWidget(self.blockers)
        self._shown: tuple[ChecklistState, bool, str] | None = None

    def show_checklist(self, state: ChecklistState, started: bool) -> None:
        shown = (state, started, colors.current_theme())
        if shown == self._shown:
            return  # rebuilt, the list repainted whole after every save
        self._shown = shown
        current = self.steps.currentRow()
        self.steps.clear()
        for step in state.steps:
            item = QListWidgetItem(step_text(step))
            item.setData(Qt.ItemDataRole.UserRole, step.step.value)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, step_text(step).replace("\n", ", "))
            if step.done or not step.applies:
                item.setForeground(colors.text("done") if step.done else colors.text("muted"))
            self.steps.addItem(item)
        if current >= 0:
            self.steps.setCurrentRow(current)
        if state.start_blockers and not started:
            self.blockers.setText(
                self.tr("Before the start:") + "\n• " + "\n• ".join(state.start_blockers)
            )
        else:
            self.blockers.setText("")
        self.warnings.setText("\n".join(f"⚠ {w}" for w in state.warnings))
        self.warnings.setVisible(bool(state.warnings))

    def _on_steps_item_activated(self, item: QListWidgetItem) -> None:
        self.step_selected.emit(str(item.data(Qt.ItemDataRole.UserRole)))
