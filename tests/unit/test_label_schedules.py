"""The engine reproduces each label schedule when the nurse follows its suggestions.

Bag volume: the label check figures (clinical-reference.md section 1) count the bag's nominal
volume (250 or 500 mL). The drug volume (10 mL per 300 mg) is added to the diluent, so the
protocol's default total is 260 or 520 mL; the engine uses the total the nurse confirms.
"""

from __future__ import annotations

import pytest

from nurse_monitor.domain.engine import SessionFacts
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.titration import planned_schedule
from tests.unit.nurse import T0, follow_plan


def minutes_to_empty(protocol: Protocol, dose: float, bag: float) -> float:
    facts = SessionFacts(protocol.id, 3, dose, bag)
    status, _ = follow_plan(protocol, facts)
    assert status.volume_infused_ml == pytest.approx(bag)
    return (status.at - T0).total_seconds() / 60


def test_two_hour_option_delivers_500_ml_in_120_minutes(library: dict[str, Protocol]) -> None:
    assert minutes_to_empty(library["ocrevus-iv-short"], 600, 500) == pytest.approx(120, abs=0.01)


def test_standard_600_mg_delivers_500_ml_in_210_minutes(library: dict[str, Protocol]) -> None:
    assert minutes_to_empty(library["ocrevus-iv-standard"], 600, 500) == pytest.approx(
        210, abs=0.01
    )


def test_initial_300_mg_delivers_250_ml_in_about_158_minutes(
    library: dict[str, Protocol],
) -> None:
    # 15 + 30 + 45 + 60 + 75 = 225 mL in 150 min, then 25 mL at 180 mL/h = 8.33 min.
    minutes = minutes_to_empty(library["ocrevus-iv-initial"], 300, 250)
    assert minutes == pytest.approx(158 + 1 / 3, abs=0.01)


def test_initial_with_drug_volume_added_takes_longer(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    assert protocol.bag_volume_ml == 260  # 250 mL diluent + 10 mL drug, the protocol's default
    minutes = minutes_to_empty(protocol, 300, 260)
    assert minutes == pytest.approx(161 + 2 / 3, abs=0.01)


def test_standard_with_drug_volume_added(library: dict[str, Protocol]) -> None:
    assert library["ocrevus-iv-standard"].bag_volume_ml == 520
    assert minutes_to_empty(library["ocrevus-iv-standard"], 600, 520) == pytest.approx(216)


@pytest.mark.parametrize(
    ("protocol_id", "volume", "rates", "minutes"),
    [
        ("ocrevus-iv-short", 500, [100, 200, 250, 300], 120),
        ("ocrevus-iv-standard", 500, [40, 80, 120, 160, 200], 210),
        ("ocrevus-iv-initial", 250, [30, 60, 90, 120, 150, 180], 158 + 1 / 3),
    ],
)
def test_planned_schedule_rows(
    library: dict[str, Protocol],
    protocol_id: str,
    volume: float,
    rates: list[float],
    minutes: float,
) -> None:
    rows = planned_schedule(library[protocol_id].rate_plan, volume)
    assert [rate for _, rate in rows[:-1]] == rates
    assert rows[-1][0] == pytest.approx(minutes)


def test_rituximab_first_converts_mg_per_hour_with_the_bag(library: dict[str, Protocol]) -> None:
    # 500 mg in 250 mL = 2 mg/mL: 50 mg/h -> 25 mL/h, +25 mL/h, maximum 400 mg/h -> 200 mL/h.
    protocol = library["rituximab-first"]
    plan = protocol.plan_ml_per_hour(500, 250)
    assert plan.titration is not None
    assert (plan.titration.start, plan.titration.step, plan.titration.maximum) == (25, 25, 200)
    assert protocol.max_rate_ml_h(1000, 250) == 100  # 4 mg/mL
    facts = SessionFacts(protocol.id, 1, 500, 250)
    status, events = follow_plan(protocol, facts)
    rates = [e.rate_ml_h for e in events if e.rate_ml_h is not None]
    assert rates == [25, 50, 75, 100, 125, 150]
    # 12.5 + 25 + 37.5 + 50 + 62.5 = 187.5 mL in 150 min, then 62.5 mL at 150 mL/h = 25 min.
    assert (status.at - T0).total_seconds() / 60 == pytest.approx(175)
