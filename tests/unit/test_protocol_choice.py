"""Which protocol today, and when the next dose is due (Ocrevus schedule, clinical-reference
section 1; natalizumab every 4 weeks, section 3)."""

from __future__ import annotations

from datetime import date

import pytest

from nurse_monitor.domain.next_dose import add_months, earliest_next_dose, next_dose_date
from nurse_monitor.domain.protocol_choice import PastDose, TreatmentHistory, suggest_protocol
from nurse_monitor.domain.protocols import Protocol, Route

TODAY = date(2026, 3, 16)


def dose(protocol_id: str, number: int, given_on: date, serious: bool = False) -> PastDose:
    drug = "natalizumab" if protocol_id == "natalizumab" else "ocrelizumab"
    route = Route.SUBCUTANEOUS if protocol_id.endswith("-sc") else Route.INTRAVENOUS
    return PastDose(protocol_id, drug, number, given_on, serious, route)


def test_no_earlier_ocrevus_means_initial_infusion_1(library: dict[str, Protocol]) -> None:
    suggestion = suggest_protocol(TreatmentHistory(), TODAY, library)
    assert (suggestion.protocol_id, suggestion.infusion_number) == ("ocrevus-iv-initial", 1)
    assert suggestion.alternatives == ("ocrevus-zunovo-sc",)
    assert suggestion.refused_reason is None


def test_initial_infusion_1_two_weeks_ago_means_infusion_2(library: dict[str, Protocol]) -> None:
    history = TreatmentHistory((dose("ocrevus-iv-initial", 1, date(2026, 3, 2)),))
    suggestion = suggest_protocol(history, TODAY, library)
    assert (suggestion.protocol_id, suggestion.infusion_number) == ("ocrevus-iv-initial", 2)
    assert suggestion.alternatives == ()  # finish the split dose as it began
    assert suggestion.due_on == date(2026, 3, 16)
    assert "14 days ago" in suggestion.notes[0]


def test_after_the_initial_dose_standard_with_the_2_hour_option(
    library: dict[str, Protocol],
) -> None:
    history = TreatmentHistory(
        (dose("ocrevus-iv-initial", 1, date(2026, 3, 2)), dose("ocrevus-iv-initial", 2, TODAY))
    )
    suggestion = suggest_protocol(history, date(2026, 9, 2), library)
    assert (suggestion.protocol_id, suggestion.infusion_number) == ("ocrevus-iv-standard", 3)
    assert suggestion.alternatives == ("ocrevus-iv-short", "ocrevus-zunovo-sc")
    assert suggestion.due_on == date(2026, 8, 17)  # 24 weeks after infusion 1


def test_2_hour_option_not_offered_after_a_serious_reaction(library: dict[str, Protocol]) -> None:
    history = TreatmentHistory(
        (
            dose("ocrevus-iv-initial", 1, date(2025, 3, 2), serious=True),
            dose("ocrevus-iv-initial", 2, date(2025, 3, 16)),
            dose("ocrevus-iv-standard", 3, date(2025, 9, 2)),
        )
    )
    suggestion = suggest_protocol(history, date(2026, 3, 2), library)
    assert suggestion.protocol_id == "ocrevus-iv-standard"
    assert "ocrevus-iv-short" not in suggestion.alternatives
    assert any(
        "not offered: serious infusion reaction on 2025-03-02" in n for n in suggestion.notes
    )


def test_too_early_is_noted(library: dict[str, Protocol]) -> None:
    history = TreatmentHistory(
        (
            dose("ocrevus-iv-initial", 1, date(2025, 3, 2)),
            dose("ocrevus-iv-initial", 2, date(2025, 3, 16)),
            dose("ocrevus-iv-standard", 3, date(2025, 9, 2)),
        )
    )
    suggestion = suggest_protocol(history, date(2025, 12, 1), library)
    assert suggestion.earliest_on == date(2026, 1, 20)  # 20 weeks
    assert any(n.startswith("too early") for n in suggestion.notes)


def test_a_zunovo_patient_stays_subcutaneous(library: dict[str, Protocol]) -> None:
    history = TreatmentHistory((dose("ocrevus-zunovo-sc", 1, date(2025, 9, 1)),))
    suggestion = suggest_protocol(history, date(2026, 3, 1), library)
    assert suggestion.protocol_id == "ocrevus-zunovo-sc"
    assert suggestion.due_on == date(2026, 3, 1)


def test_a_discontinued_drug_is_refused_with_its_reason(library: dict[str, Protocol]) -> None:
    history = TreatmentHistory(discontinued={"ocrelizumab": "anaphylaxis on 2026-03-02"})
    suggestion = suggest_protocol(history, TODAY, library)
    assert suggestion.protocol_id is None
    assert suggestion.refused_reason == (
        "ocrelizumab permanently discontinued: anaphylaxis on 2026-03-02"
    )


def test_other_drugs(library: dict[str, Protocol]) -> None:
    assert suggest_protocol(TreatmentHistory(), TODAY, library, "rituximab").protocol_id == (
        "rituximab-first"
    )
    later = TreatmentHistory((PastDose("rituximab-first", "rituximab", 1, date(2026, 2, 1)),))
    assert (
        suggest_protocol(later, TODAY, library, "rituximab").protocol_id == "rituximab-subsequent"
    )
    unknown = suggest_protocol(TreatmentHistory(), TODAY, library, "aspirin")
    assert unknown.refused_reason == "no aspirin protocol in the library covers infusion 1"


@pytest.mark.parametrize(
    ("protocol_id", "number", "given_on", "series_start", "due"),
    [
        ("ocrevus-iv-initial", 1, date(2026, 3, 2), None, date(2026, 3, 16)),
        # 24 weeks, not 6 calendar months (label: "6 months (24 weeks)")
        ("ocrevus-iv-initial", 2, date(2026, 3, 16), date(2026, 3, 2), date(2026, 8, 17)),
        ("ocrevus-iv-initial", 2, date(2026, 3, 17), None, date(2026, 8, 18)),  # estimated
        ("ocrevus-iv-standard", 3, date(2026, 8, 31), None, date(2027, 2, 15)),
        ("ocrevus-iv-short", 5, date(2027, 3, 1), None, date(2027, 8, 16)),
        ("natalizumab", 1, date(2026, 3, 2), None, date(2026, 3, 30)),
        ("rituximab-first", 1, date(2026, 3, 2), None, None),
    ],
)
def test_next_dose_date(
    library: dict[str, Protocol],
    protocol_id: str,
    number: int,
    given_on: date,
    series_start: date | None,
    due: date | None,
) -> None:
    assert next_dose_date(library[protocol_id], number, given_on, series_start) == due


def test_add_months_and_minimum_gap(library: dict[str, Protocol]) -> None:
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)
    assert earliest_next_dose(library["ocrevus-iv-standard"], date(2026, 1, 1)) == date(2026, 5, 21)
    assert earliest_next_dose(library["natalizumab"], date(2026, 1, 1)) is None


def test_minimum_gap_after_the_initial_dose_counts_from_the_previous_dose_given(
    library: dict[str, Protocol],
) -> None:
    history = TreatmentHistory(
        (
            dose("ocrevus-iv-initial", 1, date(2026, 3, 2)),
            dose("ocrevus-iv-initial", 2, date(2026, 3, 16)),
        )
    )
    suggestion = suggest_protocol(history, date(2026, 7, 1), library)
    assert suggestion.protocol_id == "ocrevus-iv-standard"
    assert suggestion.earliest_on == date(2026, 8, 3)  # 20 weeks after the dose of 16 March
    assert any(n.startswith("too early") for n in suggestion.notes)
