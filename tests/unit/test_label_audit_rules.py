"""Rules from the label audit of 2026-12-04 (issue 14): premedication by class, SpO2 on NEWS2
scale 2, natalizumab, first-dose checks and citations a reader can follow."""

from __future__ import annotations

import pytest

from nurse_monitor.domain.checklist import ChartEntry, checklist_state
from nurse_monitor.domain.engine import SessionFacts, infusion_status
from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.protocols import Protocol
from tests.unit.nurse import at, event, vitals

INITIAL = SessionFacts("ocrevus-iv-initial", 1, 300, 260)
ZUNOVO = SessionFacts("ocrevus-zunovo-sc", 1, 920, 23)


def _started(*premeds: InfusionEvent) -> list[InfusionEvent]:
    start = event("infusion_started", at(0), rate_ml_h=30)
    return [vitals(at(-50)), *premeds, vitals(at(-2)), start]


def _premed(drug: str, **extra: object) -> InfusionEvent:
    return event("premedication_given", at(-35), drug=drug, dose="10 mg", route="PO", **extra)


def _missing(protocol: Protocol, facts: SessionFacts, events: list[InfusionEvent]) -> list[str]:
    status = infusion_status(protocol, facts, events, at(1))
    return [a.message for a in status.alerts if a.code == "premedication_missing"]


@pytest.mark.parametrize(
    "drug",
    ["desloratadine", "Cetirizine", "levocetirizine", "loratadine", "fexofenadine",
     "chlorphenamine", "hydroxyzine", "clemastine", "diphenhydramine"],
)  # fmt: skip
def test_any_h1_antihistamine_counts_for_ocrevus(library: dict[str, Protocol], drug: str) -> None:
    protocol = library["ocrevus-iv-initial"]
    missing = _missing(protocol, INITIAL, _started(_premed("methylprednisolone"), _premed(drug)))
    assert missing == []


def test_desloratadine_counts_for_zunovo_the_labels_own_example(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-zunovo-sc"]
    events = _started(_premed("dexamethasone"), _premed("desloratadine"))
    assert _missing(protocol, ZUNOVO, events) == []


def test_corticosteroid_or_equivalent_accepts_the_listed_alternatives(
    library: dict[str, Protocol],
) -> None:
    protocol = library["ocrevus-iv-initial"]
    events = _started(_premed("dexamethasone"), _premed("cetirizine"))
    assert _missing(protocol, INITIAL, events) == []
    steroid = protocol.premedications[0]
    assert dict(steroid.equivalent_mg)["dexamethasone"] == pytest.approx(18.75)


def test_a_drug_off_the_list_needs_its_class_and_a_reason(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    steroid = _premed("methylprednisolone")
    bare = _started(steroid, _premed("ketotifen", drug_class="H1 antihistamine"))
    assert len(_missing(protocol, INITIAL, bare)) == 1
    reasoned = _started(
        steroid,
        _premed("ketotifen", drug_class="H1 antihistamine", reason="patient's usual antihistamine"),
    )
    assert _missing(protocol, INITIAL, reasoned) == []
    wrong_class = _started(steroid, _premed("ketotifen", drug_class="antipyretic", reason="r"))
    assert len(_missing(protocol, INITIAL, wrong_class)) == 1


def test_checklist_counts_a_class_member(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    entries = [
        ChartEntry("premedication_given", at(-40), {"drug": "methylprednisolone"}, "n"),
        ChartEntry("premedication_given", at(-40), {"drug": "desloratadine"}, "n"),
    ]
    state = checklist_state(protocol, entries, at(0), first_dose=True)
    assert not [b for b in state.start_blockers if "premedication" in b]


def _spo2_status(
    library: dict[str, Protocol], spo2: int, scale: int
) -> tuple[set[str], tuple[str, ...]]:
    protocol = library["ocrevus-iv-initial"]
    facts = SessionFacts("ocrevus-iv-initial", 2, 300, 260, spo2_scale=scale)
    events = [
        *_started(_premed("methylprednisolone"), _premed("diphenhydramine")),
        event("infusion_ended", at(200)),
        vitals(at(259), spo2=spo2, on_oxygen=False),
    ]
    status = infusion_status(protocol, facts, events, at(261))
    return {a.code for a in status.alerts}, status.discharge_blockers


@pytest.mark.parametrize("spo2", [88, 90, 92])
def test_scale_2_target_range_neither_alerts_nor_blocks_discharge(
    library: dict[str, Protocol], spo2: int
) -> None:
    codes, blockers = _spo2_status(library, spo2, scale=2)
    assert "spo2_low" not in codes
    assert blockers == ()


def test_scale_2_below_88_alerts(library: dict[str, Protocol]) -> None:
    codes, blockers = _spo2_status(library, 87, scale=2)
    assert "spo2_low" in codes and "the latest vital signs raise an alert" in blockers


@pytest.mark.parametrize(("spo2", "fires"), [(92, True), (93, False)])
def test_scale_1_keeps_92_or_lower(library: dict[str, Protocol], spo2: int, fires: bool) -> None:
    codes, _ = _spo2_status(library, spo2, scale=1)
    assert ("spo2_low" in codes) is fires
