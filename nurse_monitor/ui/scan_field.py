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
from nurse_monitor.ui.preferences import Preferences


class ScannerKeys(QObject):
    """Event filter for one QLineEdit: a typed GS becomes GS_SHOWN in the field.

    `stand_in` is the printable character the site's scanners send instead (File ▸
    Preferences), read back as GS when the code is parsed; by default the station's preference.
    """

    def __init__(self, field: QLineEdit, stand_in: str | None = None) -> None:
        super().__init__(field)
        self.field = field
        self.stand_in = (
            stand_in if stand_in is not None else Preferences.for_station().scanner_gs_stand_in
        )
        field.installEventFilter(self)

    def code(self) -> str:
        """The field's text with the site's stand-in read as GS."""
        text = self.field.text()
        return text.replace(self.stand_in, GS) if self.stand_in else text

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
