"""The chair board: every chair in use at a glance, by alarm priority then due time.

Alarms come from the engine's status and due times (clinical-reference.md section 10
priorities), read again from the record; the one-second timer only decides when to look. The
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
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.clock import Clock
from nurse_monitor.domain.alarm_priority import (
    AlarmCondition,
    Priority,
    alarm_condition,
)
from nurse_monitor.domain.alarm_sounding import STATION, SoundLedger, flash_on
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.alarm_log import AlarmChange, log_alarm_changes
from nurse_monitor.services.chair_board import (
    ChairSummary,
    chair_summaries,
    chair_summary,
    summarise,
    with_pump,
    with_pump_reports,
)
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.services.changes import Changes
from nurse_monitor.services.database import Database
from nurse_monitor.ui import colors, dialogs
from nurse_monitor.ui.alarm_words import BACKGROUND, priority_label, reasons_text
from nurse_monitor.ui.board.chair_board_model import COLUMNS, ChairBoardModel
from nurse_monitor.ui.board.open_alarms import ask_and_snooze, show_open_alarms
from nurse_monitor.ui.board.signals_out import Chime, Notifier
from nurse_monitor.ui.form_parts import touch_button
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.station import Refusal, StationOps
from nurse_monitor.ui.time_format import clock_time

RELOAD_EVERY = timedelta(seconds=30)  # safety net: other stations' changes come by the edge
RETRY_EVERY = timedelta(seconds=5)  # while the record cannot be read
FLASH_TICK_MS = 100  # looks at the flash phase ten times a second (2 Hz needs 4 changes/s)
_log = logging.getLogger(__name__)


class ChairBoard(QWidget):
    open_requested = Signal(int)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        clock: Clock,
        preferences: Preferences,
        chime: Chime | None = None,
        notifier: Notifier | None = None,
        parent: QWidget | None = None,
        *,
        ops: StationOps | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        # The station's change edge; a board on its own (tests) has one of its own.
        self.ops = ops if ops is not None else StationOps(db, self)
        self.ops.changed.connect(self.show_changes)
        # Whether a session's open workspace hands this board its view after each change (the
        # main window says): then the board does not read the same session a second time.
        self.shown_by_workspace: Callable[[int], bool] = lambda _session_id: False
        self.ops.refused.connect(self._on_ops_refused)
        self.actor = actor
        self.clock = clock
        self.preferences = preferences
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
        self.reload()

    # Reading and deciding -----------------------------------------------------------------------

    def training(self) -> bool:
        """A training clock runs faster than the wall clock: its times are never kept."""
        return getattr(self.clock, "speed", 1.0) != 1.0

    def muted_until(self) -> datetime | None:
        """This station's mute (a training run's mute is kept for that run only)."""
        return self._training_mute if self.training() else self.preferences.mute_until

    def grace(self) -> timedelta:
        return timedelta(minutes=self.preferences.overdue_after_minutes)

    def reload(self) -> None:
        """Read every chair again from the record, then look at the alarms.

        A failed read never stops the board: it keeps the last chairs it read, raises the high
        "record unreachable" alarm, and tries again by itself (tick).
        """
        now = self.clock.now()
        self._tried_at = now
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
        """Redraw what a change names: the chairs it touched, or all when that is unknown."""
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
            self.evaluate()
            return
        chairs = {c.session_id: c for c in self.chairs}
        for change in changes.sessions:
            if self.shown_by_workspace(change.session_id):
                continue  # its open workspace reloads it and hands the view on (show_view)
            summary = chair_summary(self.db, self.actor, change.session_id)
            if summary is None:
                chairs.pop(change.session_id, None)
            else:
                chairs[change.session_id] = summary
        self.chairs = list(chairs.values())
        self.evaluate()

    def show_view(self, view: ChairView) -> None:
        """One chair changed (its workspace just reloaded it): update it without a reread."""
        try:
            summary = with_pump(self.db, self.actor, view)
        except Exception as error:  # the pump's reports unreadable: the chair still shows
            _log.warning("pump alarms of session %s not read: %s", view.session.id, error)
            summary = summarise(view)
        others = [c for c in self.chairs if c.session_id != summary.session_id]
        closed = view.closed
        self.chairs = others if closed else [*others, summary]
        self.evaluate()

    def evaluate(self) -> None:
        """Alarms at the clock's now, in order; sound, flash and notify as they say."""
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
        self.model.set_board(self.chairs, self.alarms, now, grace)
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

    def _log_changes(self, raised: tuple[int, ...], alarms: dict[int, AlarmCondition]) -> None:
        """Alarms raised and ended go to the alarm log; a failed write never stops the board."""
        changes = [AlarmChange(k, "raised", alarms[k]) for k in raised if k != STATION]
        changes += [AlarmChange(k, "ended", c) for k, c in self._logged.items() if k not in alarms]
        if not changes:
            return
        try:
            log_alarm_changes(self.db, self.actor, changes)
        except Exception as error:  # the record unreachable: the alarm itself says so
            _log.warning("alarm log not written: %s", error)
            return
        self._logged = {k: c for k, c in alarms.items() if k != STATION}

    def station_notice(self) -> str:
        """The station's own alarm in words (the record unreachable), or ''."""
        if self.station_alarm is None or not self.record_problem:
            return ""
        return (
            self.tr("%1 · the record cannot be reached %2; chairs as last read at %3")
            .replace("%1", priority_label(self.station_alarm.priority))
            .replace("%2", self.record_problem)
            .replace("%3", clock_time(self._loaded_at))
        )

    def open_alarms(self) -> dict[int, AlarmCondition]:
        """Every open alarm on this station, by key (a session id, or STATION)."""
        found = {k: a for k, a in self.alarms.items() if a is not None}
        if self.station_alarm is not None:
            found[STATION] = self.station_alarm
        return found

    @staticmethod
    def _rank(alarm: AlarmCondition | None) -> int:
        return int(alarm.priority) if alarm is not None else 0

    def _chair_name(self, key: int) -> str:
        if key == STATION:
            return self.tr("This station")
        return next((c.chair for c in self.chairs if c.session_id == key), str(key))

    def _call_attention(self, raised: tuple[int, ...], alarms: dict[int, AlarmCondition]) -> None:
        """A new or risen alarm: the taskbar entry flashes when the window is not in front."""
        window = self.window()
        if not window.isActiveWindow():
            QApplication.alert(window)
        for key in raised:
            alarm = alarms[key]
            if alarm.priority >= Priority.MEDIUM:
                self.notifier.notify(
                    self.tr("Nurse Monitor alarm"),
                    f"{self._chair_name(key)}: {priority_label(alarm.priority)}, "
                    f"{reasons_text(alarm)}",
                )

    def _show_banner(self, alarms: dict[int, AlarmCondition], now: datetime) -> None:
        """Only open alarms, highest first, each with the time its item was due."""
        notes = {}
        if self.record_problem:
            notes[STATION] = (
                self.tr(" %1; showing what was read at %2, retrying")
                .replace("%1", self.record_problem)
                .replace("%2", clock_time(self._loaded_at))
            )
        show_open_alarms(
            self.banner,
            alarms,
            {k: self._chair_name(k) for k in alarms},
            {k: self.ledger.silenced_until(k, a, now) for k, a in alarms.items()},
            notes,
        )

    def on_flash(self) -> None:
        """Flash rows at their priority's rate, or, reducing motion, a thick steady border."""
        now = self.clock.now()
        alarms = self.open_alarms()
        top = max(alarms.values(), key=lambda a: a.priority, default=None)
        if top is None or top.priority is Priority.LOW:
            self.model.set_lit(True)
            self._set_border("")
            return
        if self.preferences.reduce_motion:
            self.model.set_lit(True)
            self._set_border(
                f"QTableView {{ border: 8px solid {BACKGROUND[top.priority].name()}; }}"
            )
            return
        self._set_border("")
        key = next(k for k, a in alarms.items() if a is top)
        since = self._alarm_since.get(key, now)
        self.model.set_lit(flash_on(top.priority, now - since))

    def _set_border(self, style: str) -> None:
        if self.table.styleSheet() != style:  # ten looks a second: restyle only on a change
            self.table.setStyleSheet(style)

    def _show_summary(self, now: datetime) -> None:
        counts = {p: 0 for p in Priority}
        for alarm in self.alarms.values():
            if alarm is not None:
                counts[alarm.priority] += 1
        self.summary.setText(
            self.tr("%n chair(s) in use · %1 high · %2 medium · %3 low", "", len(self.chairs))
            .replace("%1", str(counts[Priority.HIGH]))
            .replace("%2", str(counts[Priority.MEDIUM]))
            .replace("%3", str(counts[Priority.LOW]))
            if self.chairs
            else self.tr("No chairs in use yet today.")
        )
        muted_until = self.muted_until()
        if muted_until is not None and now < muted_until:
            self.mute_label.setText(
                self.tr("🔇 Low and medium sounds muted until %1 (high alarms sound)").replace(
                    "%1", clock_time(muted_until)
                )
            )
            self.mute_label.setStyleSheet(colors.text_style("warning"))
        else:
            self.mute_label.setText(self.tr("Sound on"))
            self.mute_label.setStyleSheet("")

    def _show_sound(self) -> None:
        problem = self.chime.problem
        self.sound_label.setText(
            self.tr("⚠ Alarm sound: %1; the system beep is used instead").replace("%1", problem)
            if problem
            else ""
        )

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

    def _on_flash_timer_timeout(self) -> None:
        self.on_flash()

    def _on_table_activated(self) -> None:
        self._on_open_clicked()

    def _on_open_clicked(self) -> None:
        chair = self.selected_chair()
        if chair is not None:
            self.open_requested.emit(chair.session_id)

    def _on_acknowledge_clicked(self) -> None:
        """The chosen chair's alarm (or, with none chosen, every open alarm) goes quiet 2 min."""
        now = self.clock.now()
        chair = self.selected_chair()
        alarms = self.open_alarms()
        keys = [chair.session_id] if chair is not None else list(alarms)
        answered = []
        for key in keys:
            if key in alarms:
                self.ledger.acknowledge(key, alarms[key], now)
                if key != STATION:
                    answered.append(AlarmChange(key, "acknowledged", alarms[key]))
        try:
            log_alarm_changes(self.db, self.actor, answered)
        except Exception as error:  # the sound is silenced all the same
            _log.warning("acknowledgement not logged: %s", error)
        self.evaluate()

    def _on_snooze_clicked(self) -> None:
        chair = self.selected_chair()
        alarm = self.alarms.get(chair.session_id) if chair is not None else None
        ask_and_snooze(self, self.ops, self.actor, chair, alarm)  # the edge redraws the board

    def _on_ops_refused(self, refusal: Refusal) -> None:
        if refusal.origin is self:
            dialogs.dialogs.error(self, self.tr("Snooze"), refusal.message)

    def _on_mute_clicked(self) -> None:
        until = self.clock.now() + timedelta(minutes=5)
        if self.training():
            self._training_mute = until  # a fast-clock time: this run only, never preferences
        else:
            self.preferences.mute_until = until
        self.evaluate()
