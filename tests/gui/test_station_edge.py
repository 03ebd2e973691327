"""One station, one change path: each bug of issue 13, through the real widgets."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.sign_in import sign_in
from nurse_monitor.services.users import create_first_administrator, create_user
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.main_window import MainWindow
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.review.handoff import HandoffView
from nurse_monitor.ui.review.history_window import HistoryWindow
from tests.gui.station_steps import open_station, open_workspace
from tests.gui.workspace_steps import enter_vitals
from tests.services.chair_walk import NORMAL_VITALS, begin_initial, running_session
from tests.storage.conftest import Staff


def delete_closed_windows() -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_snooze_on_the_board_reaches_the_open_workspace_and_its_next_save_goes_through(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
    shown: dialogs.RecordingDialogs,
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    clock.advance(minutes=16)  # vitals due at 15 minutes into the infusion
    window = open_station(qtbot, db, clock, staff.nurse, preferences, chime, notifier)
    workspace = open_workspace(window, session_id)
    board = window.board
    assert board is not None
    board.reload()
    board.table.selectRow(0)
    shown.text_answers.append("patient in the bathroom")

    board.snooze_button.click()

    assert ("error", "Snooze") not in [(kind, title) for kind, title, _ in shown.shown]
    titles = [
        workspace.timeline.model.index(r, 1).data()
        for r in range(workspace.timeline.model.rowCount())
    ]
    assert any("nooze" in str(t) for t in titles)
    enter_vitals(qtbot, workspace)
    assert workspace.banner.isHidden(), workspace.banner.text()
    readings = chair_view(db, staff.nurse, session_id).readings
    assert len(readings) == 2  # the baseline and this one


def menu_action(window: MainWindow, text: str):
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None:
            for action in menu.actions():
                if action.text() == text:
                    return action
    raise AssertionError(f"no menu item {text}")


def open_windows(kind: type) -> list:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_the_review_menu_opens_a_window_again_after_one_was_closed(
    qtbot: QtBot, db: Database, staff: Staff, clock: FakeClock, preferences, chime, notifier
) -> None:
    window = open_station(qtbot, db, clock, staff.charge, preferences, chime, notifier)
    menu_action(window, "Session &history…").trigger()
    open_windows(HistoryWindow)[0].close()
    delete_closed_windows()

    # Raised RuntimeError: Internal C++ object (HistoryWindow) already deleted.
    menu_action(window, "&Handoff view…").trigger()
    menu_action(window, "Session &history…").trigger()

    assert len(open_windows(HistoryWindow)) == 1 and len(open_windows(HandoffView)) == 1
    for w in open_windows(HistoryWindow) + open_windows(HandoffView):
        w.close()
    delete_closed_windows()


def menu_texts(window: MainWindow) -> list[str]:
    texts = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None:
            texts += [a.text() for a in menu.actions()]
    return texts


def test_a_charge_nurse_taking_over_gets_the_charge_nurse_menus(
    qtbot: QtBot, db: Database, clock: FakeClock, preferences, chime, notifier
) -> None:
    admin = create_first_administrator(db, "admin", "Site Admin", "a long password")
    for username, role in (("dana", "nurse"), ("ben", "charge_nurse")):
        create_user(
            db,
            admin,
            username=username,
            full_name=username.title(),
            role=role,
            credentials="RN",
            password="a password here",
        )
    dana = sign_in(db, "dana", "a password here")
    window = open_station(qtbot, db, clock, dana, preferences, chime, notifier)
    assert "&Audit log…" not in menu_texts(window)
    assert window.new_session_action.isEnabled()

    window.lock()
    window.lock_screen.username.setText("ben")
    window.lock_screen.password.setText("a password here")
    window.lock_screen.unlock.click()

    assert window.actor is not None and window.actor.role == "charge_nurse"
    assert "&Audit log…" in menu_texts(window)


def test_the_temperature_unit_reaches_an_open_chair_its_timeline_and_amendment_form(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    window = open_station(qtbot, db, clock, staff.nurse, preferences, chime, notifier)
    workspace = open_workspace(window, session_id)

    preferences.temperature_unit = "F"

    model = workspace.timeline.model
    details = [str(model.index(r, 2).data()) for r in range(model.rowCount())]
    assert any("°F" in d for d in details) and not any("°C" in d for d in details)
    assert workspace.vitals_form.temperature_unit() == "F"
    assert workspace.readings_model._unit == "F"
    vitals_row = next(r for r, d in enumerate(details) if "°F" in d)
    workspace.timeline.table.selectRow(vitals_row)
    fields = [workspace.timeline.field.itemText(i) for i in range(workspace.timeline.field.count())]
    assert "Temperature (°F)" in fields and "Temperature (°C)" not in fields


def test_dates_on_screen_and_in_reports_follow_the_date_format_preference(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
    chime,
    notifier,
) -> None:
    from nurse_monitor.reports import wording

    session = begin_initial(db, staff.nurse, alice)
    window = open_station(qtbot, db, clock, staff.nurse, preferences, chime, notifier)
    try:
        preferences.date_format = "%Y-%m-%d"
        workspace = open_workspace(window, session.id)
        assert "born 1984-05-12" in workspace.identifiers.text()
        assert wording.day(alice.date_of_birth) == "1984-05-12"
    finally:
        preferences.date_format = "%d %b %Y"  # the station-wide format back to the default


def test_open_history_and_handoff_windows_are_told_of_a_change(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences,
    chime,
    notifier,
) -> None:
    window = open_station(qtbot, db, clock, staff.charge, preferences, chime, notifier)
    menu_action(window, "&Handoff view…").trigger()
    menu_action(window, "Session &history…").trigger()
    handoff = open_windows(HandoffView)[0]
    history = open_windows(HistoryWindow)[0]
    assert handoff.chairs == []
    qtbot.waitUntil(lambda: history.model.rowCount() == 0)

    session = begin_initial(db, staff.nurse, alice)  # at another screen of this station

    assert [c.session_id for c in handoff.chairs] == [session.id]
    qtbot.waitUntil(lambda: history.model.rowCount() == 1)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    assert handoff.chairs[0].last_vitals_at is not None
    for w in (handoff, history):
        w.close()
    delete_closed_windows()


def test_an_edge_deleted_with_its_screen_leaves_the_database(qapp, db: Database) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QObject

    from nurse_monitor.ui.station import StationOps

    before = len(db._listeners)
    screen = QObject()
    StationOps(db, screen)
    assert len(db._listeners) == before + 1
    screen.deleteLater()
    delete_closed_windows()
    assert len(db._listeners) == before
