"""Alarms a nurse cannot miss (issue 15): each defect it lists, through the real board."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.alarm_priority import Priority
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_binding import bind_pump, unbind_pump
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.board import chair_board as board_module
from nurse_monitor.ui.board.chair_board import ChairBoard
from nurse_monitor.ui.lock_screen import LockScreen
from tests.gui.station_steps import open_station
from tests.gui.test_chair_board import board_for, chairs_in_order, three_chairs
from tests.services.chair_walk import NORMAL_VITALS
from tests.services.test_pump_link import pcd01
from tests.storage.conftest import Staff

# SBP 82 against a baseline of 124 (34% below) and HR 112: NEWS2 3 + 2 = 5.
LOW_PRESSURE = {**NORMAL_VITALS, "systolic": 82, "diastolic": 50, "heart_rate": 112}


def test_an_abnormal_reading_raises_the_row_the_banner_and_the_sound(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
) -> None:
    ids = three_chairs(db, staff, clock)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    assert chairs_in_order(board)[-1] == "Chair 7"
    clock.advance(minutes=2)
    chair.record_vitals(db, staff.nurse, ids[2], LOW_PRESSURE)
    board.reload()
    alarm = board.alarms[ids[2]]
    assert alarm is not None and alarm.priority is Priority.HIGH
    assert {"systolic_low", "systolic_drop", "news2_medium"} <= set(alarm.reasons)
    assert chairs_in_order(board)[0] == "Chair 7"  # raised to the top, before due times
    assert board.model.data(board.model.index(0, 0)).startswith("▲▲▲ HIGH: ")
    assert "Chair 7" in board.banner.text() and "systolic below 90" in board.banner.text()
    assert chime.played == [("high", 70)]
    assert notifier.shown and "Chair 7" in notifier.shown[-1][1]
    for _ in range(10):
        clock.advance(seconds=1)
        board.tick()
    assert chime.played == [("high", 70)] * 2  # every 10 s

    # Mute never silences a high alarm.
    board.mute_button.click()
    clock.advance(seconds=10)
    board.tick()
    assert len(chime.played) == 3


def test_acknowledge_silences_two_minutes_and_the_visual_stays(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
) -> None:
    ids = three_chairs(db, staff, clock)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    chair.record_vitals(db, staff.nurse, ids[0], LOW_PRESSURE)
    board.reload()
    board.table.selectRow(0)
    board.acknowledge_button.click()
    heard = len(chime.played)
    assert chime.stops >= 1
    for _ in range(119):
        clock.advance(seconds=1)
        board.tick()
    assert len(chime.played) == heard
    assert board.alarms[ids[0]].priority is Priority.HIGH  # still shown
    assert "acknowledged, sound off until" in board.banner.text()
    clock.advance(seconds=1)
    board.tick()
    assert chime.played[-1] == ("high", 70)


def test_vital_sign_alarms_cannot_be_snoozed_and_the_dialog_says_so_first(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences,
    chime,
    notifier,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = three_chairs(db, staff, clock)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    chair.record_vitals(db, staff.nurse, ids[0], LOW_PRESSURE)
    board.reload()
    recording = dialogs.RecordingDialogs(text_answers=["busy"])
    monkeypatch.setattr(dialogs, "dialogs", recording)
    board.table.selectRow(0)
    board.snooze_button.click()
    assert recording.text_answers == ["busy"]  # never asked for a reason
    assert "cannot be snoozed" in str(recording.shown)
    timeline = chair_view(db, staff.nurse, ids[0]).timeline
    assert not [t for t in timeline if t.event.type == "alarm_snoozed"]


def test_a_failed_reload_keeps_sounding_raises_high_and_recovers(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences,
    chime,
    notifier,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = three_chairs(db, staff, clock)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    first = chair_view(db, staff.nurse, ids[0]).status.vitals_due_at
    clock.set(first + timedelta(minutes=6))
    board.reload()
    assert board.alarms[ids[0]].priority is Priority.MEDIUM

    def unreachable(*_: object) -> None:
        raise RuntimeError("connection refused")

    monkeypatch.setattr(board_module, "chair_summaries", unreachable)
    heard = len(chime.played)
    for _ in range(300):
        clock.advance(seconds=1)
        board._on_timer_timeout()
    assert board.record_problem is not None
    assert board.station_alarm is not None and board.station_alarm.priority is Priority.HIGH
    assert board.alarms[ids[0]].priority is Priority.MEDIUM  # still evaluated from the last read
    assert len(chime.played) - heard >= 29  # a high burst every 10 s for 300 s
    assert "the record cannot be reached" in board.banner.text()
    lock = LockScreen(board.station)
    qtbot.addWidget(lock)
    lock.show_chairs(board.chairs, board.alarms, clock.now(), board.grace(), board.station_notice())
    assert lock.station.isVisibleTo(lock) and "cannot be reached" in lock.station.text()
    assert lock.chairs.rowCount() == 3  # the chairs as last read, still counting down

    monkeypatch.undo()
    clock.advance(seconds=5)
    board.tick()
    assert board.record_problem is None and board.station_alarm is None
    assert "cannot be reached" not in board.banner.text()


def test_flashing_follows_the_clock_or_a_thick_border_with_reduced_motion(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
) -> None:
    ids = three_chairs(db, staff, clock)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    chair.record_vitals(db, staff.nurse, ids[0], LOW_PRESSURE)
    board.reload()
    states = []
    for _ in range(40):  # 4 s in steps of 100 ms
        clock.advance(seconds=0.1)
        board.on_flash()
        states.append(board.model.lit)
    onsets = sum(1 for a, b in itertools.pairwise(states) if b and not a)
    assert 1.4 * 4 - 1 <= onsets <= 2.8 * 4  # 2 Hz
    preferences.reduce_motion = True
    for _ in range(10):
        clock.advance(seconds=0.1)
        board.on_flash()
        assert board.model.lit
    assert "border: 8px solid #c62828" in board.table.styleSheet()


def test_the_lock_screen_ticks_in_the_demo(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
) -> None:
    three_chairs(db, staff, clock)
    window = open_station(qtbot, db, clock, staff.nurse, preferences, chime, notifier, demo=True)
    window.reopen_sessions()
    window.lock()
    before = window.lock_screen.chairs.item(0, 4).text()
    assert before.startswith("due in ") and before.endswith(" min")
    clock.advance(seconds=60)  # the countdown is in whole minutes
    with qtbot.waitSignal(window.station_timer.timeout, timeout=10_000):
        pass
    assert window.lock_screen.chairs.item(0, 4).text() != before
    window.close()


def test_a_board_without_a_sound_device_says_so_and_beeps(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
) -> None:
    chime.no_device = "no audio device could be opened (test)"
    board: ChairBoard = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    assert "the system beep is used instead" in board.sound_label.text()


def test_an_entry_that_cannot_be_read_alarms_high_and_the_other_chairs_stay(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences,
    chime,
    notifier,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nurse_monitor.services import chair_board as service

    ids = three_chairs(db, staff, clock)
    real, real_build = service.chair_view, service.build_view

    def reader(db_: Database, actor: object, session_id: int):  # type: ignore[no-untyped-def]
        if session_id == ids[1]:
            raise ValueError("Invalid isoformat string: 'yesterday'")
        return real(db_, actor, session_id)  # type: ignore[arg-type]

    def builder(s, row, now, *args, **kwargs):  # type: ignore[no-untyped-def]  # the whole board
        if row.id == ids[1]:
            raise ValueError("Invalid isoformat string: 'yesterday'")
        return real_build(s, row, now, *args, **kwargs)

    monkeypatch.setattr(service, "chair_view", reader)
    monkeypatch.setattr(service, "build_view", builder)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    assert board.record_problem is None
    assert len(chairs_in_order(board)) == 3
    assert chairs_in_order(board)[0] == "Chair 2"
    assert board.alarms[ids[1]].reasons == ("entry_unreadable",)
    assert board.alarms[ids[1]].priority is Priority.HIGH
    assert "entry cannot be read" in board.model.data(board.model.index(0, 2))
    assert chime.played == [("high", 70)]


def test_the_alarm_log_follows_the_board_onto_the_timeline_and_the_pdf(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
) -> None:
    from nurse_monitor.reports.session_summary_pdf import ReportContext, session_summary_html
    from nurse_monitor.ui.workspace.timeline_model import TimelineModel

    ids = three_chairs(db, staff, clock)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    version = chair_view(db, staff.nurse, ids[0]).session.version
    chair.record_vitals(db, staff.nurse, ids[0], LOW_PRESSURE)
    board.reload()
    board.table.selectRow(0)
    clock.advance(minutes=1)
    board.acknowledge_button.click()
    clock.advance(minutes=2)
    chair.record_vitals(db, staff.nurse, ids[0], NORMAL_VITALS)
    board.reload()
    view = chair_view(db, staff.nurse, ids[0])
    assert [(x.what, x.priority) for x in view.alarm_log] == [
        ("raised", "high"),
        ("acknowledged", "high"),
        ("ended", "high"),
    ]
    assert view.alarm_log[1].by == staff.nurse.signature
    assert view.session.version == version + 2  # the two readings; the alarm log adds none

    model = TimelineModel()
    model.show_entries(view)
    texts = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    assert texts.count("Alarm raised") == 1 and "Alarm acknowledged" in texts
    context = ReportContext("Clinic", clock.now(), staff.nurse.signature)
    html = session_summary_html(view, context, with_chart=False)
    assert "Alarms" in html and f"by {staff.nurse.signature}" in html
    assert "systolic below 90" in html


def test_reduce_motion_is_a_station_preference(qtbot: QtBot, preferences) -> None:
    from nurse_monitor.ui.preferences_dialog import PreferencesDialog

    assert preferences.reduce_motion is False
    dialog = PreferencesDialog(preferences)
    qtbot.addWidget(dialog)
    dialog.reduce_motion.setChecked(True)
    assert dialog.save()
    assert preferences.reduce_motion is True


def test_without_a_sound_device_the_chime_falls_back_to_the_system_beep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QApplication

    from nurse_monitor.sound.playback import AlarmPlayer
    from nurse_monitor.ui.board.signals_out import Chime

    player = AlarmPlayer(null_device=True)
    player.problem = "no audio device could be opened (test)"
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    chime = Chime(player)
    chime.play("high", 70)
    assert beeps == [1] and chime.problem == player.problem
    chime.play("high", 0)  # volume 0: silent
    assert beeps == [1]
    working = Chime(AlarmPlayer(null_device=True))
    try:
        working.play("low", 70)
        assert working.problem is None and beeps == [1]
    finally:
        working.close()


def test_a_bound_pump_reporting_another_patient_raises_a_high_alarm_on_the_board(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
) -> None:
    ids = three_chairs(db, staff, clock)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    assert chairs_in_order(board)[-1] == "Chair 7" and board.alarms[ids[2]] is None
    bind_pump(db, staff.nurse, ids[2], "E0002")
    assert receive_message(db, pcd01(rate=30, patient="HO2009002")).ack_code == "AE"
    board.reload()
    alarm = board.alarms[ids[2]]
    assert alarm is not None and alarm.priority is Priority.HIGH
    assert alarm.reasons[0] == "pump_other_patient"
    assert chairs_in_order(board)[0] == "Chair 7"
    assert "Chair 7" in board.banner.text() and "pump reports another patient" in (
        board.banner.text()
    )
    assert chime.played == [("high", 70)]
    # A workspace's fresh view keeps the pump's alarm on the board (no reread of the chairs).
    board.show_view(chair_view(db, staff.nurse, ids[2]))
    assert board.alarms[ids[2]] is not None
    assert "pump_other_patient" in board.alarms[ids[2]].reasons  # type: ignore[union-attr]
    # Unbound: the pump's alarm ends with the binding.
    unbind_pump(db, staff.nurse, ids[2])
    board.reload()
    assert board.alarms[ids[2]] is None


def test_a_record_file_replaced_under_the_board_raises_record_unreachable(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    clock: FakeClock,
    preferences,
    chime,
    notifier,
) -> None:
    import os

    assert db.status.file is not None  # the GUI tests run on a SQLite file
    three_chairs(db, staff, clock)
    board = board_for(qtbot, db, staff, clock, preferences, chime, notifier)
    board.reload()
    assert board.station_alarm is None
    moved = db.status.file.with_name("moved-away.db")
    os.replace(db.status.file, moved)  # another process moved the record away
    board.reload()  # the open connection still reads; the station must still say so
    assert board.station_alarm is not None and board.station_alarm.priority is Priority.HIGH
    assert "cannot be reached" in board.banner.text()
    assert len(board.chairs) == 3  # the chairs as last read stay on the board
    os.replace(moved, db.status.file)
    board.reload()
    assert board.station_alarm is None
