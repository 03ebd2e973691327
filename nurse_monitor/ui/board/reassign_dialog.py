"""Reassign a session whose nurse has left (issue 16, defect 15): the charge nurse's screen.

A session stays with the nurse who began it; when that nurse's account is deactivated nobody
else can sign it, and the board marks it "nurse has left: reassign". A charge nurse opens this
dialog from the board (right-click a chair: "Reassign to another nurse…") or from the
session's workspace, picks an active nurse and gives a reason. The reassignment is one user
action through the station's change edge (`StationOps.perform`), so the board, the workspace
and other stations all show the new nurse; it is on the audit trail with its reason.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.services.actors import REVIEWING, Actor
from nurse_monitor.services.chair_board import ChairSummary
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.reassignment import (
    MIN_REASON_LENGTH,
    nurses_to_reassign_to,
    reassign_session,
)
from nurse_monitor.ui import colors
from nurse_monitor.ui.form_parts import touch_button
from nurse_monitor.ui.station import Refusal, Station, StationOps

REASSIGN = "Reassign to another nurse…"


def may_reassign(actor: Actor | None) -> bool:
    """Only a charge nurse reassigns (the service checks again and audits a refusal)."""
    return actor is not None and actor.role in REVIEWING


class ReassignDialog(QDialog):
    """Pick an active nurse and give a reason; Reassign records it, or says why not.

    Signals:
        reassigned(int): the session's id, once the reassignment is recorded.
    """

    reassigned = Signal(int)

    def __init__(
        self,
        ops: StationOps,
        actor: Actor,
        session_id: int,
        session_version: int | None,
        who: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ops = ops
        self.actor = actor
        self.session_id = session_id
        self.session_version = session_version
        self.setWindowTitle(self.tr("Reassign session"))
        self.setAccessibleName(self.tr("Reassign session"))
        self.intro = intro = QLabel(
            self.tr(
                "Give the session of %1 to another nurse. Only a session whose nurse has left"
            ).replace("%1", who)
            + self.tr(" can be reassigned; the reason goes on the audit trail."),
            self,
        )
        intro.setWordWrap(True)
        self.nurse = QComboBox(self)
        self.nurse.setAccessibleName(self.tr("Nurse"))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(
            self.tr("at least %1 characters").replace("%1", str(MIN_REASON_LENGTH))
        )
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(colors.text_style("error"))
        self.error.setAccessibleName(self.tr("Why not"))
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.reassign_button = buttons.addButton(
            self.tr("Reassign"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self._on_reassign_clicked)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("New nurse"), self.nurse)
        form.addRow(self.tr("Reason"), self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        ops.refused.connect(self._on_ops_refused)
        self._fill_nurses()

    def _fill_nurses(self) -> None:
        try:
            choices = nurses_to_reassign_to(self.ops.db, self.actor)
        except ServiceError as refused:
            self._show_error(str(refused))
            self.reassign_button.setEnabled(False)
            return
        for choice in choices:
            self.nurse.addItem(choice.name, choice.user_id)

    def _on_reassign_clicked(self) -> None:
        to_user = self.nurse.currentData()
        if to_user is None:
            self._show_error(self.tr("Nurse: choose an active nurse or charge nurse"))
            return
        done, _ = self.ops.perform(
            reassign_session,
            self.actor,
            self.session_id,
            int(to_user),
            self.reason.text(),
            expected_version=self.session_version,
            origin=self,
        )
        if done:
            self.reassigned.emit(self.session_id)
            self.accept()

    def _on_ops_refused(self, refusal: Refusal) -> None:
        if refusal.origin is self:
            field = f"{refusal.field}: " if refusal.field else ""
            self._show_error(field + refusal.message)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class BoardLike(Protocol):
    """What the board offers this menu (ui.board.chair_board.ChairBoard)."""

    station: Station
    table: QTableView
    chairs: list[ChairSummary]

    @property
    def actor(self) -> Actor: ...


class SessionController(Protocol):
    """What a workspace's controller offers (ui.workspace.chair_controller.ChairController)."""

    station: Station
    session_id: int
    view: ChairView


def open_reassign_dialog(
    station: Station,
    session_id: int,
    session_version: int | None,
    who: str,
    parent: QWidget,
) -> ReassignDialog:
    """Open (not exec: nothing blocks) the dialog for one session, kept by its parent.

    It acts as the user who opened it: another user taking over the station closes it, so
    nothing is recorded in the previous user's name."""
    dialog = ReassignDialog(
        station.ops, station.signed_in(), session_id, session_version, who, parent
    )
    station.actor_changed.connect(dialog.reject)
    dialog.open()
    return dialog


def chair_menu(board: BoardLike, row: int, parent: QWidget) -> QMenu | None:
    """The board's menu for a chair: "Reassign to another nurse…" for a charge nurse."""
    session_id = board.table.model().index(row, 0).data(Qt.ItemDataRole.UserRole)
    chair = next((c for c in board.chairs if c.session_id == session_id), None)
    if chair is None or not may_reassign(board.actor):
        return None
    menu = QMenu(parent)
    action = QAction(parent.tr(REASSIGN), menu)
    if not chair.nurse_left:
        action.setToolTip(parent.tr("Only a session whose nurse has left can be reassigned"))
    action.triggered.connect(
        lambda: _remember(
            parent,
            open_reassign_dialog(
                board.station,
                chair.session_id,
                chair.session_version,
                f"{chair.patient_name} ({chair.chair})",
                parent,
            ),
        )
    )
    menu.addAction(action)
    return menu


def install_reassign_menu(board: BoardLike, widget: QWidget) -> None:
    """Right-click a chair on the board for its menu (one line in the board's constructor)."""
    board.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def on_menu_requested(pos: QPoint) -> None:
        index = board.table.indexAt(pos)
        if not index.isValid():
            return
        menu = chair_menu(board, index.row(), widget)
        if menu is not None:
            menu.popup(board.table.viewport().mapToGlobal(pos))

    board.table.customContextMenuRequested.connect(on_menu_requested)


def reassign_button(controller: SessionController, parent: QWidget) -> QPushButton:
    """The workspace's button: shown to a charge nurse only (the workspace shows it again at
    each take-over, by `may_reassign`)."""
    button = touch_button(parent.tr(REASSIGN), parent)
    button.setVisible(may_reassign(controller.station.actor))

    def on_clicked() -> None:
        view = controller.view
        who = f"{view.patient.display_name} ({view.session.chair})"
        dialog = open_reassign_dialog(
            controller.station,
            controller.session_id,
            view.session.version,
            who,
            parent,
        )
        _remember(parent, dialog)

    button.clicked.connect(on_clicked)
    return button


def _remember(parent: QWidget, dialog: ReassignDialog) -> None:
    """PySide deletes unreferenced wrappers: the parent keeps the open dialog."""
    setattr(parent, "reassign_dialog", dialog)  # noqa: B010 - any widget may hold it
