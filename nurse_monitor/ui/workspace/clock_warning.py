"""The warning shown while this station's clock is behind the newest entry of the record."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QLabel, QWidget


def clock_behind_words(behind: timedelta) -> str:
    """The warning for a station clock behind the record, naming the difference."""
    minutes = round(behind.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    gap = f"{hours} h {minutes} min" if hours else f"{minutes} min"
    return (
        f"This station's clock is {gap} behind the newest entry in this record. Entries are "
        "shown as recorded and new ones are timed after it; have the clock corrected."
    )


class ClockWarning(QLabel):
    """Hidden while the clock is in step; otherwise says how far behind it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("background: #fff3e0; color: #e65100; padding: 8px;")
        self.setAccessibleName(self.tr("Station clock warning"))
        self.hide()

    def show_behind(self, behind: timedelta | None) -> None:
        self.setVisible(behind is not None)
        if behind is not None:
            self.setText(clock_behind_words(behind))
