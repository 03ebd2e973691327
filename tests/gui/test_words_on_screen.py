"""Words the screenshots showed a nurse that were the program's own: a sound library's error
tuple in the status bar, a record's row id in the export progress."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.board.chair_board import ChairBoard
from nurse_monitor.ui.export.batch_export_dialog import BatchExportDialog
from tests.gui.test_chair_board import board_for
from tests.plugins.stations import StationFor
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff


def test_no_sound_device_is_said_in_words_with_the_library_error_kept_for_the_tooltip(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
) -> None:
    chime.no_device = "no audio device could be opened (('failed to init device', -401))"
    board: ChairBoard = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    shown = board.sound_label.text()
    assert shown == "⚠ No sound device: the system beep is used instead"
    assert "-401" in board.sound_label.toolTip()


def test_the_export_progress_counts_summaries_without_record_ids(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    tmp_path: Path,
    shown,  # type: ignore[no-untyped-def]
    station_for: StationFor,
) -> None:
    session_id = begin_initial(db, staff.nurse, alice).id
    dialog = BatchExportDialog(
        station_for(staff.charge),
        [session_id],
        tmp_path,
        render=lambda view: b"%PDF",
        parent=None,
    )
    qtbot.addWidget(dialog)
    texts: list[str] = []
    dialog._timer.timeout.connect(lambda: texts.append(dialog.labelText()))
    with qtbot.waitSignal(dialog.finished_export, timeout=5000):
        dialog.start()
    assert texts and set(texts) == {"Exporting summary 1 of 1…"}  # was "session 7 (1 of 1)"
