"""NEWS2 table edges (RCP 2017, clinical-reference.md section 5): every parameter boundary
and every band boundary."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nurse_monitor.domain.news2 import (
    News2Band,
    band_for,
    pulse_score,
    respiration_score,
    score_news2,
    spo2_scale1_score,
    spo2_scale2_score,
    systolic_score,
    temperature_score,
)
from nurse_monitor.domain.vital_signs import Consciousness, VitalSigns

CALM = VitalSigns(
    systolic=124,
    diastolic=78,
    heart_rate=72,
    respiratory_rate=16,
    temperature_c=36.8,
    spo2=98,
    on_oxygen=False,
    consciousness=Consciousness.ALERT,
)


@pytest.mark.parametrize(
    ("rate", "score"),
    [(4, 3), (8, 3), (9, 1), (11, 1), (12, 0), (20, 0), (21, 2), (24, 2), (25, 3), (60, 3)],
)
def test_respiration(rate: int, score: int) -> None:
    assert respiration_score(rate) == score


@pytest.mark.parametrize(
    ("spo2", "score"), [(50, 3), (91, 3), (92, 2), (93, 2), (94, 1), (95, 1), (96, 0), (100, 0)]
)
def test_spo2_scale_1(spo2: int, score: int) -> None:
    assert spo2_scale1_score(spo2) == score


@pytest.mark.parametrize(
    ("spo2", "on_oxygen", "score"),
    [
        (83, False, 3),
        (84, False, 2),
        (85, False, 2),
        (86, False, 1),
        (87, False, 1),
        (88, False, 0),
        (92, True, 0),
        (93, False, 0),
        (100, False, 0),
        (93, True, 1),
        (94, True, 1),
        (95, True, 2),
        (96, True, 2),
        (97, True, 3),
    ],
)
def test_spo2_scale_2(spo2: int, on_oxygen: bool, score: int) -> None:
    assert spo2_scale2_score(spo2, on_oxygen) == score


@pytest.mark.parametrize(
    ("systolic", "score"),
    [(40, 3), (90, 3), (91, 2), (100, 2), (101, 1), (110, 1), (111, 0), (219, 0), (220, 3)],
)
def test_systolic(systolic: int, score: int) -> None:
    assert systolic_score(systolic) == score


@pytest.mark.parametrize(
    ("pulse", "score"),
    [(40, 3), (41, 1), (50, 1), (51, 0), (90, 0), (91, 1), (110, 1), (111, 2), (130, 2), (131, 3)],
)
def test_pulse(pulse: int, score: int) -> None:
    assert pulse_score(pulse) == score


@pytest.mark.parametrize(
    ("celsius", "score"),
    [
        (30.0, 3),
        (35.0, 3),
        (35.1, 1),
        (36.0, 1),
        (36.1, 0),
        (38.0, 0),
        (38.1, 1),
        (39.0, 1),
        (39.1, 2),
        (43.0, 2),
    ],
)
def test_temperature(celsius: float, score: int) -> None:
    assert temperature_score(celsius) == score


def test_oxygen_and_consciousness_scores() -> None:
    on_oxygen = score_news2(replace(CALM, on_oxygen=True))
    assert on_oxygen.parameter_scores["air_or_oxygen"] == 2
    for level in Consciousness:
        scored = score_news2(replace(CALM, consciousness=level))
        assert scored.parameter_scores["consciousness"] == (
            0 if level is Consciousness.ALERT else 3
        )


@pytest.mark.parametrize(
    ("total", "any_three", "band"),
    [
        (0, False, News2Band.LOW),
        (1, False, News2Band.LOW),
        (4, False, News2Band.LOW),
        (3, True, News2Band.LOW_MEDIUM),
        (4, True, News2Band.LOW_MEDIUM),
        (5, False, News2Band.MEDIUM),
        (5, True, News2Band.MEDIUM),
        (6, False, News2Band.MEDIUM),
        (7, False, News2Band.HIGH),
        (20, True, News2Band.HIGH),
    ],
)
def test_band_boundaries(total: int, any_three: bool, band: News2Band) -> None:
    assert band_for(total, any_three) is band


@pytest.mark.parametrize(
    ("changes", "total", "band"),
    [
        ({}, 0, News2Band.LOW),
        ({"heart_rate": 95}, 1, News2Band.LOW),
        ({"heart_rate": 95, "respiratory_rate": 22, "systolic": 105}, 4, News2Band.LOW),
        ({"consciousness": Consciousness.NEW_CONFUSION}, 3, News2Band.LOW_MEDIUM),
        ({"heart_rate": 115, "respiratory_rate": 22, "systolic": 105}, 5, News2Band.MEDIUM),
        ({"heart_rate": 115, "respiratory_rate": 22, "systolic": 95}, 6, News2Band.MEDIUM),
        ({"heart_rate": 115, "respiratory_rate": 22, "systolic": 95, "spo2": 95}, 7,
         News2Band.HIGH),
    ],
)  # fmt: skip
def test_aggregate_and_band(changes: dict[str, object], total: int, band: News2Band) -> None:
    scored = score_news2(replace(CALM, **changes))  # type: ignore[arg-type]
    assert (scored.total, scored.band) == (total, band)
    assert scored.any_three is (3 in scored.parameter_scores.values())


def test_maximum_aggregate_is_20() -> None:
    worst = VitalSigns(70, 40, 140, 30, 34.0, 80, True, Consciousness.UNRESPONSIVE)
    assert score_news2(worst).total == 20  # 3+3+2+3+3+3+3; scale 1 SpO2 3
    assert score_news2(worst, scale=2).parameter_scores["spo2"] == 3


def test_scale_must_be_1_or_2() -> None:
    with pytest.raises(ValueError, match="scale must be 1 or 2"):
        score_news2(CALM, scale=3)
