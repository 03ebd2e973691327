"""The history window and its model: qtmodeltester, rows fetched page by page as the view
scrolls, debounced filters, sorting, selection for exports, co-signing; and the review views
(session detail, patient history, audit log, handoff) with their accessible, touch-sized
controls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDateEdit, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import amendments, audit
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database, open_database, sqlite_url_for
from nurse_monitor.services.errors import PermissionDenied
from nurse_monitor.services.history import HistoryFilter, history_page
from nurse_monitor.services.seed import seed_sessions
from nurse_monitor.storage.models import AlarmLogEntry
from nurse_monitor.storage.repositories import alarm_log
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.review.audit_log import AuditLogView
from nurse_monitor.ui.review.handoff import HandoffView
from nurse_monitor.ui.review.history_model import Column, HistoryModel
from nurse_monitor.ui.review.history_window import HistoryWindow
from nurse_monitor.ui.review.patient_history import PatientHistoryView
from nurse_monitor.ui.review.session_detail import TAB_AUDIT, SessionDetailView
from tests.gui.station_steps import station_at
from tests.storage.conftest import Staff, make_staff

SESSIONS = 230  # several pages of 50, the last one short
# Seeded once per module (`seeded_file`): under xdist the module's tests stay on one worker.
pytestmark = pytest.mark.xdist_group("history_window")


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from datetime import UTC, datetime

    path = tmp_path_factory.mktemp("history") / "record.db"
    db = open_database(sqlite_url_for(path), FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC)))
    make_staff(db)
    seed_sessions(db, SESSIONS, days=60, rng_seed=3)
    db.close()
    return path


@pytest.fixture
def db(seeded_file: Path, tmp_path: Path, clock: FakeClock) -> Iterator[Database]:
    copy = tmp_path / "record.db"
    copy.write_bytes(seeded_file.read_bytes())
    database = open_database(sqlite_url_for(copy), clock)
    yield database
    database.close()


@pytest.fixture
def staff(db: Database) -> Staff:
    from nurse_monitor.services.users import actor_by_username

    return Staff(*(actor_by_username(db, u) for u in ("nurse.a", "charge.b", "admin.c")))


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> dialogs.RecordingDialogs:
    recording = dialogs.RecordingDialogs()
    monkeypatch.setattr(dialogs, "dialogs", recording)
    return recording


@pytest.fixture
def window(qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock) -> HistoryWindow:
    w = HistoryWindow(station_at(db, staff.charge, clock))
    qtbot.addWidget(w)
    return w


def test_the_model_passes_qtmodeltester(qtmodeltester, db: Database, staff: Staff) -> None:  # type: ignore[no-untyped-def]
    model = HistoryModel(station_at(db, staff.charge))
    model.reload()
    qtmodeltester.check(model, force_py=True)  # stays connected: the re-sort is checked too
    model.sort(Column.NEWS2, Qt.SortOrder.AscendingOrder)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == SESSIONS


def test_rows_are_fetched_a_page_at_a_time(db: Database, staff: Staff) -> None:
    model = HistoryModel(station_at(db, staff.charge))
    model.reload()
    assert model.rowCount() == HistoryModel.PAGE and model.total() == SESSIONS
    counts = []
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        counts.append(model.rowCount())
    assert counts == [*range(2 * HistoryModel.PAGE, SESSIONS, HistoryModel.PAGE), SESSIONS]
    every = history_page(db, staff.charge, HistoryFilter(), limit=1000)
    assert [model.row_at(r).session_id for r in range(SESSIONS)] == [r.session_id for r in every]


def test_scrolling_to_the_end_fetches_the_next_page(qtbot: QtBot, window: HistoryWindow) -> None:
    window.show()
    qtbot.waitExposed(window)
    bar = window.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # the first page is taller than the view
    assert window.model.rowCount() == HistoryModel.PAGE
    bar.setValue(bar.maximum())
    assert window.model.rowCount() == 2 * HistoryModel.PAGE
    window.close()


def test_sorting_a_column_requeries(window: HistoryWindow) -> None:
    for column in Column:
        window.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
        assert window.model.current_sort().descending is False
        window.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        assert window.model.rowCount() == HistoryModel.PAGE
    window.table.sortByColumn(Column.GRADE, Qt.SortOrder.DescendingOrder)
    assert window.model.row_at(0).worst_grade == max(
        r.worst_grade or 0
        for r in history_page(
            window.station.db, window.station.signed_in(), HistoryFilter(), limit=1000
        )
    )


def test_filters_apply_after_the_user_stops_typing(qtbot: QtBot, window: HistoryWindow) -> None:
    first = window.model.row_at(0)
    with qtbot.assertNotEmitted(window.model.loaded, wait=0):
        qtbot.keyClicks(window.patient, first.record_number)
    assert window.debounce.isActive()
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        pass
    assert not window.debounce.isActive()
    assert {window.model.row_at(r).patient_id for r in range(window.model.rowCount())} == {
        first.patient_id
    }
    assert window.current_filter().patient_text == first.record_number
    window.grade.setCurrentIndex(window.grade.findData("1"))
    window.apply_filter()
    assert all(
        (window.model.row_at(r).worst_grade or 0) >= 1 for r in range(window.model.rowCount())
    )
    window.close()


def test_selection_feeds_the_exports(window: HistoryWindow) -> None:
    window.table.selectRow(0)
    assert window.selected_session_ids() == [window.model.row_at(0).session_id]
    window.table.selectAll()
    assert len(window.selected_session_ids()) == window.model.rowCount()
    assert window.current_filter() == HistoryFilter()


def test_cosign_from_the_window(
    window: HistoryWindow, shown: dialogs.RecordingDialogs, db: Database, staff: Staff
) -> None:
    window.awaiting.setChecked(True)
    window.apply_filter()
    before = window.model.total()
    target = window.model.row_at(0)
    window.table.selectRow(0)
    assert window.cosign_button.isEnabled()
    shown.text_answers.append("checked the chart")
    window.cosign_button.click()
    assert window.model.total() == before - 1
    entries = audit.audit_trail(
        db, staff.charge, record_type="session", record_id=target.session_id
    )
    assert entries[0].action == "cosign", [(e.at, e.action) for e in entries]


def test_a_nurse_sees_no_cosign_button(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock
) -> None:
    w = HistoryWindow(station_at(db, staff.nurse, clock))
    qtbot.addWidget(w)
    assert not w.cosign_button.isVisibleTo(w)


def accessible_and_touch_sized(root: QWidget) -> None:
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QAbstractButton | QLineEdit | QComboBox | QDateEdit):
            if widget.parent() is not None and not widget.isVisibleTo(root):
                continue
            if type(widget).__name__ == "QToolButton" or widget.objectName().startswith("qt_"):
                continue  # Qt's own parts: tab scrollers, the table's corner button
            name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
            assert name, f"{type(widget).__name__} {widget.objectName()} has no accessible name"
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QComboBox | QDateEdit):
                continue
            assert widget.minimumHeight() >= 48 or widget.sizeHint().height() >= 48, name


def test_controls_are_named_and_touch_sized(window: HistoryWindow) -> None:
    accessible_and_touch_sized(window)


def test_session_detail_is_read_only_audited_and_strikes_originals(
    qtbot: QtBot, window: HistoryWindow, db: Database, staff: Staff
) -> None:
    rows = history_page(db, staff.charge, HistoryFilter(), limit=1000)
    row = next(r for r in rows if r.worst_grade is not None)
    detail = chair_view(db, staff.nurse, row.session_id)
    vitals = next(t for t in detail.timeline if t.event.type == "vitals")
    amendments.amend_session_entry(  # a charge nurse may amend another nurse's signed session
        db, staff.charge, row.session_id, vitals.event.id, "spo2", 97, "monitor re-read"
    )
    view = window.open_session(row.session_id)
    assert isinstance(view, SessionDetailView)
    qtbot.addWidget(view)
    assert view.timeline.rowCount() > 10
    struck = [
        view.amendments.item(r, 3).font().strikeOut() for r in range(view.amendments.rowCount())
    ]
    assert struck and all(struck)
    assert view.readings.model().rowCount() == len(view.detail.view.readings)
    assert view.chart.plot_items()["infusion_rate"].xData is not None
    assert view.tabs.isTabEnabled(TAB_AUDIT) and view.audit.rowCount() >= 2
    views = audit.audit_trail(db, staff.charge, record_type="session", record_id=row.session_id)
    assert views[0].action == "view" and views[0].user_id == staff.charge.user_id
    accessible_and_touch_sized(view)
    window.close()
    assert not view.isVisible()


def test_a_nurse_opens_a_session_without_its_audit(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock
) -> None:
    view = SessionDetailView(station_at(db, staff.nurse, clock), 1)
    qtbot.addWidget(view)
    assert not view.tabs.isTabEnabled(TAB_AUDIT)
    assert not view.cosign_button.isVisibleTo(view)


def test_patient_history_view(qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock) -> None:
    row = history_page(db, staff.charge, HistoryFilter(), limit=1)[0]
    view = PatientHistoryView(station_at(db, staff.charge, clock), row.patient_id)
    qtbot.addWidget(view)
    assert view.sessions.rowCount() == len(view.history.sessions) >= 1
    assert not view.discontinued.isVisibleTo(view)
    assert view.next_dose.text()
    view.sessions.selectRow(0)
    assert view.open_button.isEnabled()
    accessible_and_touch_sized(view)


def test_audit_log_view_filters_by_user(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock
) -> None:
    with pytest.raises(PermissionDenied):
        AuditLogView(station_at(db, staff.nurse, clock))
    view = AuditLogView(station_at(db, staff.charge, clock))
    qtbot.addWidget(view)
    assert view.table.rowCount() == len(view.entries) > 0
    view.record_type.setCurrentIndex(view.record_type.findData("session"))
    view.record_id.setText("1")
    assert view.debounce.isActive()
    view.refresh()
    assert view.entries and all(e.record_id == 1 for e in view.entries)
    accessible_and_touch_sized(view)
    view.close()


def test_handoff_view_lists_the_chairs_in_use(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock
) -> None:
    from nurse_monitor.services import chair_actions as chair
    from nurse_monitor.services.patients import find_patients
    from tests.services.chair_walk import begin_initial, prepare_to_start

    patient = find_patients(db, staff.nurse, "MRN-3")[0]
    # a seeded patient mid-course: this dose may come before the minimum interval
    session = begin_initial(db, staff.nurse, patient, "Chair 7", "test", "Dr Test")
    prepare_to_start(db, staff.nurse, clock, session.id)
    chair.start_infusion(db, staff.nurse, session.id, 30)
    view = HandoffView(station_at(db, staff.charge, clock))
    qtbot.addWidget(view)
    assert view.table.rowCount() == 1
    assert view.table.item(0, 0).text() == "Chair 7"
    assert "Vital signs" in view.table.item(0, 3).text() or view.table.item(0, 3).text()
    accessible_and_touch_sized(view)


def test_cosign_goes_through_the_stations_change_edge(
    qtbot: QtBot, window: HistoryWindow, shown: dialogs.RecordingDialogs, db: Database
) -> None:
    from nurse_monitor.services.changes import ChangeKind

    window.awaiting.setChecked(True)
    window.apply_filter()
    target = window.model.row_at(0)
    window.table.selectRow(0)
    shown.text_answers.append("checked the chart")
    with qtbot.waitSignal(window.station.ops.changed) as heard:
        window.cosign_button.click()
    change = heard.args[0].session(target.session_id)
    assert change is not None and ChangeKind.CO_SIGNATURE in change.kinds
    window.station.ops.detach()


def test_the_audit_log_reads_as_sentences(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock
) -> None:
    from nurse_monitor.services.patients import find_patients
    from tests.services.chair_walk import begin_initial

    patient = find_patients(db, staff.nurse, "MRN-3")[0]
    begin_initial(db, staff.nurse, patient, "Chair 7", "test", "Dr Test")
    view = AuditLogView(station_at(db, staff.charge, clock))
    qtbot.addWidget(view)
    texts = [view.table.item(r, 2).text() for r in range(view.table.rowCount())]
    started = next(t for t in texts if "started a session" in t)
    assert started.startswith(staff.nurse.full_name)
    whose = f"{patient.family_name}, {patient.given_name} ({patient.record_number}), Chair 7 on "
    assert f"started a session for {whose}" in started
    everything = " ".join(
        view.table.item(r, c).text() for r in range(view.table.rowCount()) for c in range(4)
    )
    for jargon in ("bytes:", "seed:", "session 1 ", "user 2", "True"):
        assert jargon not in everything
    view.close()


def test_the_alarm_response_filter_lists_the_slowly_answered_sessions(
    window: HistoryWindow, db: Database
) -> None:
    slow = window.model.row_at(0).session_id
    raised = window.model.row_at(0).created_at
    with db.write() as s:
        alarm_log.add_entries(
            s,
            [
                AlarmLogEntry(session_id=slow, at=raised, what="raised", priority="high",
                              reasons="news2_high", by_name=""),
                AlarmLogEntry(session_id=slow, at=raised + timedelta(minutes=12),
                              what="acknowledged", priority="high", reasons="news2_high",
                              by_name="A. Nurse"),
            ],
        )  # fmt: skip
    window.alarm_response.setCurrentIndex(window.alarm_response.findData("10"))
    assert window.current_filter().slow_response_min == 10
    window.apply_filter()
    assert [window.model.row_at(r).session_id for r in range(window.model.rowCount())] == [slow]
    window.alarm_response.setCurrentIndex(window.alarm_response.findData("15"))
    window.apply_filter()
    assert window.model.rowCount() == 0
    window.close()
