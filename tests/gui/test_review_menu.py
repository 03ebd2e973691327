"""The Review menu: PDFs of what the history window shows, and the handoff sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.review.history_window import HistoryWindow
from tests.gui.station_steps import open_station, station_at
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff


def charge_window(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, **ports
) -> MainWindow:
    return open_station(qtbot, db, clock, staff.charge, **ports)


def test_history_export_writes_a_pdf_per_session_into_the_chosen_folder(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
    tmp_path: Path,
    chime,
    notifier,
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    window = charge_window(qtbot, db, staff, clock, chime=chime, notifier=notifier)
    history = HistoryWindow(station_at(db, staff.charge, clock))
    qtbot.addWidget(history)
    history.apply_filter()
    with qtbot.waitSignal(history.export_requested) as requested:
        history.export_button.click()  # nothing selected: every session the filter finds
    assert requested.args[0] == [session.id]
    out = tmp_path / "out"
    out.mkdir()
    shown.path_answers.append(str(out))
    window.review.export_pdfs(requested.args[0])
    with qtbot.waitSignal(window.review.batch_dialog.finished_export, timeout=60_000) as done:
        pass
    assert [r.ok for r in done.args[0]] == [True]
    # Named by record number, date and drug for filing in the chart, not session-000001.pdf.
    day = clock.now().astimezone().date().isoformat()
    assert [p.name for p in out.iterdir()] == [f"MRN-100234 {day} ocrelizumab.pdf"]
    # The folder picker opened in the user's documents folder.
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert ("choose_folder", "Export PDFs into folder", documents) in shown.shown
    assert any(e.action == "export" for e in audit_trail(db, staff.charge))
    # A second export of the same session into the same folder keeps the first file.
    shown.path_answers.append(str(out))
    window.review.export_pdfs([session.id])
    with qtbot.waitSignal(window.review.batch_dialog.finished_export, timeout=60_000):
        pass
    assert sorted(p.name for p in out.iterdir()) == [
        f"MRN-100234 {day} ocrelizumab session {session.id}.pdf",
        f"MRN-100234 {day} ocrelizumab.pdf",
    ]


def test_quitting_with_an_infusion_running_asks_first_and_closes_review_windows(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
    chime,
    notifier,
) -> None:
    from nurse_monitor.services import chair_actions as chair
    from tests.services.chair_walk import prepare_to_start

    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    chair.start_infusion(db, staff.nurse, session.id, 30)
    window = open_station(qtbot, db, clock, staff.nurse, chime=chime, notifier=notifier, show=True)
    window.review._on_history_triggered()
    history = window.review.windows[0]
    quit_action = next(a for a in window.findChildren(QAction) if a.text() == "&Quit")
    shown.confirm_answers.append(False)
    quit_action.trigger()
    assert shown.shown[-1][0] == "confirm"
    assert "1 chair(s) still infusing: Chair 3" in shown.shown[-1][2]
    assert window.isVisible() and history.isVisible()
    shown.confirm_answers.append(True)
    quit_action.trigger()
    assert not window.isVisible()
    assert not isValid(history) or not history.isVisible()


def test_the_handoff_sheet_is_saved_where_the_nurse_says(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    shown: dialogs.RecordingDialogs,
    tmp_path: Path,
    chime,
    notifier,
) -> None:
    begin_initial(db, staff.nurse, alice)
    window = charge_window(qtbot, db, staff, clock, chime=chime, notifier=notifier)
    target = tmp_path / "handoff.pdf"
    shown.path_answers.append(str(target))
    window.review._on_handoff_sheet_triggered()
    assert target.read_bytes().startswith(b"%PDF-")
    assert shown.shown[-1][0] == "info" and str(target) in shown.shown[-1][2]
