"""The timeline as a table model: each entry's line is worded once and kept, so a reload of a long
session costs a comparison, and a new entry is one inserted row (the selection stays put)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from nurse_monitor.domain.alarm_priority import reason_words
from nurse_monitor.domain.entry_fields import TIME, field_words
from nurse_monitor.services.chair_view import ChairView, TimelineEntry, stored_moment
from nurse_monitor.ui import colors
from nurse_monitor.ui.time_format import clock_time, date_time
from nurse_monitor.ui.workspace.timeline_words import TITLES, original_text

AMENDMENT_COLOUR = QColor(Qt.GlobalColor.darkBlue)
DETAILS = 2

AnyIndex = QModelIndex | QPersistentModelIndex


class TimelineChange(Enum):
    NONE = "none"  # the same rows
    APPENDED = "appended"  # rows added at the end
    RESET = "reset"  # rows inserted earlier or changed: the table was rebuilt


@dataclass(frozen=True)
class TimelineRow:
    """One line: an entry (struck through when amended), or one of its amendments below it."""

    key: tuple[Any, ...]
    cells: tuple[str, str, str, str]
    entry: TimelineEntry | None  # None for an amendment's line
    struck: bool


class TimelineModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TimelineRow] = []
        self._worded: dict[tuple[Any, ...], TimelineRow] = {}
        self._headers = (self.tr("Time"), self.tr("Entry"), self.tr("Details"), self.tr("By"))
        self._struck_font = QFont()
        self._struck_font.setStrikeOut(True)
        self.temperature_unit = "C"

    def set_temperature_unit(self, unit: str) -> None:
        """Temperatures in `unit` from the next `show_entries` (every line worded again)."""
        self.temperature_unit = unit
        self._worded = {}

    # -- what the table asks -----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.FontRole and row.struck and index.column() == DETAILS:
            return self._struck_font
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == DETAILS:
            if row.struck:
                return self.tr("Original value, kept after an amendment")
            return row.cells[DETAILS]  # the whole line where the column cuts it short
        if role == Qt.ItemDataRole.ForegroundRole and row.entry is None:
            return colors.text("amended")
        return None

    # -- what the panel does -----------------------------------------------------------------
    def entry_at(self, row: int) -> TimelineEntry | None:
        return self._rows[row].entry if 0 <= row < len(self._rows) else None

    def row_of(self, event_id: int) -> int | None:
        for number, row in enumerate(self._rows):
            if row.entry is not None and row.entry.event.id == event_id:
                return number
        return None

    def struck_rows(self) -> list[int]:
        return [n for n, row in enumerate(self._rows) if row.struck]

    def show_entries(self, view: ChairView) -> TimelineChange:
        rows = self._rows_for(view)
        old = [r.key for r in self._rows]
        new = [r.key for r in rows]
        if new == old:
            return TimelineChange.NONE
        if new[: len(old)] == old:
            self.beginInsertRows(QModelIndex(), len(old), len(new) - 1)
            self._rows = rows
            self.endInsertRows()
            return TimelineChange.APPENDED
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        return TimelineChange.RESET

    def _rows_for(self, view: ChairView) -> list[TimelineRow]:
        # Chunks of rows (an entry and its amendments, one alarm log line, or one pump line)
        # merged by time.
        chunks: list[tuple[datetime, list[TimelineRow]]] = []
        worded: dict[tuple[Any, ...], TimelineRow] = {}
        for number, logged in enumerate(view.alarm_log):
            key: tuple[Any, ...] = ("alarm", number, logged.at, logged.what)
            alarm_row = self._worded.get(key) or TimelineRow(
                key,
                (
                    clock_time(logged.at),
                    self.tr("Alarm %1").replace("%1", self.tr(logged.what)),
                    f"{logged.priority}: {reason_words(logged.reasons)}",
                    logged.by or self.tr("station"),
                ),
                None,
                False,
            )
            worded[key] = alarm_row
            chunks.append((logged.at, [alarm_row]))
        for said in view.pump_log:  # read-only: what the pump said, and if it was charted
            key = ("pump", said.received_at, said.pump_id, said.channel, said.what, said.done)
            pump_row = self._worded.get(key) or TimelineRow(
                key,
                (
                    clock_time(said.received_at),
                    self.tr("Pump %1").replace("%1", said.pump_id),
                    f"{said.what} ({said.done})",
                    self.tr("pump"),
                ),
                None,
                False,
            )
            worded[key] = pump_row
            chunks.append((said.received_at, [pump_row]))
        for entry in view.timeline:
            rows: list[TimelineRow] = []
            key = ("entry", entry.event.id, entry.by, len(entry.amendments), self.temperature_unit)
            row = self._worded.get(key) or TimelineRow(
                key,
                (
                    clock_time(entry.event.occurred_at),
                    TITLES.get(entry.event.type, entry.event.type),
                    original_text(
                        entry,
                        view.protocol,
                        self.tr("  (amended, see below)"),
                        self.temperature_unit,
                    ),
                    entry.by,
                ),
                entry,
                bool(entry.amendments),
            )
            if row.entry is not entry:
                row = TimelineRow(row.key, row.cells, entry, row.struck)
            rows.append(row)
            worded[key] = row
            chunks.append((entry.event.occurred_at, rows))
            for amendment in entry.amendments:
                by = view.people.get(amendment.amended_by_id, "?")
                key = ("amendment", amendment.id, by)
                line = self._worded.get(key) or TimelineRow(
                    key,
                    (
                        clock_time(amendment.amended_at),
                        self.tr("  ↳ Amended"),
                        f"{field_words(entry.event.type, amendment.field)}: "
                        f"{_shown(amendment.original_value, amendment.field)} → "
                        f"{_shown(amendment.new_value, amendment.field)} "
                        f"— {self.tr('reason')}: {amendment.reason}",
                        by,
                    ),
                    None,
                    False,
                )
                rows.append(line)
                worded[key] = line
        self._worded = worded
        chunks.sort(key=lambda chunk: chunk[0])  # stable: entries keep their order
        return [row for _, part in chunks for row in part]


def _shown(value: Any, field: str) -> str:
    """An amended value as the nurse reads it: a time in the station's local time."""
    moment = stored_moment(value) if field == TIME else None
    return date_time(moment) if moment is not None else str(value)
