"""The chair board's alarm signals: what sounds, what flashes, what the banner and summary say.

Priorities and patterns follow clinical-reference.md section 10 (domain/alarm_sounding.py): the
highest-priority open alarm decides what sounds; rows flash red (high) or yellow (medium), or
stay steady with a thick border when the station prefers reduced motion. Acknowledge silences a
chair's sound for 2 minutes (its visual stays); Mute spares high alarms. Alarms raised, ended
and acknowledged go to the alarm log. `ChairBoard` (board/chair_board.py) is this with the
table of chairs and the reading of the record.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from PySide6.QtWidgets import QApplication, QLabel, QTableView, QWidget

from nurse_monitor.domain.alarm_priority import AlarmCondition, Priority
from nurse_monitor.domain.alarm_sounding import STATION, SoundLedger, flash_on
from nurse_monitor.services.alarm_log import AlarmChange, log_alarm_changes
from nurse_monitor.services.chair_board import ChairSummary
from nurse_monitor.ui import colors
from nurse_monitor.ui.alarm_words import BACKGROUND, priority_label, reasons_text
from nurse_monitor.ui.board.chair_board_model import ChairBoardModel
from nurse_monitor.ui.board.open_alarms import show_open_alarms
from nurse_monitor.ui.board.signals_out import Chime, Notifier
from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.station import ActsAtTheStation
from nurse_monitor.ui.time_format import clock_time

_log = logging.getLogger(__name__)


class AlarmSignalling(ActsAtTheStation, QWidget):
    """Sound, flashing, banner and summary of the open alarms (the board is `ChairBoard`)."""

    preferences: Preferences
    chime: Chime
    notifier: Notifier
    ledger: SoundLedger
    chairs: list[ChairSummary]
    alarms: dict[int, AlarmCondition | None]
    station_alarm: AlarmCondition | None
    record_problem: str | None
    model: ChairBoardModel
    table: QTableView
    summary: QLabel
    mute_label: QLabel
    banner: QLabel
    sound_label: QLabel
    _loaded_at: datetime | None
    _alarm_since: dict[int, datetime]
    _logged: dict[int, AlarmCondition]
    _training_mute: datetime | None

    def training(self) -> bool:
        """A training clock runs faster than the wall clock: its times are never kept."""
        return getattr(self.clock, "speed", 1.0) != 1.0

    def muted_until(self) -> datetime | None:
        """This station's mute (a training run's mute is kept for that run only)."""
        return self._training_mute if self.training() else self.preferences.mute_until

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
            _restyle(self.mute_label, colors.text_style("warning"))
        else:
            self.mute_label.setText(self.tr("Sound on"))
            _restyle(self.mute_label, "")

    def _show_sound(self) -> None:
        problem = self.chime.problem  # the sound library's own words go to the tooltip
        self.sound_label.setText(
            self.tr("⚠ No sound device: the system beep is used instead") if problem else ""
        )
        if self.sound_label.toolTip() != (problem or ""):
            self.sound_label.setToolTip(problem or "")

    def _on_flash_timer_timeout(self) -> None:
        self.on_flash()

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

    def _on_mute_clicked(self) -> None:
        until = self.clock.now() + timedelta(minutes=5)
        if self.training():
            self._training_mute = until  # a fast-clock time: this run only, never preferences
        else:
            self.preferences.mute_until = until
        self.evaluate()

    # The board's own (ChairBoard) -------------------------------------------------------------

    def evaluate(self) -> None:
        raise NotImplementedError

    def selected_chair(self) -> ChairSummary | None:
        raise NotImplementedError


def _restyle(widget: QWidget, style: str) -> None:
    """A style sheet set only when it differs: setting one re-polishes the widget (and Qt
    repaints it) even when it is the same, at each evaluation (every second and every save)."""
    if widget.styleSheet() != style:
        widget.setStyleSheet(style)
