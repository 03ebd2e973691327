"""The main window: the list of chairs in use and one tab per open session workspace.

On start, every session not yet signed reopens, its countdowns computed from the recorded times,
so quitting, a crash or a power cut loses nothing. The menus and what their entries do are
`WindowMenus` (ui/window_menus.py).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QToolButton,
)

from nurse_monitor import APP_DISPLAY_NAME
from nurse_monitor.clock import Clock
from nurse_monitor.services.actors import ROLE_LABELS, Actor
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.services.database import Database
from nurse_monitor.services.sign_in import record_handover
from nurse_monitor.ui.board.chair_board import ChairBoard
from nurse_monitor.ui.board.signals_out import Chime, Notifier
from nurse_monitor.ui.follow_up.worklist_tab import FollowUpTab
from nurse_monitor.ui.idle_watch import IdleWatch
from nurse_monitor.ui.lock_screen import LockScreen
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.record_check import RecordFileCheck, show_record_damage
from nurse_monitor.ui.review_menu import ReviewMenu
from nurse_monitor.ui.station import Refusal, Station
from nurse_monitor.ui.time_format import use_date_format
from nurse_monitor.ui.window_menus import WindowMenus

if TYPE_CHECKING:
    # Loaded on first use (open_session): the workspace brings pyqtgraph and numpy, which the
    # board does not need, and the start is faster without them.
    from nurse_monitor.ui.workspace.workspace import SessionWorkspace


class MainWindow(WindowMenus):
    """The program's window. Its title says when it runs on demo data or a training clock.

    It builds this station's `Station` (ui/station.py) from the database, clock, preferences and
    who signed in, and every screen it opens takes that station, not (db, actor, clock).
    """

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        actor: Actor | None = None,
        demo: bool = False,
        preferences: Preferences | None = None,
        chime: Chime | None = None,
        notifier: Notifier | None = None,
    ) -> None:
        super().__init__()
        self.station = Station(db, clock, preferences or Preferences.for_station(), actor, self)
        self.db = db
        self.clock = clock
        self.preferences = self.station.preferences
        self.demo = demo
        self.station.actor_changed.connect(self._on_station_actor_changed)
        self.station.ops.refused.connect(self._on_ops_refused)
        self.preferences.changed.connect(self._on_preference_changed)
        use_date_format(self.preferences.date_format)
        self._apply_site_protocols()
        self._chime = chime
        self._notifier = notifier
        self.workspaces: dict[int, SessionWorkspace] = {}
        self.record_check: RecordFileCheck | None = None  # see ui.record_check
        self.review = ReviewMenu(self.station, self)  # owns the review windows it opens
        self._quit_confirmed = False
        self.setWindowTitle(self.title())
        self.setAccessibleName(self.tr("Nurse Monitor main window"))
        self._build_menus()
        self._build_body()
        self._build_status_bar()
        self._build_lock()
        self.reopen_sessions()

    def title(self) -> str:
        parts = [APP_DISPLAY_NAME]
        if self.demo:
            parts.append(self.tr("DEMO DATA"))
        speed = getattr(self.clock, "speed", 1.0)
        if speed != 1.0:
            parts.append(self.tr("TRAINING CLOCK x%s") % f"{speed:g}")
        return " — ".join(parts)

    def _build_body(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Chairs and open sessions"))
        self.tabs.tabCloseRequested.connect(self._on_tabs_tab_close_requested)
        self.board: ChairBoard | None = None
        if self.actor is not None and self.actor.role != "admin":
            self.board = ChairBoard(self.station, self._chime, self._notifier, self)
            self.board.open_requested.connect(self.open_session)
            self.board.shown_by_workspace = self.workspaces.__contains__
            self.board.new_button.clicked.connect(self._on_new_session_triggered)
            self.tabs.addTab(self.board, self.tr("Chairs (F2)"))
            # The worklist is built when its tab is first chosen (ui/follow_up/worklist_tab.py).
            self.follow_ups = FollowUpTab(self.station, self.tabs, self)
            self.tabs.addTab(self.follow_ups, self.tr("Follow-up calls"))
        else:
            self.welcome = QLabel(
                self.tr("Sign in as a nurse or charge nurse to see the chairs."), self
            )
            self.welcome.setAccessibleName(self.tr("Chair board status"))
            self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.addTab(self.welcome, self.tr("Chairs"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.tabs)
        self.setCentralWidget(self.pages)

    def _build_lock(self) -> None:
        """Idle lock: the watch notices input, the one-second timer compares with the preference."""
        self.lock_screen = LockScreen(self.station, self)
        self.lock_screen.unlocked.connect(self._on_lock_screen_unlocked)
        self.pages.addWidget(self.lock_screen)
        self.idle = IdleWatch(self.clock, self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.station_timer = QTimer(self)
        self.station_timer.setInterval(1000)
        self.station_timer.timeout.connect(self._on_station_timer_timeout)
        self._idle_lock_on = not self.demo  # the demo never locks by itself (Ctrl+L does)

    def start_idle_lock(self) -> None:
        """Lock after the idle minutes; the station timer runs in every mode (reopen_sessions)."""
        self._idle_lock_on = True
        self.station_timer.start()

    def locked(self) -> bool:
        return self.pages.currentWidget() is self.lock_screen

    def lock(self) -> None:
        """Hide patient names behind the lock screen; chairs and alarms keep running."""
        if self.actor is None or self.locked():
            return
        self.lock_screen.show_for(self.actor.username, self.actor.full_name)
        self._show_lock_chairs()
        self.pages.setCurrentWidget(self.lock_screen)
        self.menuBar().setEnabled(False)

    def check_idle(self) -> None:
        """Lock once the station has been idle for the preferred minutes."""
        limit = timedelta(minutes=self.preferences.idle_lock_minutes)
        if self.locked():
            self._show_lock_chairs()
        elif self._idle_lock_on and self.actor is not None and self.idle.idle_for() >= limit:
            self.lock()

    def _show_lock_chairs(self) -> None:
        if self.board is not None:
            self.lock_screen.show_chairs(
                self.board.chairs,
                self.board.alarms,
                self.clock.now(),
                self.board.grace(),
                self.board.station_notice(),
            )

    def _on_station_timer_timeout(self) -> None:
        self.check_idle()

    def _on_lock_screen_unlocked(self, actor: Actor) -> None:
        previous = self.actor
        if previous is not None and actor.user_id != previous.user_id:
            if actor.role == "admin":
                self.lock_screen.message.setText(
                    self.tr("An administrator does not chart: sign in as a nurse to take over.")
                )
                return
            done, _ = self.station.ops.perform(record_handover, previous, actor, origin=self)
            if not done:
                return
            self.take_over(actor)
        self.idle.touch()
        self.pages.setCurrentWidget(self.tabs)
        self.menuBar().setEnabled(True)

    def take_over(self, actor: Actor) -> None:
        """Another nurse continues at this station: every open screen now acts as them."""
        self.station.set_actor(actor)

    def _on_station_actor_changed(self, actor: Actor | None) -> None:
        """The one place that follows the signed-in user: menus, board, workspaces, label."""
        self._build_menus()
        self.review.close_windows()  # opened for the previous user's role
        if actor is None:
            return
        self.user_label.setText(
            self.tr("Signed in: %1 (%2), took over the station")
            .replace("%1", actor.signature)
            .replace("%2", ROLE_LABELS[actor.role])
        )

    def _build_status_bar(self) -> None:
        who = (
            self.tr("Signed in: %1 (%2)")
            .replace("%1", self.actor.signature)
            .replace("%2", ROLE_LABELS[self.actor.role])
            if self.actor
            else self.tr("Not signed in")
        )
        if self.demo and self.actor:
            who += self.tr(" — demo nurse signed in automatically")
        self.user_label = QLabel(who, self)
        self.user_label.setAccessibleName(self.tr("Signed-in user"))
        status = self.db.status
        where = str(status.file) if status.file else status.url
        self.database_label = QLabel(self.tr("Record: %1").replace("%1", where), self)
        self.database_label.setAccessibleName(self.tr("Database location"))
        self.statusBar().addWidget(self.user_label, 1)
        if self.board is not None:  # says when no audio device could be opened
            self.statusBar().addWidget(self.board.sound_label)
        self.statusBar().addPermanentWidget(self.database_label)
        show_record_damage(self, self.db)  # a file check that failed before this window opened

    def reopen_sessions(self) -> None:
        """Every session not yet signed is on the board, as it stands by the recorded times."""
        if self.board is not None:  # the board read the record when it was built
            self.board.start_live_updates()
            self.station.ops.watch_other_stations()
        self.station_timer.start()  # the lock screen's countdowns tick in every mode

    def refresh_board(self) -> None:
        if self.board is not None:
            self.board.reload()

    def open_session(self, session_id: int) -> SessionWorkspace:
        """Open (or bring forward) the workspace of a session."""
        assert self.actor is not None
        existing = self.workspaces.get(session_id)
        if existing is not None:
            self.tabs.setCurrentWidget(existing)
            return existing
        from nurse_monitor.ui.workspace.chair_controller import ChairController
        from nurse_monitor.ui.workspace.workspace import SessionWorkspace

        controller = ChairController(self.station, session_id)
        workspace = SessionWorkspace(controller, parent=self.tabs)
        view = controller.view
        self.workspaces[session_id] = workspace
        index = self.tabs.addTab(workspace, f"{view.session.chair}: {view.patient.family_name}")
        # Our own close button on workspace tabs only: the chairs tab never closes.
        close = QToolButton(self.tabs)
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Close this workspace (the session goes on)"))
        close.setAccessibleName(
            self.tr("Close the workspace of %1").replace("%1", view.session.chair)
        )
        close.clicked.connect(lambda: self.close_workspace(workspace))
        self.tabs.tabBar().setTabButton(index, self.tabs.tabBar().ButtonPosition.RightSide, close)
        self.tabs.setCurrentIndex(index)
        workspace.start_live_updates()
        controller.changed.connect(self._on_workspace_changed)
        return workspace

    def _on_workspace_changed(self, view: ChairView) -> None:
        """A workspace committed an action: its chair on the board, from the view it built."""
        if self.board is not None:
            self.board.show_view(view)

    def _on_ops_refused(self, refusal: Refusal) -> None:
        """A refusal nobody else shows (an action asked from this window)."""
        if refusal.origin is self:
            from nurse_monitor.ui import dialogs

            dialogs.dialogs.error(self, self.tr("Not recorded"), refusal.message)

    def show_chairs(self) -> None:
        self.refresh_board()
        self.tabs.setCurrentIndex(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closed from the window's own close button: ask as the Quit command does.
        if event.spontaneous() and not self._quit_confirmed and not self.confirm_quit():
            event.ignore()
            return
        self.review.close_windows()  # review windows close with the main window
        self.station_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        for workspace in self.workspaces.values():
            workspace.stop_live_updates()
        if self.board is not None:
            self.board.stop_live_updates()
        self.station.ops.detach()
        super().closeEvent(event)

    def _on_tabs_tab_close_requested(self, index: int) -> None:
        widget = self.tabs.widget(index)
        for workspace in list(self.workspaces.values()):
            if workspace is widget:
                self.close_workspace(workspace)

    def close_workspace(self, widget: SessionWorkspace) -> None:
        """Close a workspace tab; the session itself goes on (it stays on the board)."""
        index = self.tabs.indexOf(widget)
        if index >= 0:
            widget.stop_live_updates()
            self.workspaces.pop(widget.controller.session_id, None)
            self.tabs.removeTab(index)
            widget.close()
            # Owned by Python alone from here, deleted with its last reference: a deleteLater()
            # could delete the chart's C++ scene under pyqtgraph's Python items.
            widget.setParent(None)
