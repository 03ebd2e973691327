"""How the station makes itself heard: a chime and a desktop notification, behind small ports.

PySide6-Essentials has no QtMultimedia, so the chime is the system's alert sound
(QApplication.beep); its volume follows the system's. Tests install the recording versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget


class Chime:
    def play(self, volume: int) -> None:
        if volume > 0:
            QApplication.beep()


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
    played: list[int] = field(default_factory=list)

    def play(self, volume: int) -> None:
        self.played.append(volume)


@dataclass
class RecordingNotifier(Notifier):
    shown: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._tray = None

    def notify(self, title: str, text: str) -> None:
        self.shown.append((title, text))
