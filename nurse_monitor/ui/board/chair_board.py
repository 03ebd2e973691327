"""The chair board: every chair in use at a glance, by alarm priority then due time.

Alarms come from the engine's status and due times (clinical-reference.md section 10
priorities), read again from the record; the one-second timer only decides when to look. How
they sound and flash is `AlarmSignalling` (board/alarm_signalling.py): the
highest-priority open alarm decides what sounds (high every 10 s, medium every 25 s, low once);
rows flash red (high) or yellow (medium), or stay steady with a thick border when the station
prefers reduced motion. Acknowledge silences a chair's sound for 2 minutes (its visual stays);
snooze, with a reason, holds due items only. If a reload fails the board keeps evaluating from
the last state it read, raises a high "record unreachable" alarm, and retries by itself.

It listens to the station's change edge: a change that names a chair rereads that chair only;
a change from another station whose content is unknown rereads them all. The 30-second reload
is only a safety net.

Signals:
    open_requested(int): the nurse asked to open a session's workspace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from datetime import datetime, timedelta

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.domain.alarm_priority import (
    AlarmCondition,
    alarm_condition,
)
from nurse_monitor.domain.alarm_sounding import SoundLedger
from nurse_monitor.services.chair_board import (
    ChairReads,
    ChairSummary,
    chair_reads,
    chair_summaries,
    chair_summary,
    judged_chair,
    summarise,
    with_pump_reports,
)
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.services.changes import ChangeKind, Changes
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.board.alarm_signalling import AlarmSignalling
from nurse_monitor.ui.board.chair_board_model import COLUMNS, ChairBoardModel
from nurse_monitor.ui.board.open_alarms import ask_and_snooze
from nurse_monitor.ui.board.reassign_dialog import install_reassign_menu
from nurse_monitor.ui.board.signals_out import Chime, Notifier
from nurse_monitor.ui.form_parts import touch_button
from nurse_monitor.ui.station import Refusal, Station
from nurse_monitor.ui.time_format import clock_time

# Changes that leave what a row is judged from besides its chair's view (its nurse's account,
# its bound pump: services/chair_board.ChairReads) as it was: any other (a user, a pump's report
# or binding, which writes only an audit entry, anything unnamed) has the board read them again.
KEEPS_CHAIR_READS = frozenset(
    {
        ChangeKind.SESSION,  # a reassignment changes the nurse: ChairReads says whose it read
        ChangeKind.EVENT,
        ChangeKind.READING,
        ChangeKind.REACTION,
        ChangeKind.SNOOZE,
        ChangeKind.SIGNATURE,
        ChangeKind.CO_SIGNATURE,
        ChangeKind.AMENDMENT,
        ChangeKind.PATIENT,
        ChangeKind.ALARM_LOG,
        ChangeKind.FOLLOW_UP,
    }
)
RELOAD_EVERY = timedelta(seconds=30)  # safety net: other stations' changes come by the edge
RETRY_EVERY = timedelta(seconds=5)  # while the record cannot be read
FLASH_TICK_MS = 100  # looks at the flash phase ten times a second (2 Hz needs 4 changes/s)
_log = logging.getLogger(__name__)


class ChairBoard(AlarmSignalling):
    open_requested = Signal(int)

    def __init__(
        self,
        station: Station,
        chime: Chime | None = None,
        notifier: Notifier | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.station = station  # db, clock, preferences and the signed-in user, read at each use
        self.ops = station.ops
        self.ops.changed.connect(self.show_changes)
        # Whether a session's open workspace hands this board its view after each change (the
        # main window says): then the board does not read the same session a second time.
        self.shown_by_workspace: Callable[[int], bool] = lambda _session_id: False
        self.ops.refused.connect(self._on_ops_refused)
        self.preferences = station.preferences
        self.chime = chime or Chime()
        self.notifier = notifier or Notifier(self)
        self.ledger = SoundLedger()
        self.chairs: list[ChairSummary] = []
        self.alarms: dict[int, AlarmCondition | None] = {}
        self.station_alarm: AlarmCondition | None = None
        self.record_problem: str | None = None
        self._loaded_at: datetime | None = None
        self._tried_at: datetime | None = None
        self._alarm_since: dict[int, datetime] = {}
        self._logged: dict[int, AlarmCondition] = {}  # open alarms as last written to the log
        # Per session shown by a workspace: its nurse's account and pump as last read, judged
        # again with each view it hands over (show_view) until a change may have altered them.
        self._chair_reads: dict[int, ChairReads] = {}
        self.setAccessibleName(self.tr("Chair board"))

        self.summary = QLabel(self)
        self.summary.setAccessibleName(self.tr("Chair board summary"))
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.summary.setFont(font)
        self.mute_label = QLabel(self)
        self.mute_label.setAccessibleName(self.tr("Sound"))
        self.banner = QLabel(self)
        self.banner.setAccessibleName(self.tr("Open alarms"))
        self.banner.setWordWrap(True)
        self.sound_label = QLabel(self)  # the main window puts it in its status bar
        self.sound_label.setAccessibleName(self.tr("Alarm sound device"))
        self.table = QTableView(self)
        self.model = ChairBoardModel(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Chairs in use"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(52)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The protocol's long name gives way first (elided; whole in its tooltip), so NEWS2 and
        # the reaction column stay on screen at 1366 px.
        header.setSectionResizeMode(
            COLUMNS.index("Drug / protocol"), QHeaderView.ResizeMode.Stretch
        )
        self.table.activated.connect(self._on_table_activated)
        self.open_button = touch_button(self.tr("Open workspace"), self)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.acknowledge_button = touch_button(self.tr("Acknowledge alarm"), self)
        self.acknowledge_button.setToolTip(
            self.tr("Silences the chosen chair's alarm sound for 2 minutes; the alarm stays shown")
        )
        self.acknowledge_button.clicked.connect(self._on_acknowledge_clicked)
        self.snooze_button = touch_button(self.tr("Snooze alarm…"), self)
        self.snooze_button.clicked.connect(self._on_snooze_clicked)
        self.mute_button = touch_button(self.tr("Mute sound 5 min"), self)
        self.mute_button.setToolTip(self.tr("Low and medium alarms only: a high alarm sounds"))
        self.mute_button.clicked.connect(self._on_mute_clicked)
        self.new_button = touch_button(self.tr("Start a new session…"), self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.mute_label)
        buttons = QHBoxLayout()
        for button in (
            self.open_button,
            self.acknowledge_button,
            self.snooze_button,
            self.new_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.mute_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self._training_mute: datetime | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.flash_timer = QTimer(self)
        self.flash_timer.setInterval(FLASH_TICK_MS)
        self.flash_timer.timeout.connect(self._on_flash_timer_timeout)
        install_reassign_menu(self, self)  # right-click a chair: reassign (a charge nurse)
        self.reload()

    # Reading and deciding -----------------------------------------------------------------------

    def grace(self) -> timedelta:
        return timedelta(minutes=self.preferences.overdue_after_minutes)

    def reload(self) -> None:
        """Read every chair again from the record, then look at the alarms.

        A failed read never stops the board: it keeps the last chairs it read, raises the high
        "record unreachable" alarm, and tries again by itself (tick).
        """
        now = self.clock.now()
        self._tried_at = now
        self._chair_reads.clear()
        try:
            chairs = chair_summaries(self.db, self.actor)
            # A record file deleted or replaced under this station still reads from what it
            # had open, but every write is refused: that is unreachable too.
            gone = self.db.record_problem()
        except Exception as error:  # any failure: the database down, a value it cannot parse
            _log.warning("chair board reload failed: %s", error)
            self._unreachable(now, str(error))
        else:
            self.chairs = chairs
            self._loaded_at = now
            if gone is None:
                self.record_problem = None
            else:
                self._unreachable(now, gone)
        self.evaluate()

    def _unreachable(self, now: datetime, why: str) -> None:
        if self.record_problem is None:
            self.record_problem = (
                self.tr("since %1: %2")
                .replace("%1", clock_time(now))
                .replace("%2", why.splitlines()[0][:160] if why else "error")
            )

    def show_changes(self, changes: Changes) -> None:
        """Redraw what a change names: the chairs it touched, or all when that is unknown.

        The board hears each change before any workspace does (it listens from its start, the
        workspaces from their opening), so what it keeps beside a row is let go here before a
        workspace hands it the chair's new view (show_view)."""
        if changes.everything or not changes.kinds <= KEEPS_CHAIR_READS:
            self._chair_reads.clear()
        if changes.everything:
            self.reload()
            return
        if not changes.sessions:
            return
        if changes.pump_reports_only:  # only pumps spoke: their alarms, no chair read again
            try:
                self.chairs = with_pump_reports(
                    self.db, self.actor, self.chairs, changes.session_ids
                )
            except Exception as error:  # the pumps' reports unreadable: the chairs still show
                _log.warning("pump alarms not read: %s", error)
            self.evaluate(named=changes.session_ids)  # only their rows repainted
            return
        chairs = {c.session_id: c for c in self.chairs}
        read = False
        try:
            for change in changes.sessions:
                if self.shown_by_workspace(change.session_id):
                    continue  # its open workspace reloads it and hands the view on (show_view)
                if change.kinds == {ChangeKind.ALARM_LOG}:
                    continue  # the alarm log's entries are not on the board's rows
                read = True
                summary = chair_summary(self.db, self.actor, change.session_id)
                if summary is None:
                    chairs.pop(change.session_id, None)
                else:
                    chairs[change.session_id] = summary
        except Exception as error:  # the record unreachable: the full reload says so, and alarms
            _log.warning("changed chairs not read: %s", type(error).__name__)
            self.reload()
            return
        if not read:
            return  # nothing read here: each workspace's view is judged as it arrives
        self.chairs = list(chairs.values())
        self.evaluate()

    def show_view(self, view: ChairView) -> None:
        """One chair changed (its workspace just reloaded it): update it without a reread, its
        nurse's account and pump read only when not kept since (show_changes lets them go)."""
        session_id = view.session.id
        try:
            reads = self._chair_reads.get(session_id)
            if reads is None or reads.nurse_id != view.session.nurse_id:
                reads = self._chair_reads[session_id] = chair_reads(self.db, self.actor, view)
            summary = judged_chair(view, reads, self.clock.now())
        except Exception as error:  # the pump's reports unreadable: the chair still shows
            _log.warning("pump alarms of session %s not read: %s", session_id, error)
            summary = summarise(view)
        others = [c for c in self.chairs if c.session_id != summary.session_id]
        closed = view.closed
        if closed:
            self._chair_reads.pop(session_id, None)
        self.chairs = others if closed else [*others, summary]
        self.evaluate()

    def evaluate(self, named: Collection[int] | None = None) -> None:
        """Alarms at the clock's now, in order; sound, flash and notify as they say. `named`:
        only these chairs changed (pumps spoke): only their rows are repainted."""
        now = self.clock.now()
        grace = self.grace()
        self.alarms = {c.session_id: c.alarm(now, grace) for c in self.chairs}
        self.station_alarm = (
            alarm_condition(["record_unreachable"], [], now) if self.record_problem else None
        )
        far = now + timedelta(days=1)
        self.chairs = sorted(
            self.chairs,
            key=lambda c: (
                -self._rank(self.alarms[c.session_id]),
                c.next_due.due_at if c.next_due else far,
                c.chair,
            ),
        )
        # Behind a workspace's tab the table is told when shown (showEvent), as workspaces do.
        held = self.window().isVisible() and not self.isVisible()
        self.model.set_board(self.chairs, self.alarms, now, grace, named, held=held)
        open_alarms = self.open_alarms()
        for key in [k for k in self._alarm_since if k not in open_alarms]:
            del self._alarm_since[key]
        for key in open_alarms:
            self._alarm_since.setdefault(key, now)
        decision = self.ledger.decide(open_alarms, now, self.muted_until())
        if decision.start is not None:
            self.chime.play(decision.start.word, self.preferences.chime_volume)
        elif decision.sounding is None:
            self.chime.stop()
        if decision.raised:
            self._call_attention(decision.raised, open_alarms)
        self._log_changes(decision.raised, open_alarms)
        self._show_banner(open_alarms, now)
        self._show_summary(now)
        self._show_sound()
        self.on_flash()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.model.show_held()

    def tick(self) -> None:
        """Follow the clock: reload now and then, and look at the alarms every second."""
        now = self.clock.now()
        if self.record_problem is not None:
            due = self._tried_at is None or now - self._tried_at >= RETRY_EVERY
        else:
            due = (
                self._loaded_at is None
                or now - self._loaded_at >= RELOAD_EVERY
                or now < self._loaded_at
            )
        if due:
            self.reload()
        else:
            self.evaluate()

    def start_live_updates(self) -> None:
        self.timer.start()
        self.flash_timer.start()

    def stop_live_updates(self) -> None:
        self.timer.stop()
        self.flash_timer.stop()
        self.chime.close()  # the sound device is let go (opened again on the next burst)

    def selected_chair(self) -> ChairSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.chair_at(rows[0].row()) if rows else None

    # Slots --------------------------------------------------------------------------------------

    def _on_timer_timeout(self) -> None:
        try:
            self.tick()
        except Exception:  # the timer must never stop looking: keep the last state
            _log.exception("chair board tick failed")

    def _on_table_activated(self) -> None:
        self._on_open_clicked()

    def _on_open_clicked(self) -> None:
        chair = self.selected_chair()
        if chair is not None:
            self.open_requested.emit(chair.session_id)

    def _on_snooze_clicked(self) -> None:
        chair = self.selected_chair()
        alarm = self.alarms.get(chair.session_id) if chair is not None else None
        ask_and_snooze(self, self.station, chair, alarm)  # the edge redraws the board

    def _on_ops_refused(self, refusal: Refusal) -> None:
        if refusal.origin is self:
            dialogs.dialogs.error(self, self.tr("Snooze"), refusal.message)
