"""Eligibility and minimum intervals in the domain (clinical reference sections 1 and 9), the
first subcutaneous injection after IV doses, and the label's symptom spellings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from nurse_monitor.domain.eligibility import (
    dose_too_early_alert,
    eligibility_refusal,
    first_of_route,
    minimum_interval,
    previous_dose,
)
from nurse_monitor.domain.engine import SessionFacts, infusion_status
from nurse_monitor.domain.event_checks import check_session_facts
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.reactions import canonical_symptom
from tests.unit.nurse import at, event, vitals

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize("number", [1, 2])
def test_the_2_hour_option_is_refused_for_infusions_1_and_2(
    library: dict[str, Protocol], number: int
) -> None:
    facts = SessionFacts("ocrevus-iv-short", number, 600, 500)
    problems = check_session_facts(library["ocrevus-iv-short"], facts)
    assert [field for field, _ in problems] == ["infusion_number"]
    assert "never infusions 1 or 2" in problems[0][1]


def test_the_2_hour_option_is_refused_after_a_prior_serious_reaction(
    library: dict[str, Protocol],
) -> None:
    short = library["ocrevus-iv-short"]
    assert eligibility_refusal(short, 3, prior_serious_reaction=False) is None
    refusal = eligibility_refusal(short, 3, prior_serious_reaction=True)
    assert refusal is not None and refusal[0] == "prior_serious_reaction"
    assert "Ocrevus label" in refusal[1] and "serious" in refusal[1]
    assert eligibility_refusal(library["ocrevus-iv-standard"], 3, True) is None


def test_the_minimum_interval_is_20_weeks_except_inside_the_split_first_dose(
    library: dict[str, Protocol],
) -> None:
    assert minimum_interval(library["ocrevus-iv-standard"], 3) == timedelta(weeks=20)
    assert minimum_interval(library["ocrevus-iv-initial"], 1) == timedelta(weeks=20)
    assert minimum_interval(library["ocrevus-iv-initial"], 2) is None  # a schedule: 2 weeks
    assert minimum_interval(library["natalizumab"], 5) is None


def test_dose_too_early_before_20_weeks_and_not_after(library: dict[str, Protocol]) -> None:
    standard = library["ocrevus-iv-standard"]
    early = dose_too_early_alert(standard, 3, NOW - timedelta(weeks=19), NOW)
    assert early is not None and early.code == "dose_too_early"
    assert "minimum is 20 weeks" in early.message and "Ocrevus label" in early.rule
    assert dose_too_early_alert(standard, 3, NOW - timedelta(weeks=20), NOW) is None
    assert dose_too_early_alert(standard, 3, None, NOW) is None


def test_the_engine_raises_dose_too_early_from_the_session_facts(
    library: dict[str, Protocol],
) -> None:
    facts = SessionFacts(
        "ocrevus-iv-standard", 4, 600, 500, previous_dose_at=at(0) - timedelta(weeks=18)
    )
    events = [vitals(at(-5)), event("infusion_started", at(0), rate_ml_h=40)]
    status = infusion_status(library["ocrevus-iv-standard"], facts, events, at(1))
    assert "dose_too_early" in {a.code for a in status.alerts}


def test_the_first_zunovo_injection_after_iv_doses_is_observed_60_minutes(
    library: dict[str, Protocol],
) -> None:
    zunovo, iv = library["ocrevus-zunovo-sc"], library["ocrevus-iv-standard"]
    assert first_of_route(zunovo, [library["ocrevus-iv-initial"], iv])
    assert not first_of_route(zunovo, [iv, zunovo])
    facts = SessionFacts("ocrevus-zunovo-sc", 5, 920, 23, first_dose=False, first_of_route=True)
    events = [vitals(at(-5)), event("infusion_started", at(0)), event("infusion_ended", at(10))]
    status = infusion_status(zunovo, facts, events, at(11))
    assert status.observation_ends_at == at(70)
    later = SessionFacts("ocrevus-zunovo-sc", 6, 920, 23, first_dose=False, first_of_route=False)
    assert infusion_status(zunovo, later, events, at(11)).observation_ends_at == at(25)


def test_the_previous_dose_is_the_latest_of_the_same_drug(library: dict[str, Protocol]) -> None:
    standard = library["ocrevus-iv-standard"]
    earlier = [
        (library["ocrevus-iv-initial"], NOW - timedelta(weeks=30)),
        (library["natalizumab"], NOW - timedelta(weeks=1)),
        (library["ocrevus-iv-initial"], NOW - timedelta(weeks=28)),
    ]
    assert previous_dose(standard, earlier) == NOW - timedelta(weeks=28)
    assert previous_dose(standard, []) is None


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("throat irritation", "throat_irritation"),
        ("Throat Irritation", "throat_irritation"),
        ("  pharyngeal or laryngeal edema ", "pharyngeal_or_laryngeal_edema"),
        ("Injection-site pain", "injection_site_pain"),
        ("throat_irritation", "throat_irritation"),
        ("Other: chills", "other: chills"),
        ("other:chills", "other:chills"),
        ("sore toe", None),
        ("other:", None),
    ],
)
def test_the_labels_symptom_spellings(written: str, stored: str | None) -> None:
    assert canonical_symptom(written) == stored
