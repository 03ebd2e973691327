"""The rate row's scale fits the pump's line when it has two channels (drawn apart, with a gap
between them): the gap is not a value, and the highest rate of either channel sets the top."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot

from nurse_monitor.domain.pump_log import PumpLogLine
from nurse_monitor.ui.vitals.vitals_chart import VitalsChart
from tests.gui.test_vitals_chart_redraw import START, session


def line(minutes: int, channel: str, rate: float) -> PumpLogLine:
    at = START + timedelta(minutes=minutes)
    return PumpLogLine(at, at, "PUMP-1", channel, rate, True)


@pytest.mark.parametrize("highest", [120.0, 250.0])
def test_the_highest_rate_of_either_channel_sets_the_top(qtbot: QtBot, highest: float) -> None:
    chart = VitalsChart()
    qtbot.addWidget(chart)
    chart.resize(800, 450)
    chart.show()
    readings, rates, markers, now = session(20)
    pump = [line(1, "1", 40.0), line(9, "1", 60.0), line(2, "2", highest), line(12, "2", 30.0)]
    chart.show_data(readings, rates, markers, now, pump)
    charted_top = max(rate for _, rate in rates)
    expected = max(highest, charted_top) * 1.4
    assert chart.rate_plot.getViewBox().state["targetRange"][1] == pytest.approx([0.0, expected])
