"""The lock screen and the handoff view as the screenshots read them: an empty box for an
emoji the fonts lack, alarms cut while the countdown column took half the screen, and a comma
left hanging after a reaction's time."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import reaction_actions
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.review.handoff import HandoffView
from tests.gui.test_chair_workspace import window_for
from tests.gui.test_fits_the_screen import high_alarm_window
from tests.plugins.stations import StationFor
from tests.services.chair_walk import running_session
from tests.storage.conftest import Staff


def test_the_lock_screen_heading_has_only_characters_its_font_can_draw(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock
) -> None:
    window = window_for(qtbot, db, staff, clock)
    heading = window.lock_screen.heading
    metrics = QFontMetrics(heading.font())
    assert all(metrics.inFontUcs4(ord(c)) for c in heading.text()), heading.text()


def test_the_locked_chairs_give_their_room_to_the_alarm(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    window, _session_id = high_alarm_window(qtbot, db, staff, alice, clock)
    window.resize(1366, 740)
    window.board.reload()
    window.lock()
    qtbot.waitExposed(window)
    table = window.lock_screen.chairs
    header = table.horizontalHeader()
    alarm = table.item(0, 2).text()
    assert alarm.startswith("▲▲▲")
    assert header.sectionSize(2) > header.sectionSize(4)  # the alarm, not the countdown
    assert header.sectionSize(2) >= table.fontMetrics().horizontalAdvance(alarm) // 2


def test_a_reaction_in_the_handoff_has_no_comma_left_hanging(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    station_for: StationFor,
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    clock.advance(minutes=5)
    reaction_actions.record_reaction(
        db, staff.nurse, session_id, severity="mild", symptoms=["pruritus"], ctcae_grade=1
    )
    view = HandoffView(station_for(staff.charge))
    qtbot.addWidget(view)
    due = view.table.item(0, 3).text()
    assert due.startswith("Reaction") and not due.rstrip().endswith(","), due
