"""The infusion panel's volume bar: a QProgressBar that draws its empty groove from a picture.

Fusion paints the groove (a rounded, shaded frame as wide as the panel) afresh on every paint,
and that was most of the bar's cost: 0.2 of its 0.3 ms, paid on every vital-signs save because
the volume text moves with the clock (issue 13, the saved reading to the chart). The groove
depends only on the bar's size, palette, state and screen, so it is drawn once per look into a
pixmap; the filled part and the text are drawn by the style as before, over it. What the nurse
sees is the same picture (tests/gui/test_volume_bar_look.py compares the pixels).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QProgressBar, QStyle, QStyleOptionProgressBar, QWidget


class VolumeBar(QProgressBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groove: QPixmap | None = None
        self._groove_key: tuple[object, ...] = ()

    def show_volume(self, value: int, maximum: int, text: str) -> None:
        """Fill to `value` of `maximum` with `text` on the bar, painted with the window's next
        paint (QProgressBar.setValue paints at once when it judges the change visible: this
        bar never tells it what it painted, so it would judge so every time)."""
        if (self.maximum(), self.value(), self.format()) == (maximum, value, text):
            return
        self.setUpdatesEnabled(False)
        try:
            self.setRange(0, maximum)
            self.setValue(value)
            self.setFormat(text)
        finally:
            self.setUpdatesEnabled(True)  # one update, painted with the rest

    def paintEvent(self, event: QPaintEvent) -> None:
        option = QStyleOptionProgressBar()
        self.initStyleOption(option)
        style = self.style()
        painter = QPainter(self)
        # As QCommonStyle's CE_ProgressBar: groove, then contents, then the label.
        groove = QStyleOptionProgressBar(option)
        groove.rect = style.subElementRect(QStyle.SubElement.SE_ProgressBarGroove, option, self)
        painter.drawPixmap(groove.rect.topLeft(), self._groove_for(groove))
        option.rect = style.subElementRect(QStyle.SubElement.SE_ProgressBarContents, option, self)
        style.drawControl(QStyle.ControlElement.CE_ProgressBarContents, option, painter, self)
        if option.textVisible:
            option.rect = style.subElementRect(QStyle.SubElement.SE_ProgressBarLabel, option, self)
            style.drawControl(QStyle.ControlElement.CE_ProgressBarLabel, option, painter, self)
        painter.end()

    def _groove_for(self, option: QStyleOptionProgressBar) -> QPixmap:
        """The empty groove at `option`'s size and look, drawn again only when either changed."""
        ratio = self.devicePixelRatioF()
        key = (
            option.rect.size(),
            ratio,
            option.palette.cacheKey(),
            option.state,
            option.direction,
            self.style().name(),
        )
        if self._groove is None or key != self._groove_key:
            pixmap = QPixmap(option.rect.size() * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            at_origin = QStyleOptionProgressBar(option)
            at_origin.rect = option.rect.translated(-option.rect.topLeft())
            painter = QPainter(pixmap)
            self.style().drawControl(
                QStyle.ControlElement.CE_ProgressBarGroove, at_origin, painter, self
            )
            painter.end()
            self._groove, self._groove_key = pixmap, key
        return self._groove
