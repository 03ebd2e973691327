"""Session history in its 1280x720 window shows every column, Status and Amended included.

The screenshots showed Status cut at the right edge and Amended behind a horizontal scroll bar."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.ui.review.history_model import Column
from nurse_monitor.ui.review.history_window import HistoryWindow
from tests.plugins.stations import StationFor
from tests.storage.conftest import Staff


def test_every_column_is_inside_the_window(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, station_for: StationFor
) -> None:
    window = HistoryWindow(station_for(staff.charge))
    qtbot.addWidget(window)
    window.resize(1280, 720)  # as the Review menu opens it
    window.show()
    qtbot.waitExposed(window)
    header = window.table.horizontalHeader()
    visible = window.table.viewport().width()
    for column in (Column.STATUS, Column.AMENDED):
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= visible, (column.name, right, visible)
    assert header.sectionSize(Column.PROTOCOL) >= 150  # the protocol gives way, not away


def test_the_date_and_time_are_whole_in_the_bold_high_contrast_font(
    qtbot: QtBot,
    qapp,
    db: Database,
    staff: Staff,
    clock: FakeClock,  # type: ignore[no-untyped-def]
    station_for: StationFor,
) -> None:
    """High contrast cut "04 Dec 2026 21:05" to "04 Dec 2026 21..."."""
    from nurse_monitor.ui.themes import apply_theme

    apply_theme(qapp, "high_contrast")
    try:
        window = HistoryWindow(station_for(staff.charge))
        qtbot.addWidget(window)
        words = "04 Dec 2026 21:05"
        needed = window.table.fontMetrics().horizontalAdvance(words) + 12  # cell margins
        assert window.table.horizontalHeader().sectionSize(Column.DATE) >= needed
    finally:
        apply_theme(qapp, "light")
