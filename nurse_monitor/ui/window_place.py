"""Where the main window opens, how big, and how large its text is.

The window opens inside the screen's available area (1366x768 fitted, not overflowing a
smaller screen or the task bar), then where the nurse left it. Ctrl+ and Ctrl- zoom the text of
the whole station (a wall screen read from across the room), Ctrl+0 goes back; the zoom is
kept. F11 shows the window full screen (a wall board).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from nurse_monitor.ui.preferences import Preferences
from nurse_monitor.ui.type_scale import WindowTypeScale

DEFAULT_SIZE = (1366, 768)
ZOOM_STEP = 10  # percent per Ctrl+ or Ctrl-


def place_window(window: QWidget, preferences: Preferences) -> None:
    """The remembered geometry if it still fits a screen, else the default size, centred."""
    saved = preferences.window_geometry
    if saved is not None and window.restoreGeometry(saved) and _on_a_screen(window.geometry()):
        return
    screen = window.screen() or QGuiApplication.primaryScreen()
    area = screen.availableGeometry() if screen is not None else QRect(0, 0, *DEFAULT_SIZE)
    width, height = min(DEFAULT_SIZE[0], area.width()), min(DEFAULT_SIZE[1], area.height())
    frame = window.frameGeometry().size() - window.geometry().size()  # title bar and borders
    width = max(400, width - frame.width())
    height = max(300, height - frame.height())
    window.resize(width, height)
    window.move(
        area.x() + (area.width() - width - frame.width()) // 2,
        area.y() + (area.height() - height - frame.height()) // 2,
    )


def _on_a_screen(rect: QRect) -> bool:
    return any(s.availableGeometry().intersects(rect) for s in QGuiApplication.screens())


def remember_place(window: QWidget, preferences: Preferences) -> None:
    preferences.window_geometry = window.saveGeometry()
    preferences.sync()


class Zoom:
    """Ctrl+ / Ctrl- / Ctrl+0 on `window`, scaling the application font from its base size."""

    def __init__(self, window: QWidget, preferences: Preferences) -> None:
        self.preferences = preferences
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.app = app
        self.base_points = app.font().pointSizeF()
        self.shortcuts: list[QShortcut] = []
        for keys, step in (
            (QKeySequence.StandardKey.ZoomIn, ZOOM_STEP),
            (QKeySequence("Ctrl+="), ZOOM_STEP),
            (QKeySequence.StandardKey.ZoomOut, -ZOOM_STEP),
            (QKeySequence("Ctrl+0"), 0),
        ):
            shortcut = QShortcut(keys, window)
            shortcut.activated.connect(lambda step=step: self.change(step))
            self.shortcuts.append(shortcut)
        # A wall screen: the board full screen; F11 again returns.
        self.window = window
        full = QShortcut(QKeySequence(QKeySequence.StandardKey.FullScreen), window)
        full.activated.connect(self.toggle_full_screen)
        f11 = QShortcut(QKeySequence("F11"), window)
        f11.activated.connect(self.toggle_full_screen)
        self.shortcuts += [full, f11]
        self.type_scale = WindowTypeScale(window, self.reapply)  # larger windows, larger type
        self.apply(preferences.zoom_percent)

    def toggle_full_screen(self) -> None:
        if self.window.isFullScreen():
            self.window.showNormal()
        else:
            self.window.showFullScreen()

    def change(self, step: int) -> None:
        percent = 100 if step == 0 else self.preferences.zoom_percent + step
        self.preferences.zoom_percent = percent
        self.apply(self.preferences.zoom_percent)

    def reapply(self) -> None:
        self.apply(self.preferences.zoom_percent)

    def apply(self, percent: int) -> None:
        """The base size times the nurse's zoom times the window's factor (ui/type_scale.py)."""
        font = self.app.font()
        points = self.base_points * percent / 100 * self.type_scale.factor
        if abs(font.pointSizeF() - points) < 0.01:
            return  # nothing to redo (most starts)
        ratio = points / font.pointSizeF() if font.pointSizeF() > 0 else 1.0
        font.setPointSizeF(points)
        self.app.setFont(font)
        own_fonts = [  # a title or a rate set larger than the rest: read before the polish
            (w, w.font())
            for w in self.app.allWidgets()
            if w.testAttribute(Qt.WidgetAttribute.WA_SetFont) and w.font().pointSizeF() > 0
        ]
        sheet = self.app.styleSheet()
        if sheet:  # a theme's style sheet keeps each widget's polished font: polish them again
            self.app.setStyleSheet(sheet)
        for widget, own in own_fonts:  # ... and kept in proportion
            own.setPointSizeF(own.pointSizeF() * ratio)
            widget.setFont(own)
