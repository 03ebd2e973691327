"""Help ▸ What the demo shows: a readable page naming what each chair demonstrates."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from nurse_monitor.demo.guide import demo_guide_html


class DemoGuide(QDialog):
    """The page in a window of its own (non-modal); closes with its button or Escape."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("What the demo shows"))
        self.setAccessibleName(self.tr("What the demo shows"))
        self.page = QTextBrowser(self)
        self.page.setAccessibleName(self.tr("Demo guide"))
        self.page.setHtml(demo_guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(buttons)
        self.resize(640, 560)
