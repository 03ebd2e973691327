"""Batch export with a progress dialog: one session per timer tick in the GUI thread.

A single-shot QTimer exports the next session, then schedules the following one, so the window
stays responsive and Cancel is seen between sessions. A failing session is noted and the batch
goes on; at the end one dialog says how many were written and which failed, and why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from nurse_monitor.services import exports
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.services.follow_ups import FollowUpItem
from nurse_monitor.ui import dialogs
from nurse_monitor.ui.station import Station


class BatchExportDialog(QProgressDialog):
    """Exports sessions to PDF files in a folder, cancellable, reporting failures at the end.

    Signals:
        finished_export(list): the ExportResult of every session attempted, once, at the end
            (also after Cancel).

    Args:
        station: the database, and who exports (audited: the signed-in user at each
            session); its preferences give the facility and page size printed on every page,
            the temperature unit of the chart and the working days of the follow-up call.
        session_ids: the sessions, in order.
        out_dir: the folder; one file per session (session-000042.pdf).
        render: ChairView -> bytes; by default the PDF with the chart (tests pass their own).
    """

    finished_export = Signal(list)

    def __init__(
        self,
        station: Station,
        session_ids: Sequence[int],
        out_dir: Path,
        *,
        render: Callable[[ChairView], bytes] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        total = len(session_ids)
        super().__init__(
            self.tr("Exporting %n session(s)…", "", total), self.tr("Cancel"), 0, total, parent
        )
        self.setWindowTitle(self.tr("Export PDF"))
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.station = station
        self.session_ids = list(session_ids)
        self.out_dir = Path(out_dir)
        self.results: list[exports.ExportResult] = []
        self._own_renderer = render is None
        self._renderer = render
        self._done = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.canceled.connect(self._on_dialog_canceled)

    def start(self) -> None:
        """Show the dialog and begin with the first session."""
        self.setValue(0)
        self.show()
        self._timer.start()

    # ----- behaviour -----

    def _render(self, view: ChairView) -> bytes:
        if self._renderer is None:
            from nurse_monitor.services.follow_ups import follow_up_for_session
            from nurse_monitor.ui.export.session_pdf import SessionPdfRenderer

            preferences = self.station.preferences
            weekdays = preferences.working_weekdays
            station = self.station

            def call_for(session_id: int) -> FollowUpItem | None:
                return follow_up_for_session(station.db, station.signed_in(), session_id, weekdays)

            self._renderer = SessionPdfRenderer(
                preferences.facility_name,
                preferences.page_size,
                station.signed_in().signature,
                station.db.clock.now,
                temperature_unit=preferences.temperature_unit,
                follow_up_for=call_for,
            )
        return self._renderer(view)

    def _on_timer_timeout(self) -> None:
        if self._done:
            return
        if self.wasCanceled():
            self._finish(cancelled=True)
            return
        index = len(self.results)
        if index >= len(self.session_ids):
            self._finish(cancelled=False)
            return
        session_id = self.session_ids[index]
        self.setLabelText(  # the nurse counts summaries; a record's row id means nothing to her
            self.tr("Exporting summary %1 of %2…")
            .replace("%1", str(index + 1))
            .replace("%2", str(len(self.session_ids)))
        )
        self.results.append(
            exports.export_one(
                self.station.db,
                self.station.signed_in(),
                session_id,
                self.out_dir,
                self._render,
                "pdf",
            )
        )
        self.setValue(len(self.results))
        if self._done:  # Cancel pressed while this session was written
            return
        if self.wasCanceled():  # cancel() called without the signal (Escape, code)
            self._finish(cancelled=True)
            return
        self._timer.start()

    def _on_dialog_canceled(self) -> None:
        if not self._done:
            self._finish(cancelled=True)

    def _finish(self, *, cancelled: bool) -> None:
        self._done = True
        self._timer.stop()
        if self._own_renderer and self._renderer is not None:
            close = getattr(self._renderer, "close", None)
            if close is not None:
                close()
        failed = [r for r in self.results if not r.ok]
        written = len(self.results) - len(failed)
        text = self.summary(written, failed, cancelled)
        self.hide()
        if failed:
            dialogs.dialogs.error(self.parentWidget(), self.tr("Export PDF"), text)
        else:
            dialogs.dialogs.info(self.parentWidget(), self.tr("Export PDF"), text)
        self.finished_export.emit(list(self.results))

    def summary(self, written: int, failed: Sequence[exports.ExportResult], cancelled: bool) -> str:
        lines = [
            self.tr("%1 of %2 sessions exported to %3.")
            .replace("%1", str(written))
            .replace("%2", str(len(self.session_ids)))
            .replace("%3", str(self.out_dir))
        ]
        if cancelled:
            lines.append(
                self.tr("Cancelled: %1 sessions were not exported.").replace(
                    "%1", str(len(self.session_ids) - len(self.results))
                )
            )
        if failed:
            lines.append(self.tr("These sessions failed:"))
            lines += [f"  • {r.session_id}: {r.error}" for r in failed]
        return "\n".join(lines)
