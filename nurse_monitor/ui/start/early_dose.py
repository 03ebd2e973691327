"""A dose before the label's minimum interval: a block on the protocol step until the nurse
records why and which prescriber agreed (clinical reference section 9). Layout only; the
service refuses the start without both and records them on the session."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from nurse_monitor.ui.start.form_fields import (
    ALARM_RED,
    caption,
    error_label,
    line_edit,
    paragraph,
    show_day,
)


class EarlyDoseBox(QGroupBox):
    """Shown only when today is before the earliest date of the next dose.

    Signals:
        changed(): the reason or the prescriber's name was edited.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Too early: before the minimum interval"), parent)
        self.setAccessibleName(self.tr("Dose before the minimum interval"))
        self.setStyleSheet(f"QGroupBox {{ border: 2px solid {ALARM_RED}; }}")
        layout = QVBoxLayout(self)
        self.explanation = paragraph(self, "", self.tr("Why the dose is early"))
        layout.addWidget(self.explanation)
        self.reason = line_edit(self, self.tr("Reason for giving it early"))
        layout.addWidget(caption(self, self.tr("Reason (required)"), self.reason))
        layout.addWidget(self.reason)
        self.prescriber = line_edit(self, self.tr("Prescriber who agreed"))
        layout.addWidget(caption(self, self.tr("Prescriber's name (required)"), self.prescriber))
        layout.addWidget(self.prescriber)
        self.error = error_label(self, self.tr("Early dose error"))
        layout.addWidget(self.error)
        self.reason.textEdited.connect(self.changed)
        self.prescriber.textEdited.connect(self.changed)
        self.hide()

    def show_for(self, earliest_on: date | None, today: date) -> None:
        """Visible (and cleared) when today is before `earliest_on`; hidden otherwise."""
        early = earliest_on is not None and today < earliest_on
        self.reason.clear()
        self.prescriber.clear()
        self.error.clear()
        self.setVisible(early)
        if early:
            self.explanation.setText(
                self.tr(
                    "The label's minimum interval between doses ends on %1. Giving it today "
                    "needs a reason and the prescriber's name; both are recorded."
                ).replace("%1", show_day(earliest_on))
            )

    def needed(self) -> bool:
        return not self.isHidden()

    def complete(self) -> bool:
        """Nothing is needed, or both the reason and the prescriber are given."""
        return not self.needed() or bool(
            self.reason.text().strip() and self.prescriber.text().strip()
        )

    def values(self) -> tuple[str, str]:
        if not self.needed():
            return "", ""
        return self.reason.text().strip(), self.prescriber.text().strip()
