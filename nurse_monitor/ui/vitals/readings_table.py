"""The session's vital-sign readings as a table, newest first, abnormal values flagged.

Newest first: the reading the nurse acts on is the latest one, and it stays at the top without
scrolling as a 4-6 hour session adds 20-40 rows; the chart beside it shows the trend in time
order. A value NEWS2 scores is flagged three ways, so colour is never the only signal: the
score's background colour, a marker (▲ high, ▼ low, ! other) and a tooltip saying why.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from nurse_monitor.domain.news2 import RESPONSES, News2Band
from nurse_monitor.domain.vital_signs import celsius_to_fahrenheit
from nurse_monitor.services.chair_view import ReadingRecord
from nurse_monitor.ui import colors
from nurse_monitor.ui.time_format import clock_time, date_time
from nurse_monitor.ui.vitals.news2_flags import (
    NOT_FLAGGED,
    Flag,
    consciousness_flag,
    flag,
    oxygen_flag,
    worst,
)

ModelIndex = QModelIndex | QPersistentModelIndex
NOT_RECORDED = "—"


class Column(IntEnum):
    TIME = 0
    BP = 1
    HR = 2
    RR = 3
    TEMP = 4
    SPO2 = 5
    ACVPU = 6
    PAIN = 7
    NEWS2 = 8
    NOTE = 9
    BY = 10


ACVPU_LETTERS = {
    "alert": ("A", "Alert"),
    "new_confusion": ("C", "New confusion"),
    "voice": ("V", "Responds to voice"),
    "pain": ("P", "Responds to pain"),
    "unresponsive": ("U", "Unresponsive"),
}
BAND_SHORT = {"low": "Low", "low_medium": "Low-med", "medium": "Medium", "high": "High"}


class ReadingsModel(QAbstractTableModel):
    """Read-only table of ReadingRecord, newest first. Emits only QAbstractItemModel's signals.

    Args:
        temperature_unit: "C" or "F" for the Temp column (stored and scored in Celsius).
    """

    def __init__(
        self,
        readings: Sequence[ReadingRecord] = (),
        *,
        temperature_unit: str = "C",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._unit = temperature_unit
        self._readings = self._newest_first(readings)

    # ----- public -----

    def set_readings(self, readings: Sequence[ReadingRecord]) -> None:
        self.beginResetModel()
        self._readings = self._newest_first(readings)
        self.endResetModel()

    def set_temperature_unit(self, unit: str) -> None:
        self._unit = unit
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, Column.TEMP, Column.TEMP)
        if self._readings:
            top, bottom = (
                self.index(0, Column.TEMP),
                self.index(len(self._readings) - 1, Column.TEMP),
            )
            self.dataChanged.emit(top, bottom)

    def reading_at(self, row: int) -> ReadingRecord:
        return self._readings[row]

    # ----- QAbstractTableModel -----

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._readings)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[Column(section)][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._headers()[Column(section)][1]
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._readings):
            return None
        reading = self._readings[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(reading, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (Column.NOTE, Column.BY):
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            return self._colors(reading, column, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(reading, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            header = self._headers()[column][1]
            reason = self._flag(reading, column).reason
            text = f"{header}: {self._text(reading, column)}"
            return f"{text}. {reason}" if reason else text
        return None

    # ----- cells -----

    def _headers(self) -> dict[Column, tuple[str, str]]:
        unit = "°F" if self._unit == "F" else "°C"
        return {
            Column.TIME: (self.tr("Time"), self.tr("Time taken (local)")),
            Column.BP: (self.tr("BP"), self.tr("Blood pressure, systolic/diastolic mmHg")),
            Column.HR: (self.tr("HR"), self.tr("Heart rate /min")),
            Column.RR: (self.tr("RR"), self.tr("Respiratory rate /min")),
            Column.TEMP: (self.tr("Temp %1").replace("%1", unit), self.tr("Temperature")),
            Column.SPO2: (self.tr("SpO₂"), self.tr("SpO₂ %, O2 when on oxygen")),
            Column.ACVPU: (self.tr("ACVPU"), self.tr("Consciousness (ACVPU)")),
            Column.PAIN: (self.tr("Pain"), self.tr("Pain score 0-10")),
            Column.NEWS2: (self.tr("NEWS2"), self.tr("NEWS2 total and response band")),
            Column.NOTE: (self.tr("Note"), self.tr("Note")),
            Column.BY: (self.tr("By"), self.tr("Recorded by")),
        }

    def _flag(self, r: ReadingRecord, column: Column) -> Flag:
        scores = r.parameter_scores
        if column == Column.BP:
            return flag("systolic", r.systolic, scores.get("systolic"))
        if column == Column.HR:
            return flag("heart_rate", r.heart_rate, scores.get("heart_rate"))
        if column == Column.RR:
            return flag("respiratory_rate", r.respiratory_rate, scores.get("respiratory_rate"))
        if column == Column.TEMP:
            return flag("temperature", r.temperature_c, scores.get("temperature"))
        if column == Column.SPO2:
            return worst(
                flag("spo2", r.spo2, scores.get("spo2")),
                oxygen_flag(r.on_oxygen, scores.get("air_or_oxygen")),
            )
        if column == Column.ACVPU:
            return consciousness_flag(r.consciousness, scores.get("consciousness"))
        return NOT_FLAGGED

    def _text(self, r: ReadingRecord, column: Column) -> str:
        value = self._value(r, column)
        marker = self._flag(r, column).marker
        return f"{value} {marker}" if marker else value

    def _value(self, r: ReadingRecord, column: Column) -> str:
        def number(value: object) -> str:
            return NOT_RECORDED if value is None else str(value)

        if column == Column.TIME:
            return clock_time(r.taken_at)
        if column == Column.BP:
            if r.systolic is None and r.diastolic is None:
                return NOT_RECORDED
            return f"{number(r.systolic)}/{number(r.diastolic)}"
        if column == Column.HR:
            return number(r.heart_rate)
        if column == Column.RR:
            return number(r.respiratory_rate)
        if column == Column.TEMP:
            if r.temperature_c is None:
                return NOT_RECORDED
            value = celsius_to_fahrenheit(r.temperature_c) if self._unit == "F" else r.temperature_c
            return f"{value:.1f}"
        if column == Column.SPO2:
            return f"{number(r.spo2)} O2" if r.on_oxygen else number(r.spo2)
        if column == Column.ACVPU:
            return ACVPU_LETTERS.get(r.consciousness, (r.consciousness, ""))[0]
        if column == Column.PAIN:
            return number(r.pain)
        if column == Column.NEWS2:
            if r.news2_total is None:
                return NOT_RECORDED
            return f"{r.news2_total} {BAND_SHORT.get(r.news2_band or '', '')}".strip()
        if column == Column.NOTE:
            return r.note
        return r.recorded_by

    def _colors(self, r: ReadingRecord, column: Column, role: int) -> QBrush | None:
        background = role == Qt.ItemDataRole.BackgroundRole
        if column == Column.NEWS2:
            if r.news2_band in (None, "low"):
                return None
            if background:
                return QBrush(colors.band_color(r.news2_band))
            return QBrush(colors.text_on(colors.band_color(r.news2_band)))
        score = self._flag(r, column).score
        if not score:
            return None
        # Dark text on the light flag colours, whatever the theme's own text colour.
        return QBrush(colors.SCORE_COLORS[min(score, 3)] if background else colors.TEXT_ON_DUE)

    def _tooltip(self, r: ReadingRecord, column: Column) -> str | None:
        if column == Column.TIME:
            return date_time(r.taken_at)
        if column == Column.ACVPU:
            word = ACVPU_LETTERS.get(r.consciousness, (r.consciousness, r.consciousness))[1]
            reason = self._flag(r, column).reason
            return f"{word}. {reason}" if reason else word
        if column == Column.NEWS2 and r.news2_band:
            label = colors.NEWS2_BAND_LABELS.get(r.news2_band, r.news2_band)
            response = RESPONSES.get(News2Band(r.news2_band), "")
            return f"NEWS2 {r.news2_total}, {label}. {response}"
        if column == Column.NOTE:
            return r.note or None
        if column == Column.TEMP and r.temperature_c is not None and self._unit == "F":
            reason = self._flag(r, column).reason
            celsius = f"{r.temperature_c:.1f} °C"
            return f"{celsius}. {reason}" if reason else celsius
        return self._flag(r, column).reason or None

    @staticmethod
    def _newest_first(readings: Sequence[ReadingRecord]) -> list[ReadingRecord]:
        return sorted(readings, key=lambda r: r.taken_at, reverse=True)


class ReadingsTable(QTableView):
    """The readings table view with widths that fit 1366x768. Emits QTableView's signals."""

    _WIDTHS: ClassVar[dict[Column, int]] = {
        Column.TIME: 60,
        Column.BP: 84,
        Column.HR: 58,
        Column.RR: 52,
        Column.TEMP: 70,
        Column.SPO2: 70,
        Column.ACVPU: 60,
        Column.PAIN: 50,
        Column.NEWS2: 90,
        Column.BY: 150,  # "Dana Whitfield, RN" whole (110 cut it to "Dana Whitfield...")
    }

    def __init__(self, model: ReadingsModel | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.readings_model = model if model is not None else ReadingsModel(parent=self)
        self.setModel(self.readings_model)
        self.setAccessibleName(self.tr("Vital signs readings, newest first"))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(34)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        for column, width in self._WIDTHS.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.NOTE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
