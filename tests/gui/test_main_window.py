"""The main window opens on a migrated database and says what mode it is in."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock, ScaledClock
from nurse_monitor.demo.seed import DEMO_PATIENTS, seed_demo
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.services.patients import find_patients
from nurse_monitor.ui.main_window import MainWindow
from tests.gui.station_steps import open_station


def test_demo_window_names_the_demo_nurse_and_data(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    db = open_database(sqlite_url_for(tmp_path / "demo.db"), clock)
    try:
        nurse = seed_demo(db)
        assert seed_demo(db) == nurse  # seeding twice adds nothing
        assert len(find_patients(db, nurse, "MRN-10")) == len(DEMO_PATIENTS)
        window = open_station(qtbot, db, clock, nurse, demo=True, show=True)
        qtbot.waitExposed(window)
        assert window.windowTitle() == "Nurse Monitor — DEMO DATA"
        assert "Dana Whitfield" in window.user_label.text()
        assert "signed in automatically" in window.user_label.text()
        assert str(tmp_path / "demo.db") in window.database_label.text()
    finally:
        db.close()


def test_training_clock_is_in_the_title(qtbot: QtBot, tmp_path: Path, clock: FakeClock) -> None:
    db = open_database(sqlite_url_for(tmp_path / "t.db"), clock)
    try:
        window = MainWindow(db, ScaledClock(10), actor=None)
        qtbot.addWidget(window)
        assert "TRAINING CLOCK x10" in window.windowTitle()
        assert "Not signed in" in window.user_label.text()
        real = MainWindow(db, clock, actor=None)
        qtbot.addWidget(real)
        assert real.windowTitle() == "Nurse Monitor"
    finally:
        db.close()


def test_the_title_names_the_program_once(qtbot: QtBot) -> None:
    """Qt appends an application display name to every title not ending with it (X11, Windows):
    with one set, the demo window read "Nurse Monitor — DEMO DATA — Nurse Monitor"."""
    from PySide6.QtGui import QGuiApplication

    from nurse_monitor.ui.app import set_application_names

    set_application_names()
    assert QGuiApplication.applicationDisplayName() == QGuiApplication.applicationName()


def test_the_demo_explains_itself_and_its_chairs_keep_the_label(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> None:
    """Help ▸ What the demo shows names each chair and the accounts (the charge nurse's audit
    log too); the demo's chairs vary their vital signs and start on the label's schedule."""
    from nurse_monitor.demo.chairs import DEMO_CHAIRS
    from nurse_monitor.services.chair_view import chair_view, open_session_ids

    db = open_database(sqlite_url_for(tmp_path / "demo.db"), clock)
    try:
        nurse = seed_demo(db)
        assert db.clock is clock  # the demo moved its own clock and gave the station's back
        window = open_station(qtbot, db, clock, nurse, demo=True, show=True)
        window.demo_guide_action.trigger()
        page = window._demo_guide.page.toPlainText()
        for plan in DEMO_CHAIRS:
            assert plan.chair in page
        for account in ("demo.nurse", "demo.charge", "demo.admin", "Audit log"):
            assert account in page
        window._demo_guide.close()
        systolic = set()
        for session_id in open_session_ids(db, nurse):
            view = chair_view(db, nurse, session_id)
            assert view.session.lot_expiry is not None
            assert view.session.lot_expiry > clock.now().date()
            assert view.session.lot_expiry.year < 2099
            systolic |= {r.systolic for r in view.readings}
        assert len(systolic) > 4  # not a flat 122 for hours
    finally:
        db.close()
