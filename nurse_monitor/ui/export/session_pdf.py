"""The session PDF as the app and the command line make it: reports' layout, the UI's chart.

Reports may not import the UI, so the chart widget is built here once and lent to the PDF
builder as a `draw_chart(painter, rect)` callable; one chart serves a whole batch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication

from nurse_monitor.reports.pdf_pages import body_width_px
from nurse_monitor.reports.session_summary_pdf import (
    CHART_HEIGHT_PX,
    ReportContext,
    session_summary_pdf,
)
from nurse_monitor.services.chair_view import ChairView
from nurse_monitor.services.follow_ups import FollowUpItem
from nurse_monitor.ui.vitals.vitals_chart import VitalsChart


class SessionChartPainter:
    """One off-screen vitals chart, redrawn for each session and painted into a PDF page."""

    def __init__(self, width_px: float, height_px: float, temperature_unit: str = "C") -> None:
        if QApplication.instance() is None:
            raise RuntimeError("the chart needs a QApplication (offscreen is fine)")
        self.chart = VitalsChart(temperature_unit=temperature_unit, on_paper=True)
        # Laid out like a shown widget, never on screen (the app may be running).
        self.chart.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.chart.setMinimumSize(0, 0)
        self.chart.resize(round(width_px), round(height_px))
        self.chart.show()

    def drawer_for(self, view: ChairView) -> Callable[[QPainter, QRectF], None]:
        """Show this session on the chart; return what paints it."""
        self.chart.show_data(
            view.readings,
            view.status.rate_history,
            view.chart_markers,
            chart_end(view),
            view.pump_log,
        )
        self.chart.view.ci.layout.activate()
        return self.chart.render_into

    def close(self) -> None:
        """Close the off-screen chart and leave its deletion to Python (it has no parent).

        Not deleteLater(): that would run inside whatever event loop turns next, and pyqtgraph's
        Python items must not outlive their C++ scene (a crash seen in the test run).
        """
        self.chart.close()


def chart_end(view: ChairView) -> datetime:
    """Where the time axis ends: the last thing charted or the end of observation, not the
    moment of export (a record exported a week later must not squash the session to a line)."""
    charted = [
        t.event.occurred_at
        for t in view.timeline
        if t.event.type not in ("session_signed", "note", "alarm_snoozed")
    ]
    if view.status.observation_ends_at is not None:
        charted.append(view.status.observation_ends_at)
    return min(view.now, max(charted)) if charted else view.now


class SessionPdfRenderer:
    """ChairView -> PDF bytes, with the chart; call `close()` when the batch is done.

    Args:
        facility: the facility name printed on every page.
        page_size: "A4" or "Letter".
        generated_by: who asked for the export (signature).
        now: the clock's now, read for each report.
    """

    def __init__(
        self,
        facility: str,
        page_size: str,
        generated_by: str,
        now: Callable[[], datetime],
        temperature_unit: str = "C",
        follow_up_for: Callable[[int], FollowUpItem | None] | None = None,
    ) -> None:
        self.follow_up_for = follow_up_for  # the call after the session, for its addendum
        self.facility = facility
        self.page_size = page_size
        self.generated_by = generated_by
        self.now = now
        self.charts = SessionChartPainter(
            body_width_px(page_size), CHART_HEIGHT_PX, temperature_unit
        )

    def __call__(self, view: ChairView) -> bytes:
        context = ReportContext(self.facility, self.now(), self.generated_by, self.page_size)
        call = self.follow_up_for(view.session.id) if self.follow_up_for else None
        return session_summary_pdf(view, context, self.charts.drawer_for(view), call)

    def close(self) -> None:
        self.charts.close()
