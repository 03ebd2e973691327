"""Keep the GS character a GS1 scanner types, which a QLineEdit would drop.

A keyboard-wedge scanner types the DataMatrix of a vial as keys; the GS (0x1D) between its
variable-length fields arrives as a key whose text is "\\x1d" (Ctrl+]). A QLineEdit discards
control characters, so the lot and serial would run together. This event filter sees the key
first and puts the visible U+241D in its place; the parser turns it back into GS.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from nurse_monitor.domain.vial_barcode import GS, GS_SHOWN


class ScannerKeys(QObject):
    """Event filter for one QLineEdit: a typed GS becomes GS_SHOWN in the field."""

    def __init__(self, field: QLineEdit) -> None:
        super().__init__(field)
        self.field = field
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.text() == GS
        ):
            self.field.insert(GS_SHOWN)
            return True
        return False
