"""A batch export carries on past a failing session and says which failed and why; the dialog
does it one session per timer tick and can be cancelled."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import exports, patients
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.services.database import Database
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.export.batch_export_dialog import BatchExportDialog
from tests.plugins.stations import StationFor
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff

from .conftest import ALICE


def three_sessions(db: Database, staff: Staff) -> list[int]:
    ids = []
    for n in range(3):
        patient = patients.register_patient(
            db,
            staff.nurse,
            patients.NewPatient(
                record_number=f"MRN-20000{n}",
                family_name=f"Family{n}",
                given_name="Pat",
                date_of_birth=ALICE.date_of_birth,
                sex="female",
                weight_kg=70.0,
                allergies="",
            ),
        )
        ids.append(begin_initial(db, staff.nurse, patient, f"Chair {n + 1}").id)
    return ids


def failing_on(bad: int) -> exports.SessionRenderer:
    def render(view: ChairView) -> bytes:
        if view.session.id == bad:
            raise ValueError("the chart could not be drawn")
        return f"record {view.session.id}".encode()

    return render


def test_a_failing_session_does_not_stop_the_batch(
    db: Database, staff: Staff, clock: FakeClock, tmp_path: Path
) -> None:
    ids = three_sessions(db, staff)
    seen = []
    results = exports.export_batch(
        db,
        staff.charge,
        [*ids, 999],
        tmp_path,
        failing_on(ids[1]),
        on_result=lambda r, done, total: seen.append((done, total)) is None,
    )
    assert [r.ok for r in results] == [True, False, True, False]
    assert results[1].error == "ValueError: the chart could not be drawn"
    assert results[3].error == "no session with id 999"
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    day = clock.now().astimezone().date().isoformat()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf") == [
        f"MRN-200000 {day} ocrelizumab.pdf",
        f"MRN-200002 {day} ocrelizumab.pdf",
    ]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_sessions_between_dates(db: Database, staff: Staff, clock: FakeClock) -> None:
    from datetime import date

    ids = three_sessions(db, staff)
    assert exports.sessions_between(db, staff.nurse, date(2026, 3, 2), date(2026, 3, 2)) == ids
    assert exports.sessions_between(db, staff.nurse, date(2026, 3, 3), date(2026, 3, 9)) == []


@pytest.mark.gui
def test_the_dialog_reports_failures_at_the_end(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    station_for: StationFor,
) -> None:
    shown = dialogs.RecordingDialogs()
    monkeypatch.setattr(dialogs, "dialogs", shown)
    ids = three_sessions(db, staff)
    dialog = BatchExportDialog(station_for(staff.charge), ids, tmp_path, render=failing_on(ids[0]))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_export, timeout=30_000) as done:
        dialog.start()
    results = done.args[0]
    assert [r.ok for r in results] == [False, True, True]
    assert dialog.value() == 3
    ((kind, title, text),) = shown.shown
    assert kind == "error" and title == "Export PDF"
    assert "2 of 3 sessions exported" in text
    assert f"{ids[0]}: ValueError: the chart could not be drawn" in text


@pytest.mark.gui
def test_cancel_stops_between_sessions(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    station_for: StationFor,
) -> None:
    shown = dialogs.RecordingDialogs()
    monkeypatch.setattr(dialogs, "dialogs", shown)
    ids = three_sessions(db, staff)
    dialog: BatchExportDialog

    def render(view: ChairView) -> bytes:
        if view.session.id == ids[0]:
            dialog.cancel()  # the nurse presses Cancel while the first is written
        return b"pdf"

    dialog = BatchExportDialog(station_for(staff.charge), ids, tmp_path, render=render)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_export, timeout=30_000) as done:
        dialog.start()
    assert [r.session_id for r in done.args[0]] == [ids[0]]
    ((kind, _, text),) = shown.shown
    assert kind == "info"
    assert "Cancelled: 2 sessions were not exported." in text
    assert not dialog._timer.isActive()  # nothing more is scheduled after Cancel
    assert len(list(tmp_path.glob("*.pdf"))) == 1


@pytest.mark.gui
def test_the_dialog_makes_real_pdfs(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    station_for: StationFor,
) -> None:
    monkeypatch.setattr(dialogs, "dialogs", dialogs.RecordingDialogs())
    ids = three_sessions(db, staff)[:2]
    dialog = BatchExportDialog(station_for(staff.charge), ids, tmp_path)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_export, timeout=30_000):
        dialog.start()
    for session_id in ids:
        name = exports.export_file_name(db, session_id, "pdf")
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")
