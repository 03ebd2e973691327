"""The chair board as a table: one row per chair in use, most urgent first, with its alarm.

The alarm column shows the priority's symbol and word beside its colour; a high alarm's row
flashes red, a medium one's yellow (the board says when a flash is lit), a low one is steady.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont

from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority, reason_words
from nurse_monitor.domain.due_times import DEFAULT_GRACE
from nurse_monitor.services.chair_board import NURSE_LEFT, ChairSummary
from nurse_monitor.ui import colors
from nurse_monitor.ui.alarm_words import (
    BACKGROUND,
    TEXT,
    due_item_words,
    priority_label,
    reasons_text,
)
from nurse_monitor.ui.phase_words import phase_label
from nurse_monitor.ui.time_format import clock_time

COLUMNS = (
    "Alarm",
    "Chair",
    "Patient",
    "Drug / protocol",
    "Phase",
    "Rate",
    "Volume",
    "Next due",
    "In",
    "NEWS2",
    "Reaction",
)
Index = QModelIndex | QPersistentModelIndex


_ANSWERED_ROLES = frozenset(
    int(role.value)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole,
    )
)


class ChairBoardModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._chairs: list[ChairSummary] = []
        self._alarms: dict[int, AlarmCondition | None] = {}
        self._now: datetime | None = None
        self._grace = DEFAULT_GRACE
        self.lit = True  # whether flashing rows are lit at this moment
        self._held = False  # rows changed while the table was behind another tab (set_board)

    def set_board(
        self,
        chairs: Sequence[ChairSummary],
        alarms: dict[int, AlarmCondition | None],
        now: datetime,
        grace: timedelta = DEFAULT_GRACE,
        named: Collection[int] | None = None,
        held: bool = False,
    ) -> None:
        """The board's chairs; `named`: only these chairs changed (pumps spoke), so only their
        rows are repainted while the order holds (the second's tick repaints them all).

        `held`: the table is behind another tab. The rows are kept (what the model answers is
        current) but the table is told only when shown (show_held): each dataChanged makes its
        header measure every cell again (its columns fit their contents), about 0.7 ms on a
        save from an open workspace, for a table nobody sees."""
        same_rows = [c.session_id for c in chairs] == [c.session_id for c in self._chairs]
        self._now = now
        self._grace = grace
        self._alarms = dict(alarms)
        if same_rows:
            self._chairs = list(chairs)
            if held:
                self._held = True
                return
            if self._held:
                named, self._held = None, False  # rows changed while held: all told
            if named is not None:
                rows = [r for r, c in enumerate(self._chairs) if c.session_id in named]
                for first, last in _runs(rows):  # one signal per run of rows, not per row
                    self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
            elif self._chairs:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._chairs) - 1, len(COLUMNS) - 1)
                )
            return
        self.beginResetModel()
        self._chairs = list(chairs)
        self._held = False
        self.endResetModel()

    def show_held(self) -> None:
        """The table is shown: the rows that changed while it was held are told to it."""
        if self._held:
            self._held = False
            if self._chairs:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._chairs) - 1, len(COLUMNS) - 1)
                )

    def chair_at(self, row: int) -> ChairSummary:
        return self._chairs[row]

    def alarm_at(self, row: int) -> AlarmCondition | None:
        return self._alarms.get(self._chairs[row].session_id)

    def set_lit(self, lit: bool) -> None:
        """Flash: repaint the rows of flashing alarms lit or unlit."""
        if lit == self.lit:
            return
        self.lit = lit
        if self._held:
            return  # behind another tab: every row is told when the table is shown
        for row, chair in enumerate(self._chairs):
            alarm = self._alarms.get(chair.session_id)
            if alarm is not None and alarm.priority is not Priority.LOW:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._chairs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks a dozen roles of every cell on each paint (the board repaints every
        # second); the ones answered here are checked first, as plain integers.
        if role not in _ANSWERED_ROLES or not index.isValid():
            return None
        if not 0 <= index.row() < len(self._chairs):
            return None
        chair = self._chairs[index.row()]
        alarm = self._alarms.get(chair.session_id)
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(chair, column, alarm)
        coloured = alarm is not None and (
            self.lit or alarm.priority is Priority.LOW or column == "Alarm"
        )
        if role == Qt.ItemDataRole.BackgroundRole:
            if alarm is not None and coloured:
                return QBrush(BACKGROUND[alarm.priority])
            if column == "NEWS2" and chair.news2_band:
                return QBrush(colors.band_color(chair.news2_band))
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if alarm is not None and coloured:
                return QBrush(TEXT[alarm.priority])
            if column == "NEWS2" and chair.news2_band:
                return QBrush(colors.text_on(colors.band_color(chair.news2_band)))
            return None
        if role == Qt.ItemDataRole.FontRole and column in ("Alarm", "Chair", "In"):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "Drug / protocol":
                return self._text(chair, column, alarm)  # the whole name where it is elided
            lines = [reasons_text(alarm)] if alarm is not None else []
            return "\n".join([*lines, *chair.alerts]) or None
        if role == Qt.ItemDataRole.UserRole:
            return chair.session_id
        return None

    def _text(self, chair: ChairSummary, column: str, alarm: AlarmCondition | None) -> str:
        item = chair.next_due
        now = self._now
        if column == "Alarm":
            if alarm is None:
                return ""
            # The first reason; all of them in the tooltip and the banner (keeps the row short).
            more = len(alarm.reasons) - 1
            first = reason_words(alarm.reasons[:1])
            return f"{priority_label(alarm.priority)}: {first}" + (f" (+{more})" if more else "")
        if column == "Chair":
            return chair.chair
        if column == "Patient":
            left = f"\n⚠ {NURSE_LEFT}" if chair.nurse_left else ""  # a charge nurse reassigns it
            return f"{chair.patient_name} · {chair.record_number}{left}"
        if column == "Drug / protocol":
            return chair.protocol_name
        if column == "Phase":
            return phase_label(chair.phase)
        if column == "Rate":
            return f"{chair.rate_ml_h:g} mL/h" if chair.rate_ml_h else "—"
        if column == "Volume":
            return f"{chair.volume_infused_ml:.0f} / {chair.bag_volume_ml:g} mL"
        if column == "Next due":
            if item is None:
                return "—"
            snoozed = (
                f" (snoozed to {clock_time(item.snoozed_until)})"
                if item.snoozed_until and now and item.snoozed_until > now
                else ""
            )
            return f"{item.label} {clock_time(item.due_at)}{snoozed}"
        if column == "In":
            return due_item_words(item, now, self._grace) if now is not None else ""
        if column == "NEWS2":
            if chair.news2_total is None:
                return "—"
            band = colors.NEWS2_BAND_LABELS.get(chair.news2_band or "", "")
            return f"{chair.news2_total} {band.split(' (')[0]}"
        if column == "Reaction":
            return f"⚠ {chair.reaction.replace('_', '-')}" if chair.reaction else ""
        return ""


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
