"""The record file's full integrity check, run on a worker thread once the window is up.

A start with nothing to migrate only takes a quick look at the SQLite file (services.database):
the page-by-page check of a large record takes over a second. This runs it beside the sign-in
and the first look at the chairs. If the file is damaged, the station stops saving (so the
damage cannot spread), the status bar says so in red, and the nurse is told why and what to do.

It takes a bare `Database`, not the `Station`: it starts before anyone is signed in and acts for
no user.
"""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from nurse_monitor.services.database import Database
from nurse_monitor.ui import dialogs


class RecordFileCheck(QObject):
    """Runs `Database.integrity_problems` off the main thread and acts on the result there.

    finished(list): the problems found ([] when the file is intact), emitted on the main thread
    once the station stopped saving and the nurse was told.
    """

    finished = Signal(list)
    _found = Signal(list)  # from the worker thread; queued to this object's (main) thread

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.problems: list[str] | None = None
        self._thread: threading.Thread | None = None
        self._found.connect(self._on_found, Qt.ConnectionType.QueuedConnection)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="record-file-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            problems = self.db.integrity_problems()
        except Exception as error:  # a check that cannot run says so, it does not pass
            problems = [f"the check could not run: {error}"]
        with contextlib.suppress(RuntimeError):  # the program closed while the check ran
            self._found.emit(problems)

    @Slot(list)
    def _on_found(self, problems: list[str]) -> None:
        self.problems = problems
        try:
            if problems:
                message = damaged_message(self.db, problems)
                self.db.refuse_writes(
                    "the record file failed its integrity check, so this station saves nothing "
                    "more. Chart on paper and call IT."
                )
                parent = QApplication.activeWindow()
                dialogs.dialogs.error(parent, self.tr("Record file damaged"), message)
        finally:
            self.finished.emit(problems)


def damaged_message(db: Database, problems: list[str]) -> str:
    where = db.status.file or db.status.url
    found = "; ".join(problems[:3])
    return (
        f"The record file {where} failed its integrity check ({found}). To keep the damage from "
        "spreading, this station will not save anything more. What is on screen is as it was "
        "last saved. Chart on paper, and call IT to restore the latest backup "
        "(nurse-monitor*.backup-*.db beside the file)."
    )


def start_record_check(db: Database, parent: QObject | None = None) -> RecordFileCheck | None:
    """Start the full check if the start left it out (None when there is nothing to check).

    Started as soon as the database is open, so it runs while the nurse signs in: nothing is
    written before it ends but what signing in itself records.
    """
    if db.status.fully_checked:
        return None
    check = RecordFileCheck(db, parent or QApplication.instance())
    check.start()
    return check


def show_record_damage(window: QMainWindow, db: Database) -> None:
    """The red notice in the window's status bar, once the station has stopped saving."""
    if db.write_refusal is None or window.findChild(QLabel, NOTICE_NAME) is not None:
        return
    notice = QLabel(window.tr("Record file damaged: nothing can be saved"), window)
    notice.setObjectName(NOTICE_NAME)
    notice.setAccessibleName(window.tr("Record file warning"))
    notice.setStyleSheet("QLabel { color: white; background: #b00020; padding: 2px 8px; }")
    notice.setToolTip(db.write_refusal)
    window.statusBar().addPermanentWidget(notice)


NOTICE_NAME = "record-file-warning"
