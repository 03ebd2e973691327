"""Qt off-screen, for the command line: exports and the self-test run without a display."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QtMsgType, qInstallMessageHandler


def quiet_offscreen_messages() -> None:
    """Keep Qt's off-screen platform notes (one per laid-out widget) off the user's terminal."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    def quiet(_mode: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(quiet)
