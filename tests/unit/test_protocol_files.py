"""Every protocol file loads with its label numbers; every malformed variant is refused with
its file, field and problem."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from nurse_monitor.domain.protocol_files import (
    ProtocolFileError,
    load_protocol,
    load_protocol_library,
)
from nurse_monitor.domain.protocols import BagBasis, Protocol, RateUnit, Route
from tests.unit.nurse import PROTOCOLS_DIR

EXPECTED_IDS = {
    "ocrevus-iv-initial",
    "ocrevus-iv-standard",
    "ocrevus-iv-short",
    "ocrevus-zunovo-sc",
    "rituximab-first",
    "rituximab-subsequent",
    "natalizumab",
}


def test_the_library_holds_every_protocol(library: dict[str, Protocol]) -> None:
    assert set(library) == EXPECTED_IDS


@pytest.mark.parametrize("path", sorted(PROTOCOLS_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_file_loads_and_cites_a_checked_source(path: Path) -> None:
    protocol = load_protocol(path)
    assert protocol.id == path.stem
    assert protocol.source.citation
    assert protocol.source.checked_on <= date(2026, 12, 31)
    # Everything a nurse can read cites a label or says "ours", never an internal file.
    assert "clinical-reference" not in repr(protocol)
    assert protocol.vital_signs.configurable_default


@pytest.mark.parametrize(
    ("protocol_id", "dose", "bag", "start", "step", "every", "maximum"),
    [
        ("ocrevus-iv-initial", 300, 250, 30, 30, 30, 180),
        ("ocrevus-iv-standard", 600, 500, 40, 40, 30, 200),
        ("rituximab-first", None, None, 50, 50, 30, 400),
        ("rituximab-subsequent", None, None, 100, 100, 30, 400),
    ],
)
def test_titration_numbers_match_the_reference(
    library: dict[str, Protocol],
    protocol_id: str,
    dose: float | None,
    bag: float | None,
    start: float,
    step: float,
    every: float,
    maximum: float,
) -> None:
    protocol = library[protocol_id]
    titration = protocol.rate_plan.titration
    assert titration is not None
    assert (titration.start, titration.step, titration.every_minutes, titration.maximum) == (
        start,
        step,
        every,
        maximum,
    )
    assert protocol.dose_mg == dose
    assert protocol.bag.volume_ml == bag


def test_short_option_steps_and_eligibility(library: dict[str, Protocol]) -> None:
    short = library["ocrevus-iv-short"]
    assert [(s.rate, s.minutes) for s in short.rate_plan.steps] == [
        (100, 15),
        (200, 15),
        (250, 30),
        (300, 60),
    ]
    assert short.eligibility.requires_no_prior_serious_reaction
    assert not library["ocrevus-iv-standard"].eligibility.requires_no_prior_serious_reaction


def test_bag_basis_is_explicit(library: dict[str, Protocol]) -> None:
    initial = library["ocrevus-iv-initial"]
    assert initial.bag.basis is BagBasis.DILUENT
    assert initial.bag.drug_volume_ml == 10
    assert initial.bag_volume_ml == 260
    assert library["ocrevus-zunovo-sc"].bag.basis is BagBasis.TOTAL
    assert library["ocrevus-zunovo-sc"].bag_volume_ml == 23


def test_zunovo_observation_differs_for_first_and_later_injections(
    library: dict[str, Protocol],
) -> None:
    zunovo = library["ocrevus-zunovo-sc"]
    assert zunovo.route is Route.SUBCUTANEOUS
    assert (zunovo.observation_minutes(True), zunovo.observation_minutes(False)) == (60, 15)
    assert library["natalizumab"].observation_minutes(False) == 60


def test_rituximab_rates_are_in_mg_per_hour_within_a_concentration_range(
    library: dict[str, Protocol],
) -> None:
    rituximab = library["rituximab-first"]
    assert rituximab.rate_plan.unit is RateUnit.MG_PER_H
    assert (rituximab.bag.concentration_min_mg_ml, rituximab.bag.concentration_max_mg_ml) == (1, 4)
    with pytest.raises(ValueError, match="needs the dose and bag volume"):
        rituximab.max_rate_ml_h()


def test_ocrevus_premedications_and_checklist(library: dict[str, Protocol]) -> None:
    initial = library["ocrevus-iv-initial"]
    methylprednisolone = initial.premedications[0]
    assert (methylprednisolone.dose_mg, methylprednisolone.route) == (100, Route.INTRAVENOUS)
    antihistamine = initial.premedications[1]
    assert (antihistamine.earliest_minutes_before, antihistamine.latest_minutes_before) == (60, 30)
    assert antihistamine.matches("Diphenhydramine")
    assert not antihistamine.matches("ibuprofen")
    ids = {q.id for q in initial.checklist}
    assert {
        "active_infection",
        "hepatitis_b_screened",
        "vaccines",
        "pregnancy_or_breastfeeding",
        "immune_modifying_medicines",
    } <= ids


SHORT = "ocrevus-iv-short.toml"
INITIAL = "ocrevus-iv-initial.toml"
RITUXIMAB = "rituximab-first.toml"

MALFORMED = [
    (SHORT, "maximum = 300", "maximum = 240", "rate_plan.steps[2].rate", "above the maximum"),
    (SHORT, "{ rate = 200, minutes = 15 }", "{ rate = 90, minutes = 15 }",
     "rate_plan.steps[1].rate", "rise"),
    (SHORT, 'kind = "steps"', 'kind = "ramp"', "rate_plan.kind", "not 'titration' or 'steps'"),
    (INITIAL, "start = 30", "start = 300", "rate_plan.start", "above the maximum"),
    (INITIAL, "step = 30", "step = -30", "rate_plan.step", "greater than 0"),
    (INITIAL, "maximum = 180", 'maximum = "180"', "rate_plan.maximum", "must be a number"),
    (INITIAL, 'unit = "mL/h"', 'unit = "drops/min"', "rate_plan.unit", "not one of"),
    (INITIAL, "[source]", "[origin]", "source", "missing"),
    (INITIAL, "checked_on = 2026-11-21", "", "source.checked_on", "missing"),
    (INITIAL, 'id = "ocrevus-iv-initial"', 'id = "ocrevus-other"', "id", "match the file name"),
    (INITIAL, "concentration_mg_ml = 1.2", "concentration_mg_ml = 3.0",
     "bag.concentration_mg_ml", "inconsistent"),
    (INITIAL, 'basis = "diluent"', 'basis = "bag"', "bag.basis", "not one of"),
    (INITIAL, "earliest_minutes_before = 45", "earliest_minutes_before = 10",
     "premedications[0].earliest_minutes_before", "at least latest_minutes_before"),
    (INITIAL, "rate_factor = 0.5\nhold_minutes = 30", "hold_minutes = 30",
     "reactions.mild_or_moderate.rate_factor", "missing"),
    (INITIAL, "rate_factor = 0.5\nhold_minutes = 30", "rate_factor = 2\nhold_minutes = 30",
     "reactions.mild_or_moderate.rate_factor", "below 1"),
    (INITIAL, 'action = "stop_and_discontinue"', 'action = "interrupt"',
     "reactions.life_threatening.action", "stop_and_discontinue"),
    (INITIAL, 'consequence = "block"', 'consequence = "warn"', "checklist[0].consequence",
     "not one of"),
    (INITIAL, 'id = "vaccines"', 'id = "active_infection"', "checklist[5].id", "twice"),
    (INITIAL, "[observation]", "[watching]", "observation", "missing table"),
    (INITIAL, "last_infusion_number = 2", "last_infusion_number = 0",
     "eligibility.last_infusion_number", "at least 1"),
    (INITIAL, "interval_weeks = 24", "interval_months = 6\ninterval_weeks = 24",
     "next_dose.interval_weeks", "not both"),
    (INITIAL, "configurable_default = true", "", "vital_signs.configurable_default", "missing"),
    (INITIAL, 'display_name = "', 'display_name = 3\nx = "', "display_name", "non-empty text"),
    (INITIAL, "[bag]", "[bag\n", "(file)", "not valid TOML"),
    (RITUXIMAB, "concentration_min_mg_ml = 1\n", "", "bag", "concentration_min_mg_ml"),
    (RITUXIMAB, "concentration_min_mg_ml = 1", "concentration_min_mg_ml = 5",
     "bag.concentration_min_mg_ml", "above the maximum"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "old", "new", "field", "problem"), MALFORMED)
def test_malformed_file_is_refused_naming_file_field_and_problem(
    tmp_path: Path, file: str, old: str, new: str, field: str, problem: str
) -> None:
    text = (PROTOCOLS_DIR / file).read_text(encoding="utf-8")
    assert old in text, "the test's starting text must be in the file"
    broken = tmp_path / file
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ProtocolFileError) as caught:
        load_protocol(broken)
    error = caught.value
    assert (error.file, error.field) == (file, field)
    assert problem in error.problem
    assert str(error).startswith(f"{file}: {field}: ")


def test_one_bad_file_refuses_the_library(tmp_path: Path) -> None:
    for path in PROTOCOLS_DIR.glob("*.toml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "zz-broken.toml").write_text('id = "zz-broken"\n', encoding="utf-8")
    with pytest.raises(ProtocolFileError, match=r"zz-broken\.toml: source: missing"):
        load_protocol_library(tmp_path)


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProtocolFileError, match="holds no protocol files"):
        load_protocol_library(tmp_path)


def test_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProtocolFileError, match="cannot be read"):
        load_protocol(tmp_path / "missing.toml")
