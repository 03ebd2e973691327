"""The handoff view for a change of shift: every active chair on one screen with its phase, what
is due next, any active reaction, the last vital signs and NEWS2, and when observation ends."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from nurse_monitor.services.chair_board import ChairSummary, chair_summaries
from nurse_monitor.services.changes import Changes
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.ui import colors
from nurse_monitor.ui.alarm_words import due_item_words
from nurse_monitor.ui.phase_words import phase_label
from nurse_monitor.ui.review.review_parts import read_only_table, set_rows, touch_button
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.time_format import clock_time

COLUMN_REACTION = 4
COLUMN_NEWS2 = 6


class HandoffView(QWidget):
    """Every chair in use, most urgent first; Refresh re-reads the record. Emits no signals."""

    def __init__(self, station: Station, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.chairs: list[ChairSummary] = []
        self.setWindowTitle(self.tr("Handoff: chairs in use"))
        self.setAccessibleName(self.tr("Handoff"))
        self.title = QLabel(self)
        self.title.setAccessibleName(self.tr("Handoff time"))
        self.table = read_only_table(
            self,
            [
                self.tr("Chair"),
                self.tr("Patient"),
                self.tr("Phase"),
                self.tr("Next due"),
                self.tr("Reaction"),
                self.tr("Last vitals"),
                self.tr("NEWS2"),
                self.tr("Observation ends"),
            ],
            self.tr("Chairs in use, most urgent first"),
        )
        self.table.verticalHeader().setDefaultSectionSize(40)
        self.refresh_button = touch_button(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.resize(1340, 560)
        self.refresh()

    def show_changes(self, changes: Changes) -> None:
        """A change on the station's edge: the chairs again if it touched any session (an
        alarm log entry alone changes nothing the handoff shows)."""
        if changes.alarm_log_only:
            return
        if changes.everything or changes.sessions:
            self.refresh()

    def refresh(self) -> None:
        now = self.station.clock.now()
        try:
            self.chairs = chair_summaries(self.station.db, self.station.signed_in())
        except ServiceError as error:
            self.chairs = []
            self.title.setText(str(error))
            set_rows(self.table, [])
            return
        self.title.setText(
            self.tr("%n chair(s) in use at %1", "", len(self.chairs)).replace("%1", clock_time(now))
        )
        rows = []
        for c in self.chairs:
            due = c.next_due
            rows.append(
                [
                    c.chair,
                    f"{c.patient_name}  {c.record_number}\n{c.protocol_name}",
                    phase_label(c.phase) + (f", {c.rate_ml_h:g} mL/h" if c.rate_ml_h else ""),
                    ", ".join(  # a reaction has no count: no comma left hanging
                        part
                        for part in (
                            f"{due.label} {clock_time(due.due_at)}",
                            due_item_words(due, now),
                        )
                        if part
                    )
                    if due
                    else "—",
                    c.reaction.replace("_", "-") if c.reaction else "none",
                    f"{clock_time(c.last_vitals_at)}  {c.last_vitals}",
                    "—" if c.news2_total is None else str(c.news2_total),
                    clock_time(c.observation_ends_at),
                ]
            )
        set_rows(self.table, rows, stretch=5)
        self.table.resizeRowsToContents()
        for r in range(self.table.rowCount()):
            self.table.setRowHeight(r, max(52, self.table.rowHeight(r) + 8))
        for r, c in enumerate(self.chairs):
            item = self.table.item(r, COLUMN_REACTION)
            if c.reaction and item is not None:
                item.setBackground(QBrush(colors.OVERDUE))
                item.setForeground(QBrush(colors.TEXT_ON_ALARM))
            item = self.table.item(r, COLUMN_NEWS2)
            if c.news2_band and item is not None:
                item.setBackground(QBrush(colors.band_color(c.news2_band)))
                item.setForeground(QBrush(colors.text_on(colors.band_color(c.news2_band))))
                item.setToolTip(colors.NEWS2_BAND_LABELS.get(c.news2_band, c.news2_band))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.chairs:
            return
        self.refresh()
