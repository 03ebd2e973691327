"""Who recorded a reading is read whole: "Dana Whitfield, RN" was cut to "Dana Whitfield..."
in the session detail's readings."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from nurse_monitor.ui.themes import apply_theme
from nurse_monitor.ui.vitals.readings_table import Column, ReadingsTable
from tests.gui.test_readings_table import reading


def test_a_nurse_s_signature_fits_the_by_column(qtbot: QtBot, qapp) -> None:  # type: ignore[no-untyped-def]
    apply_theme(qapp, "high_contrast")  # bold: the widest the text gets
    try:
        table = ReadingsTable()
        qtbot.addWidget(table)
        signed = dataclasses.replace(reading(0), recorded_by="Dana Whitfield, RN")
        table.readings_model.set_readings([signed])
        text = table.model().index(0, Column.BY).data()
        assert text == "Dana Whitfield, RN"
        needed = table.fontMetrics().horizontalAdvance(text) + 12  # the cell's own margins
        assert table.horizontalHeader().sectionSize(Column.BY) >= needed
    finally:
        apply_theme(qapp, "light")
