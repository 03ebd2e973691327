"""The pump's lines in the session's record: in the chair view (read with the record), on the
timeline (one read-only line per change, merged by time) and in the PDF."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nurse_monitor.clock import FakeClock
from nurse_monitor.reports.session_summary_pdf import ReportContext, session_summary_html
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_binding import bind_pump
from nurse_monitor.services.pump_charting import chart_pump_rate
from nurse_monitor.services.pump_link import pump_panel
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.ui.time_format import clock_time
from nurse_monitor.ui.vitals.vitals_chart import VitalsChart
from nurse_monitor.ui.workspace.timeline_model import TimelineModel
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.services.test_pump_link import PUMP, pcd01
from tests.storage.conftest import Staff


def pumped_session(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> tuple[int, list[str]]:
    """Five messages at 30 mL/h a minute apart, then 60 mL/h twice, the first 60 charted."""
    session_id = running_session(db, staff.nurse, alice, clock, rate_ml_h=30)
    bind_pump(db, staff.nurse, session_id, PUMP)
    received = []
    for n in range(5):
        received.append(clock_time(clock.now()))
        assert receive_message(db, pcd01(rate=30, control=f"c{n}")).ack_code == "AA"
        clock.advance(timedelta(minutes=1))
    clock.advance(timedelta(minutes=25))  # the next step is due, after vital signs
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    received.append(clock_time(clock.now()))
    receive_message(db, pcd01(rate=60, control="c5"))
    panel = pump_panel(db, staff.nurse, session_id)
    assert panel is not None and panel.chart_offer is not None
    chart_pump_rate(db, staff.nurse, session_id, panel.chart_offer.id)
    clock.advance(timedelta(minutes=1))
    receive_message(db, pcd01(rate=60, control="c6"))
    return session_id, received


def test_the_chair_view_carries_one_pump_line_per_change_with_what_the_nurse_did(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id, received = pumped_session(db, staff, alice, clock)
    view = chair_view(db, staff.nurse, session_id)
    assert [(clock_time(p.received_at), p.pump_id, p.what, p.done) for p in view.pump_log] == [
        (received[0], PUMP, "rate 30 mL/h", "not charted"),
        (received[5], PUMP, "rate 60 mL/h", f"charted by {staff.nurse.signature}"),
    ]
    assert view.pump_log[0].observed_at is not None  # the pump's own time is kept too


@pytest.mark.gui
def test_the_timeline_shows_the_pump_lines_among_the_entries_by_time(
    qapp: QApplication, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id, received = pumped_session(db, staff, alice, clock)
    view = chair_view(db, staff.nurse, session_id)
    model = TimelineModel()
    model.show_entries(view)
    rows = [tuple(model.index(r, c).data() for c in range(4)) for r in range(model.rowCount())]
    pump_rows = [row for row in rows if row[1] == f"Pump {PUMP}"]
    assert pump_rows == [
        (received[0], f"Pump {PUMP}", "rate 30 mL/h (not charted)", "pump"),
        (received[5], f"Pump {PUMP}", f"rate 60 mL/h (charted by {staff.nurse.signature})",
         "pump"),
    ]  # fmt: skip
    assert len(rows) == len(view.timeline) + len(view.alarm_log) + 2
    times = [row[0] for row in rows]
    assert times == sorted(times)  # merged by time (one morning: the clock times sort)
    for n, row in enumerate(rows):
        assert model.entry_at(n) is None or row[1] != f"Pump {PUMP}"  # read-only lines


def test_the_pdf_lists_the_pump_changes_and_whether_they_were_charted(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id, _ = pumped_session(db, staff, alice, clock)
    view = chair_view(db, staff.charge, session_id)
    context = ReportContext("St Mary's", clock.now(), staff.charge.signature)
    html = session_summary_html(view, context, with_chart=False)
    assert ">Pump<" in html
    assert "rate 30 mL/h" in html and "not charted" in html
    assert f"charted by {staff.nurse.signature}" in html
    assert html.count(PUMP) == 2
    without = replace(view, pump_log=())  # no pump bound: no empty section
    assert ">Pump<" not in session_summary_html(without, context, with_chart=False)


@pytest.mark.gui
def test_the_chart_draws_the_pump_rate_beside_the_charted_steps_redrawn_only_on_change(
    qtbot: QtBot, db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id, _ = pumped_session(db, staff, alice, clock)
    view = chair_view(db, staff.nurse, session_id)
    chart = VitalsChart()
    qtbot.addWidget(chart)
    trace = chart.plot_items()["pump_rate"]
    assert trace in chart.rate_plot.items and trace.getData() == (None, None)
    chart.show_data(view.readings, view.status.rate_history, view.chart_markers, view.now,
                    view.pump_log)  # fmt: skip
    first, second = view.pump_log
    assert first.until is not None and second.until is not None
    x, y = trace.getData()
    at = [p.timestamp() for p in (first.received_at, second.received_at, second.until)]
    # 30 mL/h from its first message to the change, then 60 mL/h to the last message
    assert list(x) == [at[0], at[1], at[1], at[2]] and list(y) == [30, 30, 60, 60]
    assert trace.opts["pen"].style() == Qt.PenStyle.DashLine
    assert trace.opts["pen"].widthF() < chart.plot_items()["infusion_rate"].opts["pen"].widthF()
    assert [label.text for _, label in chart.legend.items].count("Pump") == 1
    calls: list[int] = []
    original = trace.show_series
    trace.show_series = lambda *a, **k: calls.append(1) or original(*a, **k)  # type: ignore[method-assign]
    clock.advance(timedelta(minutes=1))
    later = chair_view(db, staff.nurse, session_id)  # the same pump lines, a minute on
    chart.show_data(later.readings, later.status.rate_history, later.chart_markers, later.now,
                    later.pump_log)  # fmt: skip
    assert calls == []  # unchanged pump lines: the pump's line is not touched
    receive_message(db, pcd01(rate=60, control="c7"))
    newer = chair_view(db, staff.nurse, session_id)
    chart.show_data(newer.readings, newer.status.rate_history, newer.chart_markers, newer.now,
                    newer.pump_log)  # fmt: skip
    assert calls == [1] and trace.getData()[0][-1] == clock.now().timestamp()
    chart.show_data(newer.readings, newer.status.rate_history, newer.chart_markers, newer.now)
    assert trace.getData()[0] is None and "Pump" not in [
        label.text for _, label in chart.legend.items
    ]
