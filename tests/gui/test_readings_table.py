"""The readings table: a well-behaved model that flags abnormal values three ways."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from nurse_monitor.domain import news2
from nurse_monitor.domain.vital_signs import validate_vital_signs
from nurse_monitor.services.chair_view import ReadingRecord
from nurse_monitor.ui import colors
from nurse_monitor.ui.vitals.news2_flags import BANDS, flag
from nurse_monitor.ui.vitals.readings_table import Column, ReadingsModel, ReadingsTable

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def reading(minutes: int = 0, **changes: object) -> ReadingRecord:
    """A reading with NEWS2 scored by the domain, as the service builds it."""
    raw: dict[str, object] = {
        "systolic": 124,
        "diastolic": 78,
        "heart_rate": 72,
        "respiratory_rate": 16,
        "temperature_c": 36.8,
        "spo2": 98,
        "on_oxygen": False,
        "consciousness": "alert",
        "pain": None,
    }
    raw.update({k: v for k, v in changes.items() if k in raw})
    score = news2.score_news2(validate_vital_signs(raw))
    return ReadingRecord(
        id=minutes,
        taken_at=START + timedelta(minutes=minutes),
        systolic=raw["systolic"],  # type: ignore[arg-type]
        diastolic=raw["diastolic"],  # type: ignore[arg-type]
        heart_rate=raw["heart_rate"],  # type: ignore[arg-type]
        respiratory_rate=raw["respiratory_rate"],  # type: ignore[arg-type]
        temperature_c=raw["temperature_c"],  # type: ignore[arg-type]
        spo2=raw["spo2"],  # type: ignore[arg-type]
        on_oxygen=bool(raw["on_oxygen"]),
        consciousness=str(raw["consciousness"]),
        pain=raw["pain"],  # type: ignore[arg-type]
        news2_total=score.total,
        news2_band=score.band.value,
        note=str(changes.get("note", "")),
        recorded_by="D. Whitfield",
        parameter_scores=dict(score.parameter_scores),
    )


def cell(model: ReadingsModel, row: int, column: Column, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
    return model.data(model.index(row, column), role)


def test_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = ReadingsModel([reading(0), reading(15, systolic=88), reading(30, on_oxygen=True)])
    qtmodeltester.check(model)
    model.set_readings([reading(45)])
    qtmodeltester.check(model)
    model.set_readings([])
    qtmodeltester.check(model)


def test_columns_and_newest_first() -> None:
    model = ReadingsModel([reading(0), reading(30, note="Flushing"), reading(15)])
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in Column]
    assert headers == [
        "Time",
        "BP",
        "HR",
        "RR",
        "Temp °C",
        "SpO₂",
        "ACVPU",
        "Pain",
        "NEWS2",
        "Note",
        "By",
    ]
    assert model.rowCount() == 3
    assert model.reading_at(0).taken_at == START + timedelta(minutes=30)
    assert cell(model, 0, Column.BP) == "124/78"
    assert cell(model, 0, Column.NOTE) == "Flushing"
    assert cell(model, 0, Column.BY) == "D. Whitfield"
    assert cell(model, 0, Column.ACVPU) == "A"
    assert cell(model, 0, Column.PAIN) == "—"
    assert cell(model, 0, Column.NEWS2) == "0 Low"


def test_fahrenheit_display() -> None:
    model = ReadingsModel([reading(temperature_c=38.5)], temperature_unit="F")
    assert model.headerData(Column.TEMP, Qt.Orientation.Horizontal) == "Temp °F"
    assert cell(model, 0, Column.TEMP) == "101.3 ▲"
    assert "38.5 °C" in cell(model, 0, Column.TEMP, Qt.ItemDataRole.ToolTipRole)
    model.set_temperature_unit("C")
    assert cell(model, 0, Column.TEMP) == "38.5 ▲"


def test_low_systolic_is_flagged_by_text_colour_and_tooltip() -> None:
    model = ReadingsModel([reading(systolic=88, diastolic=54)])
    assert cell(model, 0, Column.BP) == "88/54 ▼"
    background = cell(model, 0, Column.BP, Qt.ItemDataRole.BackgroundRole)
    assert background.color() == colors.SCORE_COLORS[3]
    tooltip = cell(model, 0, Column.BP, Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "NEWS2 scores 3 for systolic ≤ 90"
    spoken = cell(model, 0, Column.BP, Qt.ItemDataRole.AccessibleTextRole)
    assert "88/54" in spoken and "NEWS2 scores 3 for systolic ≤ 90" in spoken
    assert cell(model, 0, Column.NEWS2) == "3 Low-med"  # a single 3: low-medium band
    assert cell(model, 0, Column.HR, Qt.ItemDataRole.BackgroundRole) is None


def test_oxygen_is_marked_and_flagged() -> None:
    model = ReadingsModel([reading(spo2=95, on_oxygen=True)])
    assert cell(model, 0, Column.SPO2).startswith("95 O2")
    tooltip = cell(model, 0, Column.SPO2, Qt.ItemDataRole.ToolTipRole)
    assert "supplemental oxygen" in tooltip and "SpO₂ 94-95 %" in tooltip
    assert cell(model, 0, Column.SPO2, Qt.ItemDataRole.BackgroundRole) is not None


def test_confusion_is_flagged() -> None:
    model = ReadingsModel([reading(consciousness="new_confusion")])
    assert cell(model, 0, Column.ACVPU) == "C !"
    assert "New confusion" in cell(model, 0, Column.ACVPU, Qt.ItemDataRole.ToolTipRole)


@pytest.mark.parametrize(
    ("parameter", "score", "values"),
    [
        ("systolic", news2.systolic_score, range(40, 301)),
        ("heart_rate", news2.pulse_score, range(20, 251)),
        ("respiratory_rate", news2.respiration_score, range(4, 61)),
        ("spo2", news2.spo2_scale1_score, range(50, 101)),
        ("temperature", news2.temperature_score, [t / 10 for t in range(300, 431)]),
    ],
)
def test_flag_table_agrees_with_the_domain_scores(parameter, score, values) -> None:  # type: ignore[no-untyped-def]
    assert parameter in BANDS
    for value in values:
        expected = score(value)
        result = flag(parameter, value, expected)
        assert result.score == expected
        if expected:
            assert result.reason.startswith(f"NEWS2 scores {expected} for"), (value, result)
            assert result.marker in ("▲", "▼")


def test_table_view_shows_the_model(qtbot: QtBot) -> None:
    table = ReadingsTable()
    qtbot.addWidget(table)
    table.readings_model.set_readings([reading(0), reading(15)])
    assert table.model().rowCount() == 2
    assert table.accessibleName().startswith("Vital signs readings")
    assert table.horizontalHeader().sectionSize(Column.BP) >= 80
