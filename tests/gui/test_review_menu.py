"""The Review menu: PDFs of what the history window shows, and the handoff sheet."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.review.history_window import HistoryWindow
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff


def charge_window(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, **ports
) -> MainWindow:
    window = MainWindow(db, clock, actor=staff.charge, **ports)
    qtbot.addWidget(window)
    return window


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
    history = HistoryWindow(db, staff.charge, clock)
    qtbot.addWidget(history)
    history.apply_filter()
    with qtbot.waitSignal(history.export_requested) as requested:
        history.export_button.click()  # nothing selected: every session the filter finds
    assert requested.args[0] == [session.id]
    shown.path_answers.append(str(tmp_path))
    window.review.export_pdfs(requested.args[0])
    with qtbot.waitSignal(window.review.batch_dialog.finished_export, timeout=20_000) as done:
        pass
    assert [r.ok for r in done.args[0]] == [True]
    assert [p.suffix for p in tmp_path.glob("session-*")] == [".pdf"]
    assert any(e.action == "export" for e in audit_trail(db, staff.charge))


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
