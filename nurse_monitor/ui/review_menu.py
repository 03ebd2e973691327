"""The Review menu: session history, the handoff view and sheet, the audit log, PDF export.

Each opens a window of its own, owned here until Qt deletes it on close (its `destroyed` signal
forgets it, so a closed window is never touched again). Every open window listens to the
station's change edge and redraws what a change names. Exports go through the services and write
their audit entries there.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenuBar, QWidget
from shiboken6 import isValid

from nurse_monitor.services.actors import Actor
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.station import Station


class ReviewMenu(QObject):
    """The Review menu and the windows it opened (owned until each is closed)."""

    def __init__(self, station: Station, window: QWidget) -> None:
        super().__init__(window)
        self.station = station
        self.window = window
        self._open: dict[int, QWidget] = {}
        self.batch_dialog: QWidget | None = None

    @property
    def windows(self) -> list[QWidget]:
        """The review windows open now."""
        return list(self._open.values())

    def build(self, menu_bar: QMenuBar, actor: Actor) -> None:
        review = menu_bar.addMenu(self.tr("&Review"))
        for text, shortcut, slot in (
            (self.tr("Session &history…"), "Ctrl+H", self._on_history_triggered),
            (self.tr("&Handoff view…"), "Ctrl+Shift+H", self._on_handoff_triggered),
            (self.tr("Handoff &sheet PDF…"), "", self._on_handoff_sheet_triggered),
        ):
            action = QAction(text, self.window)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            review.addAction(action)
        if actor.role == "charge_nurse":
            calls = QAction(self.tr("&Follow-up calls…"), self.window)
            calls.triggered.connect(self._on_follow_ups_triggered)
            review.addAction(calls)
            audit = QAction(self.tr("&Audit log…"), self.window)
            audit.triggered.connect(self._on_audit_triggered)
            review.addAction(audit)

    def close_windows(self) -> None:
        """Every review window this menu opened (the main window is closing)."""
        for window in list(self._open.values()):
            if isValid(window):
                window.close()
        self._open.clear()

    def _open_window(self, window: Any) -> None:
        """A review window of its own: owned until Qt deletes it on close; told of changes."""
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        window.resize(1280, 720)
        key = id(window)
        self._open[key] = window
        window.destroyed.connect(partial(self._forget, key))
        self.station.ops.changed.connect(window.show_changes)
        window.show()

    def _forget(self, key: int, *_args: object) -> None:
        self._open.pop(key, None)

    def _on_history_triggered(self) -> None:
        from nurse_monitor.ui.review.history_window import HistoryWindow

        window = HistoryWindow(self.station)  # co-signing goes through the change edge
        window.export_requested.connect(self.export_pdfs)
        self._open_window(window)

    def _on_handoff_triggered(self) -> None:
        from nurse_monitor.ui.review.handoff import HandoffView

        self._open_window(HandoffView(self.station))

    def _on_follow_ups_triggered(self) -> None:
        from nurse_monitor.ui.follow_up.worklist import FollowUpWorklist

        window = FollowUpWorklist(self.station)
        window.setWindowTitle(self.tr("Follow-up calls"))
        self._open_window(window)

    def _on_audit_triggered(self) -> None:
        from nurse_monitor.ui.review.audit_log import AuditLogView

        self._open_window(AuditLogView(self.station))

    def export_pdfs(self, session_ids: list[int]) -> None:
        """PDF summaries of these sessions into a folder the nurse chooses, with progress."""
        from nurse_monitor.ui.export.batch_export_dialog import BatchExportDialog

        if self.station.actor is None or not session_ids:
            dialogs.dialogs.info(self.window, self.tr("Export"), self.tr("No sessions to export."))
            return
        folder = dialogs.dialogs.choose_folder(self.window, self.tr("Export PDFs into folder"))
        if not folder:
            return
        dialog = BatchExportDialog(self.station, session_ids, Path(folder), parent=self.window)
        self.batch_dialog = dialog
        dialog.start()

    def _on_handoff_sheet_triggered(self) -> None:
        from nurse_monitor.reports.handoff_sheet_pdf import handoff_sheet_pdf
        from nurse_monitor.reports.session_summary_pdf import ReportContext
        from nurse_monitor.services.errors import ServiceError
        from nurse_monitor.services.exports import ExportFailed, export_handoff

        if self.station.actor is None:
            return
        name = dialogs.dialogs.choose_file(
            self.window, self.tr("Save the handoff sheet"), "handoff.pdf"
        )
        if not name:
            return
        actor = self.station.actor
        context = ReportContext(
            self.station.preferences.facility_name,
            self.station.clock.now(),
            actor.signature,
            self.station.preferences.page_size,
        )

        from nurse_monitor.clock import local_date
        from nurse_monitor.services.follow_ups import follow_up_worklist

        today = local_date(self.station.clock.now())
        weekdays = self.station.preferences.working_weekdays

        def render(chairs: Any) -> bytes:
            calls = follow_up_worklist(self.station.db, actor, today, weekdays)
            return handoff_sheet_pdf(chairs, context, calls)

        try:
            path = export_handoff(self.station.db, self.station.actor, Path(name), render)
        except (ServiceError, ExportFailed) as failure:
            dialogs.dialogs.error(self.window, self.tr("Handoff sheet"), str(failure))
            return
        saved = self.tr("Saved %1").replace("%1", str(path))
        dialogs.dialogs.info(self.window, self.tr("Handoff sheet"), saved)
