"""The station's pump listener, when this station is set to receive pump messages.

Off by default. The setting is a station preference (`Preferences.pump_link`: enabled, host,
port; 127.0.0.1 and 2575 by default), edited in the Preferences dialog and applied at once.

The listener runs in a process of its own (`nurse-monitor pump listen --for-station`, started
here with QProcess: no shell, the same on every platform), so its parsing, writing and
answering never share the interpreter lock with this station's screens. It writes to the same
record; what it keeps reaches the screens through the station's change edge (its commits are
counted as this station's own, services/pump_listener_process.py), pump reports taken together
once a second. It is stopped by closing its standard input (it also stops by itself when this
station is gone), and started again if it dies.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QProcess,
    QProcessEnvironment,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QLabel, QMainWindow

from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_listener_process import (
    CHANGES,
    CLOCK_VARIABLE,
    DATABASE_URL_VARIABLE,
    FAILED,
    LISTENING,
    MARK,
    ListenerNews,
    listener_command,
    read_news,
    station_clock,
)
from nurse_monitor.services.station_feed import commits_told_are_plausible
from nurse_monitor.ui import colors, dialogs
from nurse_monitor.ui.preferences import Preferences

log = logging.getLogger(__name__)

STOP_WITHIN_MS = 5000  # the listener's own stop takes well under a second
RESTART_AFTER_MS = 2000  # a listener that died is started again after this (ours)
RESTARTS_IN_A_ROW = 3  # then it is left off and the status bar says why (ours)
SETTLED_AFTER_S = 60.0  # a listener that ran this long has its restarts counted afresh (ours)
LONGEST_LINE = 1 << 20  # bytes; the listener's own lines are far shorter (ours)
NONSENSE_LOGGED = 20  # unexpected lines logged per listener process; then only counted (ours)


class PumpListenerProcess(QObject):
    """One listener process on one address.

    Signals:
        listening(str): bound, "host:port".
        failed(str): could not listen (it exits), in plain words.
        ended(str): it stopped without being asked (why, as far as known).
        confused(str): the first line from it that is none of its own (it is not believed).
    """

    listening = Signal(str)
    failed = Signal(str)
    ended = Signal(str)
    confused = Signal(str)

    def __init__(self, db: Database, host: str, port: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.host, self.port = host, port
        self.address = ""  # "host:port" once listening
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        self.process.readyReadStandardOutput.connect(self._on_process_ready_read_standard_output)
        self.process.readyReadStandardError.connect(self._on_process_ready_read_standard_error)
        self.process.finished.connect(self._on_process_finished)
        self.process.errorOccurred.connect(self._on_process_error_occurred)
        self._stopping = False
        self._said_why = False
        self._last_error_line = ""
        self.nonsense_lines = 0

    def start(self) -> None:
        program, *arguments = listener_command(self.host, self.port)
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert(DATABASE_URL_VARIABLE, self.db.engine.url.render_as_string(False))
        environment.insert("PYTHONUNBUFFERED", "1")
        training = station_clock(self.db.clock)
        if training is not None:
            environment.insert(CLOCK_VARIABLE, training)
        if not getattr(sys, "frozen", False):  # the child runs this very copy of the program
            here = str(Path(__file__).resolve().parents[2])
            paths = [here, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
            environment.insert("PYTHONPATH", os.pathsep.join(paths))
        self.process.setProcessEnvironment(environment)
        self.db.own_commits.told_late = self.db.engine.dialect.name == "sqlite"
        self.process.start(program, arguments)

    def running(self) -> bool:
        return self.process.state() != QProcess.ProcessState.NotRunning

    def stop(self) -> None:
        """Close its standard input (it stops and lets the port go), then wait for it."""
        self._stopping = True
        if not self.running():
            return
        self.process.closeWriteChannel()
        if not self.process.waitForFinished(STOP_WITHIN_MS):
            self.process.kill()  # never left behind holding the port
            self.process.waitForFinished(STOP_WITHIN_MS)
        self._on_process_ready_read_standard_output()  # its last commits' news

    def _on_process_ready_read_standard_output(self) -> None:
        """A slot: whatever the child wrote, nothing raises here (a garbage line is logged and
        told, never taken as a commit of ours)."""
        try:
            lines: list[str] = []
            while self.process.canReadLine():
                raw = bytes(self.process.readLine(LONGEST_LINE).data())
                lines.append(raw.decode("utf-8", errors="replace"))
            if self.process.bytesAvailable() >= LONGEST_LINE:  # no end of line in sight
                self.process.readAllStandardOutput()
                lines.append(f"(a line longer than {LONGEST_LINE} bytes, dropped)")
            news = [read_news(line) for line in lines if line.strip()]
            marks = [n.mark for n in news if n.kind == MARK and n.mark is not None]
            plausible = dict(zip(marks, commits_told_are_plausible(self.db, marks), strict=True))
            for n in news:
                self._take(n, plausible)
        except Exception:  # a slot: log it, keep the station running
            log.exception("pump listener: its output could not be read")

    def _take(self, news: ListenerNews, plausible: dict[int, bool]) -> None:
        if news.kind == MARK and news.mark is not None:
            if plausible.get(news.mark):
                self.db.own_commits.note(news.mark)  # the listener's commit is this station's
            else:
                self._nonsense(f"a commit number the record has not reached: {news.mark}")
        elif news.kind == CHANGES and news.changes is not None:
            self.db.committed_for_us(news.changes)  # the change edge takes it from here
        elif self._stopping:  # asked to stop: what it says now is no longer news
            return
        elif news.kind == LISTENING:
            self.address = news.text
            self.listening.emit(news.text)
        elif news.kind == FAILED:
            self._said_why = True
            self.failed.emit(news.text or "the pump listener could not listen")
        else:
            self._nonsense(news.text)

    def _nonsense(self, text: str) -> None:
        """A line that is none of the listener's own: logged (the first few), told once."""
        self.nonsense_lines += 1
        if self.nonsense_lines <= NONSENSE_LOGGED:
            log.warning("pump listener said something unexpected: %r", text[:300])
        if self.nonsense_lines == 1:
            self.confused.emit(text[:120])

    def _on_process_ready_read_standard_error(self) -> None:
        text = bytes(self.process.readAllStandardError().data()).decode("utf-8", "replace")
        for line in text.splitlines():
            if line.strip():
                self._last_error_line = line.strip()[:300]
                log.warning("pump listener: %s", self._last_error_line)

    def _on_process_finished(self, code: int, _status: QProcess.ExitStatus) -> None:
        self._on_process_ready_read_standard_output()
        if self._stopping or self._said_why:
            return
        why = self._last_error_line.removeprefix("nurse-monitor: ")
        self.ended.emit(why or f"the pump listener stopped (exit code {code})")

    def _on_process_error_occurred(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and not self._stopping:
            self.ended.emit(f"the pump listener could not be started: {self.process.errorString()}")


class StationPumpLink(QObject):
    """This station's listener process, following the pump link preference without a restart.

    `apply()` stops the running listener and starts one on the address now chosen; a change
    of `preferences.pump_link` applies itself. The status label says "starting" until the
    listener is bound, then "receiving on host:port". A bind failure ("Port 2575 is in use by
    another program") is never a crash: the listener is left off, `failed` says why, and the
    status label (in the main window's status bar) keeps saying so until the next apply. A
    listener that dies is started again (RESTARTS_IN_A_ROW times, then left off, said plainly).

    Signals:
        status_changed(str): the status label's new text ("" when the link is off).
        failed(str): the listener could not start; why, in plain words.
    """

    status_changed = Signal(str)
    failed = Signal(str)

    def __init__(
        self, db: Database, preferences: Preferences, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.preferences = preferences
        self.receiver: PumpListenerProcess | None = None
        self.status = ""
        self.problem: str | None = None
        self.restarts = 0
        self._listening_since: float | None = None
        self.restart_timer = QTimer(self)
        self.restart_timer.setSingleShot(True)
        self.restart_timer.setInterval(RESTART_AFTER_MS)
        self.restart_timer.timeout.connect(self._on_restart_timer_timeout)
        preferences.changed.connect(self._on_preferences_changed)
        app = QCoreApplication.instance()
        if app is not None:  # the program quits: the listener goes with it, the port freed
            app.aboutToQuit.connect(self.stop)

    @property
    def address(self) -> str:
        """ "host:port" while the listener is bound, else ""."""
        return self.receiver.address if self.receiver is not None else ""

    def apply(self) -> None:
        self.restarts = 0
        self._start()

    def _start(self) -> None:
        self.stop()
        setting = self.preferences.pump_link
        if not setting.enabled:
            self._say("", None)
            return
        receiver = PumpListenerProcess(self.db, setting.host, setting.port, self)
        receiver.listening.connect(self._on_receiver_listening)
        receiver.failed.connect(self._on_receiver_failed)
        receiver.ended.connect(self._on_receiver_ended)
        receiver.confused.connect(self._on_receiver_confused)
        self.receiver = receiver
        self._say(f"Pump link: starting on {setting.host}:{setting.port}", None)
        receiver.start()

    def stop(self) -> None:
        self.restart_timer.stop()
        if self.receiver is not None:
            receiver, self.receiver = self.receiver, None
            receiver.stop()
            receiver.deleteLater()
        self.db.own_commits.told_late = False

    def _on_receiver_listening(self, where: str) -> None:
        self._listening_since = time.monotonic()
        log.info("pump link listening on %s", where)
        self._say(f"Pump link: receiving on {where}", None)

    def _on_receiver_failed(self, why: str) -> None:
        log.error("pump link not started: %s", why)
        self.stop()
        self._say(f"Pump link off: {why}", why)
        self.failed.emit(why)

    def _on_receiver_ended(self, why: str) -> None:
        self.stop()
        since, self._listening_since = self._listening_since, None
        if since is not None and time.monotonic() - since > SETTLED_AFTER_S:
            self.restarts = 0
        if self.restarts >= RESTARTS_IN_A_ROW:
            log.error("pump link off: the listener keeps stopping: %s", why)
            self._say(f"Pump link off: the listener keeps stopping ({why})", why)
            self.failed.emit(why)
            return
        self.restarts += 1
        log.warning("pump link: the listener stopped (%s); starting it again", why)
        self._say(f"Pump link interrupted: {why}; starting the listener again", why)
        self.restart_timer.start()

    def _on_receiver_confused(self, line: str) -> None:
        where = self.address or "its port"
        self._say(
            f"Pump link: receiving on {where}, but the listener said something unexpected "
            f"(not believed; see the log): {line}",
            line,
        )

    def _on_restart_timer_timeout(self) -> None:
        self._start()

    def _say(self, status: str, problem: str | None) -> None:
        self.problem = problem
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)

    def _on_preferences_changed(self, key: str) -> None:
        if key == "pump_link" and not self._running_as_set():
            self.apply()

    def _running_as_set(self) -> bool:
        """The listener runs, unbothered, on the address the preference now names."""
        setting, receiver = self.preferences.pump_link, self.receiver
        return (
            setting.enabled
            and receiver is not None
            and receiver.running()
            and (receiver.host, receiver.port) == (setting.host, setting.port)
            and self.problem is None
        )


def show_pump_link(link: StationPumpLink, window: QMainWindow) -> QLabel:
    """The link's status in the window's status bar, and a failure told plainly. (What a pump
    said reaches the board and its chair's workspace through the station's change edge, taken
    together once a second: never a chair's work per message on this thread.)"""
    label = QLabel(link.status, window)
    label.setAccessibleName(window.tr("Pump link status"))
    label.setVisible(bool(link.status))

    def show_status(text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))
        label.setStyleSheet(colors.text_style("error") if link.problem else "")

    def tell(why: str) -> None:
        dialogs.dialogs.error(
            window,
            window.tr("Pump link not started"),
            window.tr("%1. Pump messages are not received at this station. When this is put "
                      "right (another port, or the other program stopped; or the record "
                      "reachable), save Preferences with the pump link on to start it again.")
            .replace("%1", why),
        )  # fmt: skip

    link.status_changed.connect(show_status)
    link.failed.connect(tell)
    window.statusBar().addPermanentWidget(label)
    show_status(link.status)
    return label
