"""Orphaned sessions on screen (issue 16, defect 15): the board marks a session whose nurse has
left, and a charge nurse reassigns it from the board's chair menu or the workspace, through the
station's change edge; a nurse cannot."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.chair_board import NURSE_LEFT
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.storage.models import User
from nurse_monitor.ui.board.chair_board import ChairBoard
from nurse_monitor.ui.board.reassign_dialog import REASSIGN, ReassignDialog, chair_menu
from nurse_monitor.ui.board.signals_out import RecordingChime, RecordingNotifier
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.station import Station
from nurse_monitor.ui.workspace.chair_controller import ChairController
from nurse_monitor.ui.workspace.workspace import SessionWorkspace
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff


def nurse_leaves(db: Database, user_id: int) -> None:
    with db.write() as s:
        user = s.get(User, user_id)
        assert user is not None
        user.active = False


def patient_cell(board: ChairBoard, row: int = 0) -> str:
    return str(board.model.index(row, 2).data(Qt.ItemDataRole.DisplayRole))


def reassign_through(qtbot: QtBot, dialog: ReassignDialog, nurse_name: str, reason: str) -> None:
    dialog.nurse.setCurrentIndex(dialog.nurse.findText(nurse_name, Qt.MatchFlag.MatchStartsWith))
    qtbot.keyClicks(dialog.reason, reason)
    qtbot.mouseClick(dialog.reassign_button, Qt.MouseButton.LeftButton)


def a_board(
    qtbot: QtBot,
    db: Database,
    actor: object,
    clock: FakeClock,
    preferences: Preferences,
) -> ChairBoard:
    board = ChairBoard(
        Station(db, clock, preferences, actor),  # type: ignore[arg-type]
        RecordingChime(),
        RecordingNotifier(),  # type: ignore[arg-type]
    )
    qtbot.addWidget(board)
    return board


def test_the_board_marks_an_orphaned_session_and_a_charge_nurse_reassigns_it_from_its_menu(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    board = a_board(qtbot, db, staff.charge, clock, preferences)
    assert NURSE_LEFT not in patient_cell(board)

    nurse_leaves(db, staff.nurse.user_id)
    board.reload()
    assert NURSE_LEFT in patient_cell(board)

    menu = chair_menu(board, 0, board)
    assert menu is not None
    [action] = menu.actions()
    assert action.text() == REASSIGN
    action.trigger()
    dialog = board.findChild(ReassignDialog)
    assert dialog is not None and dialog.isVisible()
    assert "Alice" in dialog.intro.text()  # names the patient
    with qtbot.waitSignal(board.ops.changed):
        reassign_through(qtbot, dialog, staff.charge.full_name, "Dana has left the unit")

    assert not dialog.isVisible()
    assert chair_view(db, staff.charge, session.id).session.nurse_id == staff.charge.user_id
    assert NURSE_LEFT not in patient_cell(board)  # the change reached the board by the edge
    entry = [e for e in audit_trail(db, staff.charge) if e.action == "reassign"][-1]
    assert entry.detail["reason"] == "Dana has left the unit"


def test_a_refused_reassignment_says_why_in_the_dialog_and_changes_nothing(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    board = a_board(qtbot, db, staff.charge, clock, preferences)
    menu = chair_menu(board, 0, board)
    assert menu is not None
    menu.actions()[0].trigger()
    dialog = board.findChild(ReassignDialog)
    assert dialog is not None

    reassign_through(qtbot, dialog, staff.charge.full_name, "just because")

    assert dialog.isVisible()
    assert "still works here" in dialog.error.text()
    assert chair_view(db, staff.charge, session.id).session.nurse_id == staff.nurse.user_id


def test_a_nurse_is_not_offered_reassignment_and_the_service_refuses_her(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    nurse_leaves(db, staff.charge.user_id)  # any departure: the nurse still may not reassign
    board = a_board(qtbot, db, staff.nurse, clock, preferences)
    assert chair_menu(board, 0, board) is None

    dialog = ReassignDialog(board.ops, staff.nurse, session.id, None, "Alice", board)
    qtbot.addWidget(dialog)
    assert not dialog.reassign_button.isEnabled()
    assert "may not reassign a session" in dialog.error.text()


def test_the_workspace_offers_reassignment_to_a_charge_nurse_only(
    qtbot: QtBot,
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    preferences: Preferences,
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    as_nurse = SessionWorkspace(
        ChairController(Station(db, clock, preferences, staff.nurse), session.id)
    )
    qtbot.addWidget(as_nurse)
    as_nurse.show()
    assert not as_nurse.reassign_button.isVisible()

    nurse_leaves(db, staff.nurse.user_id)
    as_charge = SessionWorkspace(
        ChairController(Station(db, clock, preferences, staff.charge), session.id)
    )
    qtbot.addWidget(as_charge)
    as_charge.show()
    assert as_charge.reassign_button.isVisible()

    qtbot.mouseClick(as_charge.reassign_button, Qt.MouseButton.LeftButton)
    dialog = as_charge.findChild(ReassignDialog)
    assert dialog is not None
    with qtbot.waitSignal(as_charge.controller.changed):
        reassign_through(qtbot, dialog, staff.charge.full_name, "Dana has left the unit")
    assert as_charge.controller.view.session.nurse_id == staff.charge.user_id
