"""How the station makes itself heard: alarm bursts and a desktop notification, behind ports.

The chime plays the IEC 60601-1-8 patterns (sound/alarm_patterns.py) through miniaudio at the
station's volume. When no audio device can be opened it falls back to the system's alert sound
(QApplication.beep, whose volume is the system's) and `problem` says so for the status bar.
Tests install the recording versions, or a chime on miniaudio's NULL backend.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from nurse_monitor.sound.playback import AlarmPlayer


class Chime:
    """One burst of a priority's pattern per call; `stop` silences what is playing.

    A `held` chime (the program's start) opens no sound device until `release`: opening it
    loads the sound library, about 150 ms the board's first paint need not wait for. A burst
    asked for meanwhile is kept, the latest one, and starts at `release`.
    """

    _held = False
    _waiting: tuple[str, int] | None = None

    def __init__(self, player: AlarmPlayer | None = None, *, held: bool = False) -> None:
        self._player = player or AlarmPlayer()
        self._held = held

    @property
    def problem(self) -> str | None:
        """Why the station cannot play its alarm sound (None when it can)."""
        return self._player.problem

    def play(self, priority: str, volume: int) -> None:
        if volume <= 0:
            return
        if self._held:
            self._waiting = (priority, volume)
            return
        if not self._player.play_cycle(priority, volume):
            QApplication.beep()

    def stop(self) -> None:
        self._waiting = None
        self._player.stop()

    def release(self) -> None:
        """Open the sound device now and start the burst asked for while held, if any."""
        if not self._held:
            return
        self._held = False
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self.play(*waiting)
        else:
            self._player.open()  # ready: the first alarm's burst starts at once

    def close(self) -> None:
        self._player.close()


class Notifier:
    """A desktop notification through the system tray, when the desktop has one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self._tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            app = QApplication.instance()
            icon = app.windowIcon() if isinstance(app, QApplication) else QIcon()
            self._tray = QSystemTrayIcon(icon, parent)
            self._tray.show()

    def notify(self, title: str, text: str) -> None:
        if self._tray is not None:
            self._tray.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 10_000)


@dataclass
class RecordingChime(Chime):
    """Records (priority, volume) of every burst started, and each stop."""

    played: list[tuple[str, int]] = field(default_factory=list)
    stops: int = 0
    no_device: str | None = None

    def __post_init__(self) -> None:
        self._player = AlarmPlayer(null_device=True)  # never opened: nothing is played

    @property
    def problem(self) -> str | None:
        return self.no_device

    def play(self, priority: str, volume: int) -> None:
        self.played.append((priority, volume))

    def stop(self) -> None:
        self.stops += 1


@dataclass
class RecordingNotifier(Notifier):
    shown: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._tray = None

    def notify(self, title: str, text: str) -> None:
        self.shown.append((title, text))
