"""The chair board: every chair in use at a glance, most urgent first, with its alarm.

Reminders come from the engine's due times, read again from the record; the one-second timer
only decides when to look. A due item turns the row amber and chimes once; overdue turns it
red, chimes again every repeat interval and shows a desktop notification; a reaction outranks
everything. An alarm ends when its item is done, or when it is snoozed with a reason.

Signals:
    open_requested(int): the nurse asked to open a session's workspace.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from nurse_monitor.clock import Clock
from nurse_monitor.domain.alarms import AlarmLedger, AlarmSettings, ChairItem, Level, alarm_level
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_board import ChairSummary, chair_summaries, summarise
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.ui import colors, dialogs
from nurse_monitor.ui.board.chair_board_model import ChairBoardModel
from nurse_monitor.ui.board.signals_out import Chime, Notifier
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.time_format import clock_time
from nurse_monitor.ui.workspace.form_parts import touch_button

RELOAD_EVERY = timedelta(seconds=30)  # other stations' changes reach this board within this


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
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.clock = clock
        self.preferences = preferences
        self.chime = chime or Chime()
        self.notifier = notifier or Notifier(self)
        self.ledger = AlarmLedger()
        self.chairs: list[ChairSummary] = []
        self.levels: dict[int, Level] = {}
        self._loaded_at: datetime | None = None
        self.setAccessibleName(self.tr("Chair board"))

        self.summary = QLabel(self)
        self.summary.setAccessibleName(self.tr("Chair board summary"))
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.summary.setFont(font)
        self.mute_label = QLabel(self)
        self.mute_label.setAccessibleName(self.tr("Sound"))
        self.last_alarm = QLabel(self)
        self.last_alarm.setAccessibleName(self.tr("Latest alarm"))
        self.last_alarm.setStyleSheet(colors.text_style("error"))
        self.table = QTableView(self)
        self.model = ChairBoardModel(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Chairs in use"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(52)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._on_table_activated)
        self.open_button = touch_button(self.tr("Open workspace"), self)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.snooze_button = touch_button(self.tr("Snooze alarm…"), self)
        self.snooze_button.clicked.connect(self._on_snooze_clicked)
        self.mute_button = touch_button(self.tr("Mute sound 5 min"), self)
        self.mute_button.clicked.connect(self._on_mute_clicked)
        self.new_button = touch_button(self.tr("Start a new session…"), self)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.mute_label)
        buttons = QHBoxLayout()
        for button in (self.open_button, self.snooze_button, self.new_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.mute_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.last_alarm)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.reload()

    # Reading and deciding -----------------------------------------------------------------------

    def settings(self) -> AlarmSettings:
        p = self.preferences
        return AlarmSettings(
            overdue_after=timedelta(minutes=p.overdue_after_minutes),
            repeat_every=timedelta(seconds=p.alarm_repeat_seconds),
            muted_until=p.mute_until,
        )

    def reload(self) -> None:
        """Read every chair again from the record, then look at the alarms."""
        self.chairs = chair_summaries(self.db, self.actor)
        self._loaded_at = self.clock.now()
        self.evaluate()

    def show_view(self, view: ChairView) -> None:
        """One chair changed (its workspace just reloaded it): update it without a reread."""
        summary = summarise(view)
        others = [c for c in self.chairs if c.session_id != summary.session_id]
        closed = view.session.status in ("signed", "cosigned")
        self.chairs = others if closed else [*others, summary]
        self.evaluate()

    def evaluate(self) -> None:
        """Alarm levels at the clock's now; chime and notify as the ledger says."""
        now = self.clock.now()
        settings = self.settings()
        items = [self._item(chair) for chair in self.chairs]
        self.levels = {
            chair.session_id: alarm_level(item, now, settings)
            for chair, item in zip(self.chairs, items, strict=True)
        }
        ordered = sorted(
            self.chairs,
            key=lambda c: (
                -int(self.levels[c.session_id]),
                c.next_due.due_at if c.next_due else now + timedelta(days=1),
                c.chair,
            ),
        )
        self.chairs = ordered
        self.model.set_board(ordered, self.levels, now)
        for request in self.ledger.evaluate([i for i in items if i is not None], now, settings):
            if request.what == "chime":
                self.chime.play(self.preferences.chime_volume)
            else:
                self.notifier.notify(self.tr("Nurse Monitor alarm"), request.label)
            self.last_alarm.setText(
                self.tr("%1 %2 at %3")
                .replace("%1", "⚠")
                .replace("%2", request.label)
                .replace("%3", clock_time(now))
            )
        self._show_summary(now, settings)

    def _item(self, chair: ChairSummary) -> ChairItem | None:
        due = chair.next_due
        if due is None:
            return None
        return ChairItem(
            chair.session_id, chair.chair, due.kind, due.label, due.due_at, due.snoozed_until
        )

    def _show_summary(self, now: datetime, settings: AlarmSettings) -> None:
        red = sum(1 for level in self.levels.values() if level >= Level.OVERDUE)
        amber = sum(1 for level in self.levels.values() if level is Level.DUE)
        self.summary.setText(
            self.tr("%n chair(s) in use · %1 overdue or reaction · %2 due", "", len(self.chairs))
            .replace("%1", str(red))
            .replace("%2", str(amber))
            if self.chairs
            else self.tr("No chairs in use yet today.")
        )
        muted_until = settings.muted_until
        if muted_until is not None and now < muted_until:
            self.mute_label.setText(
                self.tr("🔇 Sound muted until %1").replace("%1", clock_time(muted_until))
            )
            self.mute_label.setStyleSheet(colors.text_style("warning"))
        else:
            self.mute_label.setText(self.tr("Sound on"))
            self.mute_label.setStyleSheet("")

    def tick(self) -> None:
        """Follow the clock: reload now and then, and look at the alarms every second."""
        now = self.clock.now()
        if (
            self._loaded_at is None
            or now - self._loaded_at >= RELOAD_EVERY
            or now < self._loaded_at
        ):
            self.reload()
        else:
            self.evaluate()

    def start_live_updates(self) -> None:
        self.timer.start()

    def stop_live_updates(self) -> None:
        self.timer.stop()

    def selected_chair(self) -> ChairSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.chair_at(rows[0].row()) if rows else None

    # Slots --------------------------------------------------------------------------------------

    def _on_timer_timeout(self) -> None:
        self.tick()

    def _on_table_activated(self) -> None:
        self._on_open_clicked()

    def _on_open_clicked(self) -> None:
        chair = self.selected_chair()
        if chair is not None:
            self.open_requested.emit(chair.session_id)

    def _on_snooze_clicked(self) -> None:
        chair = self.selected_chair()
        if chair is None or chair.next_due is None:
            dialogs.dialogs.info(
                self, self.tr("Snooze"), self.tr("Choose a chair with a due item.")
            )
            return
        item = chair.next_due
        from nurse_monitor.services.alarms import SNOOZE_MINUTES, snooze_alarm  # on use

        low, high = SNOOZE_MINUTES
        reason = dialogs.dialogs.ask_text(
            self,
            self.tr("Snooze alarm"),
            self.tr(
                "%1: %2.\nWhy does it wait? The alarm sounds again in 5 minutes (%3 to %4 "
                "allowed); the reason goes on the record."
            )
            .replace("%1", chair.chair)
            .replace("%2", item.label)
            .replace("%3", str(low))
            .replace("%4", str(high)),
        )
        if not reason:
            return
        try:
            snooze_alarm(self.db, self.actor, chair.session_id, item.kind, 5, reason)
        except ServiceError as error:
            dialogs.dialogs.error(self, self.tr("Snooze"), str(error))
            return
        self.reload()

    def _on_mute_clicked(self) -> None:
        self.preferences.mute_until = self.clock.now() + timedelta(minutes=5)
        self.evaluate()
