"""First start, sign-in, the idle lock that hides names but keeps the chairs, and a handover."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.patients import register_patient
from nurse_monitor.services.sign_in import FAILED, sign_in
from nurse_monitor.services.users import create_first_administrator, create_user
from nurse_monitor.ui.sign_in_dialog import SignInDialog
from tests.gui.station_steps import open_station, open_workspace
from tests.services.chair_walk import begin_initial, prepare_to_start
from tests.services.conftest import ALICE


def test_first_start_creates_the_administrator_then_signs_in(qtbot: QtBot, db: Database) -> None:
    first = SignInDialog(db, first_start=True)
    qtbot.addWidget(first)
    qtbot.keyClicks(first.username, "admin")
    qtbot.keyClicks(first.full_name, "Site Administrator")
    qtbot.keyClicks(first.password, "a long password")
    qtbot.keyClicks(first.repeat, "a long passwort")
    first.submit.click()
    assert "Password again: the two passwords differ" in first.message.text()
    qtbot.keyClicks(first.password, "a long password")
    qtbot.keyClicks(first.repeat, "a long password")
    with qtbot.waitSignal(first.signed_in) as created:
        first.submit.click()
    assert created.args[0].role == "admin"

    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "wrong")
    dialog.submit.click()
    assert dialog.message.text() == FAILED
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, "a long password")
    with qtbot.waitSignal(dialog.signed_in) as signed:
        dialog.submit.click()
    assert signed.args[0].username == "admin"


def test_sign_in_shows_no_stray_box_and_its_refusal_clears_the_password_field(
    qtbot: QtBot, db: Database
) -> None:
    create_first_administrator(db, "admin", "Site Admin", "a long password")
    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    # The first-start fields are not part of a sign-in: none sits unplaced over the text.
    assert not dialog.full_name.isVisible()
    assert not dialog.repeat.isVisible()
    qtbot.keyClicks(dialog.username, "admin")
    qtbot.keyClicks(dialog.password, "wrong")
    password_before = dialog.password.geometry()
    dialog.submit.click()
    assert dialog.message.text() == FAILED
    QApplication.processEvents()
    assert dialog.password.geometry() == password_before  # the message did not push the form
    assert not dialog.message.geometry().intersects(dialog.password.geometry())
    # The whole refusal is visible: the label is as tall as its wrapped text needs.
    assert dialog.message.height() >= dialog.message.heightForWidth(dialog.message.width())


@pytest.fixture
def two_nurses(db: Database) -> tuple[object, object]:
    admin = create_first_administrator(db, "admin", "Site Admin", "a long password")
    for username, name in (("dana", "Dana Whitfield"), ("lee", "Lee Park")):
        create_user(
            db,
            admin,
            username=username,
            full_name=name,
            role="nurse",
            credentials="RN",
            password="nurse passphrase here",
        )
    return sign_in(db, "dana", "nurse passphrase here"), sign_in(db, "lee", "nurse passphrase here")


def test_idle_lock_hides_names_keeps_chairs_and_returns_with_input_kept(
    qtbot: QtBot, db: Database, clock: FakeClock, two_nurses, preferences, chime, notifier
) -> None:
    dana, _lee = two_nurses
    patient = register_patient(db, dana, ALICE)
    session = begin_initial(db, dana, patient)
    prepare_to_start(db, dana, clock, session.id)
    chair.start_infusion(db, dana, session.id, 30)
    window = open_station(qtbot, db, clock, dana, preferences, chime, notifier, show=True)
    workspace = open_workspace(window, session.id)
    workspace.show_vitals_form()
    qtbot.keyClicks(workspace.vitals_form.systolic, "118")  # typed, not saved
    window.idle.touch()

    clock.advance(minutes=preferences.idle_lock_minutes - 1)
    window.check_idle()
    assert not window.locked()
    clock.advance(minutes=1)
    window.check_idle()
    assert window.locked()
    assert not window.menuBar().isEnabled()
    cells = [
        window.lock_screen.chairs.item(r, c).text()
        for r in range(window.lock_screen.chairs.rowCount())
        for c in range(5)
    ]
    assert "Chair 3" in cells and any("Vital signs" in text for text in cells)
    assert not any("MORGAN" in text or "Morgan" in text for text in cells)
    assert window.board is not None and window.board.timer.isActive()  # alarms keep sounding

    window.lock_screen.password.setText("wrong")
    window.lock_screen.unlock.click()
    assert window.locked() and window.lock_screen.message.text() == FAILED
    window.lock_screen.password.setText("nurse passphrase here")
    window.lock_screen.unlock.click()
    assert not window.locked()
    assert window.workspaces[session.id] is workspace
    assert workspace.vitals_form.systolic.text() == "118"
    assert "handover" not in [
        e.action for e in audit_trail(db, sign_in(db, "admin", "a long password"))
    ]


def test_another_nurse_takes_over_from_the_lock_screen(
    qtbot: QtBot, db: Database, clock: FakeClock, two_nurses, preferences, chime, notifier
) -> None:
    dana, lee = two_nurses
    patient = register_patient(db, dana, ALICE)
    session = begin_initial(db, dana, patient)
    window = open_station(qtbot, db, clock, dana, preferences, chime, notifier)
    workspace = open_workspace(window, session.id)
    window.lock()
    window.lock_screen.username.setText("lee")
    window.lock_screen.password.setText("nurse passphrase here")
    window.lock_screen.unlock.click()
    assert not window.locked()
    assert window.actor.username == "lee"
    assert "took over" in window.user_label.text()
    workspace.show_step(Step.IV_ACCESS)
    workspace.step_forms[Step.IV_ACCESS].record.click()
    iv = [
        t for t in chair_view(db, lee, session.id).timeline if t.event.type == "iv_access_recorded"
    ]
    assert iv[0].by == "Lee Park, RN"
    admin = sign_in(db, "admin", "a long password")
    handovers = [e for e in audit_trail(db, admin) if e.action == "handover"]
    assert handovers[0].username == "lee" and handovers[0].detail["from_user"] == "dana"


def test_the_administrator_adds_a_nurse_who_can_then_sign_in(qtbot: QtBot, db: Database) -> None:
    from nurse_monitor.ui.preferences import Preferences
    from nurse_monitor.ui.station import Station
    from nurse_monitor.ui.users_dialog import UsersDialog

    admin = create_first_administrator(db, "admin", "Site Admin", "a long password")
    dialog = UsersDialog(Station(db, db.clock, Preferences.for_station(), admin))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "new rn")
    dialog.add.click()
    assert "Username: 1 to 64 characters, no spaces" in dialog.message.text()
    dialog.username.setText("kim")
    qtbot.keyClicks(dialog.full_name, "Kim Ortega")
    qtbot.keyClicks(dialog.credentials, "RN, OCN")
    qtbot.keyClicks(dialog.password, "kim's own passphrase")
    dialog.add.click()
    assert dialog.table.rowCount() == 2
    assert sign_in(db, "kim", "kim's own passphrase").signature == "Kim Ortega, RN, OCN"
