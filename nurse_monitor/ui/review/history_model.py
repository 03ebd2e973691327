"""The session history as a Qt table model that filters and sorts in SQL and fetches pages of
rows as the view scrolls (canFetchMore/fetchMore), never the whole history at once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.history import (
    HistoryFilter,
    HistoryRow,
    HistorySort,
    history_first_page,
    history_page,
)
from nurse_monitor.ui import colors
from nurse_monitor.ui.review.review_parts import status_text
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.time_format import date_time

ModelIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    DATE = 0
    CHAIR = 1
    PATIENT = 2
    RECORD_NUMBER = 3
    PROTOCOL = 4
    NURSE = 5
    DURATION = 6
    VOLUME = 7
    NEWS2 = 8
    GRADE = 9
    STATUS = 10
    AMENDED = 11


@dataclass(frozen=True)
class _Header:
    title: str
    tooltip: str
    sort_key: str


SESSION_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class HistoryModel(QAbstractTableModel):
    """Sessions matching a filter, in pages of `PAGE` rows (a few screens of the window).

    Signals:
        loaded(int): a filter or sort was applied; the argument is how many sessions match.
        failed(str): the history could not be read; the message says why.
    """

    loaded = Signal(int)
    failed = Signal(str)
    PAGE = 50

    def __init__(self, station: Station, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self._filter = HistoryFilter()
        self._sort = HistorySort()
        self._rows: list[HistoryRow] = []
        self._more = False
        self._busy = False
        self._total = 0
        self._headers = {
            Column.DATE: _Header(self.tr("Date"), self.tr("When the session began"), "date"),
            Column.CHAIR: _Header(self.tr("Chair"), "", "chair"),
            Column.PATIENT: _Header(self.tr("Patient"), "", "patient"),
            Column.RECORD_NUMBER: _Header(self.tr("Record no."), "", "record_number"),
            Column.PROTOCOL: _Header(self.tr("Protocol"), "", "protocol"),
            Column.NURSE: _Header(self.tr("Nurse"), "", "nurse"),
            Column.DURATION: _Header(
                self.tr("Duration"), self.tr("From infusion start to end"), "duration"
            ),
            Column.VOLUME: _Header(self.tr("Volume mL"), self.tr("Volume infused"), "volume"),
            Column.NEWS2: _Header(self.tr("NEWS2 max"), self.tr("Highest NEWS2"), "news2"),
            Column.GRADE: _Header(
                self.tr("Reaction"), self.tr("Worst reaction, CTCAE grade"), "grade"
            ),
            Column.STATUS: _Header(self.tr("Status"), "", "status"),
            Column.AMENDED: _Header(self.tr("Amended"), "", "amended"),
        }

    # ----- what the window uses -----

    def set_filter(self, f: HistoryFilter) -> None:
        self._filter = f
        self.reload()

    def current_filter(self) -> HistoryFilter:
        return self._filter

    def current_sort(self) -> HistorySort:
        return self._sort

    def total(self) -> int:
        """How many sessions match the filter (the view holds only the pages fetched so far)."""
        return self._total

    def row_at(self, row: int) -> HistoryRow:
        return self._rows[row]

    def reload(self) -> None:
        """Apply the current filter and sort from the first page."""
        # No fetchMore while the reset is in flight (a view may ask during modelAboutToBeReset).
        self._more = False
        self._busy = True
        self.beginResetModel()
        self._rows, self._total = [], 0
        error = None
        try:
            first = history_first_page(
                self.station.db, self.station.signed_in(), self._filter, self._sort, self.PAGE + 1
            )
            self._total = first.total
            self._rows = self._keep_page(first.rows)
        except ServiceError as exc:
            error = str(exc)
        self.endResetModel()
        self._busy = False
        if error is not None:
            self.failed.emit(error)
        else:
            self.loaded.emit(self._total)

    # ----- QAbstractTableModel -----

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def canFetchMore(self, parent: ModelIndex) -> bool:
        return not parent.isValid() and self._more and not self._busy

    def fetchMore(self, parent: ModelIndex) -> None:
        if not self.canFetchMore(parent):
            return
        try:
            page = self._page(len(self._rows))
        except ServiceError as exc:
            self._more = False
            self.failed.emit(str(exc))
            return
        if not page:
            self._more = False
            return
        first = len(self._rows)
        self._busy = True  # a view may ask canFetchMore while the insert is announced
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()
        self._busy = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        key = self._headers[Column(column)].sort_key
        self._sort = HistorySort(key, order == Qt.SortOrder.DescendingOrder)
        self.reload()

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        header = self._headers[Column(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return header.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return header.tooltip or header.title
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(r, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            Column.DURATION,
            Column.VOLUME,
            Column.NEWS2,
            Column.GRADE,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(r, column)
        if role == Qt.ItemDataRole.ForegroundRole and self._background(r, column) is not None:
            return QBrush(colors.TEXT_ON_DUE)  # dark text on the light flag, in every theme
        if role == SESSION_ID_ROLE:
            return r.session_id
        return None

    # ----- private -----

    def _page(self, offset: int) -> list[HistoryRow]:
        rows = history_page(
            self.station.db,
            self.station.signed_in(),
            self._filter,
            self._sort,
            offset,
            self.PAGE + 1,
        )
        return self._keep_page(rows)

    def _keep_page(self, rows: list[HistoryRow]) -> list[HistoryRow]:
        """A page asked for one row more than it keeps: that row says whether more follow."""
        self._more = len(rows) > self.PAGE
        return rows[: self.PAGE]

    def _text(self, r: HistoryRow, column: Column) -> str:
        if column is Column.DATE:
            return date_time(r.created_at)
        if column is Column.CHAIR:
            return r.chair
        if column is Column.PATIENT:
            return r.patient_name
        if column is Column.RECORD_NUMBER:
            return r.record_number
        if column is Column.PROTOCOL:
            return r.protocol_name
        if column is Column.NURSE:
            return r.nurse_name
        if column is Column.DURATION:
            if r.duration_min is None:
                return "—"
            hours, minutes = divmod(r.duration_min, 60)
            return f"{hours} h {minutes:02d}" if hours else f"{minutes} min"
        if column is Column.VOLUME:
            return "—" if r.volume_infused_ml is None else f"{r.volume_infused_ml:g}"
        if column is Column.NEWS2:
            return "—" if r.highest_news2 is None else str(r.highest_news2)
        if column is Column.GRADE:
            return self.tr("none") if r.worst_grade is None else f"G{r.worst_grade}"
        if column is Column.STATUS:
            return status_text(r.status, r.needs_review)
        return self.tr("Amended") if r.amended else ""

    def _tooltip(self, r: HistoryRow, column: Column) -> str | None:
        if column is Column.GRADE and r.worst_grade is not None:
            return self.tr("Worst reaction: CTCAE grade %1").replace("%1", str(r.worst_grade))
        if column is Column.PROTOCOL:
            return f"{r.protocol_name} (infusion {r.infusion_number})"
        text = self._text(r, column)
        return text or None

    def _background(self, r: HistoryRow, column: Column) -> QBrush | None:
        if column is Column.GRADE and r.worst_grade is not None:
            return QBrush(colors.SCORE_COLORS[3 if r.worst_grade >= 3 else 2])
        if column is Column.STATUS and r.awaiting_cosign:
            return QBrush(colors.SCORE_COLORS[1])
        return None
