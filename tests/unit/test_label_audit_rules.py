"""Rules from the label audit of 2026-12-04 (issue 14): premedication by class, SpO2 on NEWS2
scale 2, natalizumab, first-dose checks and citations a reader can follow."""

from __future__ import annotations

from dataclasses import replace

import pytest

from nurse_monitor.domain.checklist import ChartEntry, Step, checklist_state
from nurse_monitor.domain.engine import SessionFacts, infusion_status
from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.reactions import reaction_advice
from nurse_monitor.domain.screening import evaluate_checklist, questions_for
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


NATALIZUMAB = SessionFacts("natalizumab", 3, 300, 115)


def test_natalizumab_bag_is_115_ml_at_2_6_mg_per_ml(library: dict[str, Protocol]) -> None:
    protocol = library["natalizumab"]
    assert protocol.bag_volume_ml == 115
    assert protocol.max_rate_ml_h() == 115
    events = [vitals(at(-5)), event("infusion_started", at(0), rate_ml_h=115)]
    status = infusion_status(protocol, NATALIZUMAB, events, at(60))
    assert status.volume_infused_ml == pytest.approx(115)
    assert status.dose_delivered_mg == pytest.approx(300)
    assert "rate_above_maximum" not in {a.code for a in status.alerts}


def _natalizumab_reaction(library: dict[str, Protocol], **payload: object) -> bool:
    protocol = library["natalizumab"]
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=115),
        event("reaction", at(20), **payload),
    ]
    return infusion_status(protocol, NATALIZUMAB, events, at(21)).drug_discontinued


def test_natalizumab_hypersensitivity_type_reaction_means_do_not_re_treat(
    library: dict[str, Protocol],
) -> None:
    assert _natalizumab_reaction(
        library, severity="moderate", symptoms=["urticaria"], hypersensitivity=True
    )
    advice = reaction_advice(library["natalizumab"], "mild", 115, hypersensitivity=True)
    assert advice.discontinue_drug and "do not re-treat" in advice.message
    assert "pending the prescriber" in advice.message


def test_natalizumab_other_reactions_do_not_end_treatment(library: dict[str, Protocol]) -> None:
    assert not _natalizumab_reaction(
        library, severity="moderate", symptoms=["headache"], hypersensitivity=False
    )
    assert not _natalizumab_reaction(library, severity="severe", symptoms=["headache"])
    rule = library["natalizumab"].reactions.hypersensitivity
    assert rule is not None and {"urticaria", "chest pain", "rigors"} <= set(rule.signs)


def test_other_protocols_ignore_the_hypersensitivity_answer(library: dict[str, Protocol]) -> None:
    advice = reaction_advice(library["ocrevus-iv-initial"], "mild", 60, hypersensitivity=True)
    assert not advice.discontinue_drug and advice.suggested_rate_ml_h == 30


def test_natalizumab_observation_label_for_12_infusions_then_site_default(
    library: dict[str, Protocol],
) -> None:
    protocol = library["natalizumab"]
    assert protocol.observation.later_is_configurable_default
    site = replace(protocol, observation=replace(protocol.observation, later_dose_minutes=30))
    assert site.observation_minutes(False, 12) == 60
    assert site.observation_minutes(False, 13) == 30
    events = [
        vitals(at(-5)),
        event("infusion_started", at(0), rate_ml_h=115),
        event("infusion_ended", at(60)),
    ]
    for number, minutes in ((12, 60), (13, 30)):
        facts = SessionFacts("natalizumab", number, 300, 115)
        status = infusion_status(site, facts, events, at(61))
        assert status.observation_ends_at == at(60 + minutes)


def test_touch_checklist_before_every_infusion_and_a_site_can_switch_it_off(
    library: dict[str, Protocol],
) -> None:
    protocol = library["natalizumab"]
    asked = {q.id for q in questions_for(protocol, first_dose=False)}
    assert {"touch_authorized", "touch_neurological_symptoms"} <= asked
    neuro = next(q for q in protocol.checklist if q.id == "touch_neurological_symptoms")
    assert "neurological" in neuro.text and neuro.us_program == "TOUCH"
    off = {q.id for q in questions_for(protocol, first_dose=False, us_checklists=False)}
    assert not off & {"touch_authorized", "touch_neurological_symptoms"}
    answers = {q: False for q in off}
    on_record = ChartEntry("screening_recorded", at(-30), {"answers": answers}, "n")
    state = checklist_state(protocol, [on_record], at(0), first_dose=False)
    assert "Answer every screening question." in state.start_blockers
    switched_off = ChartEntry(
        "screening_recorded", at(-30), {"answers": answers, "us_checklists_off": ["TOUCH"]}, "n"
    )
    state = checklist_state(protocol, [switched_off], at(0), first_dose=False)
    assert not [b for b in state.start_blockers if "screening" in b.lower()]


def test_new_neurological_symptoms_stop_the_start_until_the_prescriber_decides(
    library: dict[str, Protocol],
) -> None:
    protocol = library["natalizumab"]
    answers = {q.id: False for q in questions_for(protocol, first_dose=False)}
    answers |= {"touch_authorized": True, "touch_neurological_symptoms": True}
    result = evaluate_checklist(protocol, answers, first_dose=False)
    assert [f.question.id for f in result.needs_override] == ["touch_neurological_symptoms"]


def test_natalizumab_has_a_flush_step_after_the_infusion(library: dict[str, Protocol]) -> None:
    protocol = library["natalizumab"]
    ended = ChartEntry("infusion_ended", at(60), {}, "n")
    state = checklist_state(protocol, [ended], at(61), first_dose=False)
    assert state.step(Step.LINE_FLUSH).applies and not state.step(Step.LINE_FLUSH).done
    flushed = ChartEntry("line_flushed", at(62), {"solution": "0.9% sodium chloride"}, "n")
    state = checklist_state(protocol, [ended, flushed], at(63), first_dose=False)
    assert state.step(Step.LINE_FLUSH).done
    ocrevus = checklist_state(library["ocrevus-iv-initial"], [ended], at(61), first_dose=True)
    assert not ocrevus.step(Step.LINE_FLUSH).applies


@pytest.mark.parametrize("question", ["hepatitis_b_screened", "immunoglobulins_tested",
                                      "liver_tests_done"])  # fmt: skip
def test_ocrevus_first_dose_checks_block_until_documented(
    library: dict[str, Protocol], question: str
) -> None:
    protocol = library["ocrevus-iv-initial"]
    answers = {q.id: q.triggers_on.value == "no" for q in questions_for(protocol, True)}
    assert evaluate_checklist(protocol, answers, first_dose=True).can_start
    result = evaluate_checklist(protocol, {**answers, question: False}, first_dose=True)
    assert [f.question.id for f in result.blocking] == [question]
    assert "section 2.1" in result.blocking[0].question.rule


def test_rituximab_without_a_hepatitis_b_screen_is_blocked_not_overridable(
    library: dict[str, Protocol],
) -> None:
    protocol = library["rituximab-first"]
    answers = {q.id: q.triggers_on.value == "no" for q in questions_for(protocol, True)}
    answers["hepatitis_b_screened"] = False
    result = evaluate_checklist(
        protocol, answers, {"hepatitis_b_screened": "prescriber said go"}, first_dose=True
    )
    assert [f.question.id for f in result.blocking] == ["hepatitis_b_screened"]
    assert "boxed warning" in result.blocking[0].question.rule and not result.can_start


@pytest.mark.parametrize(("indication", "needed"), [(True, True), (False, False)])
def test_rituximab_methylprednisolone_for_ra_gpa_mpa(
    library: dict[str, Protocol], indication: bool, needed: bool
) -> None:
    protocol = library["rituximab-subsequent"]
    answers = {q.id: q.triggers_on.value == "no" for q in questions_for(protocol, False)}
    answers["indication_ra_gpa_mpa"] = indication
    entries = [ChartEntry("screening_recorded", at(-40), {"answers": answers}, "n")]
    state = checklist_state(protocol, entries, at(0), first_dose=False)
    assert state.screening.can_start
    assert any("methylprednisolone" in b for b in state.start_blockers) is needed


def test_every_alert_cites_a_source_a_reader_can_follow(library: dict[str, Protocol]) -> None:
    protocol = library["ocrevus-iv-initial"]
    unwell = {"systolic": 85, "spo2": 90, "temperature_c": 38.6, "heart_rate": 135}
    events = [
        vitals(at(-5), systolic=130),
        event("infusion_started", at(0), rate_ml_h=30),
        vitals(at(20), **unwell),
        event("reaction", at(21), severity="mild", symptoms=["rash"]),
    ]
    status = infusion_status(protocol, INITIAL, events, at(60))
    codes = {a.code for a in status.alerts}
    assert {"systolic_low", "systolic_drop", "spo2_low", "fever", "premedication_missing",
            "vitals_overdue", "news2_high"} <= codes  # fmt: skip
    for alert in status.alerts:
        assert "clinical-reference" not in alert.rule and ".md" not in alert.rule, alert
    missing = next(a for a in status.alerts if a.code == "premedication_missing")
    assert missing.rule.endswith("checked 21 Nov 2026")
    assert "US prescribing information" in missing.rule
    fever = next(a for a in status.alerts if a.code == "fever")
    assert "CTCAE v5.0" in fever.rule and "ours" in fever.rule


def test_observation_after_infusion_12_is_marked_the_sites_default(
    library: dict[str, Protocol],
) -> None:
    natalizumab = library["natalizumab"]
    assert not natalizumab.observation_is_site_default(False, 12)
    assert natalizumab.observation_is_site_default(False, 13)
    assert not library["ocrevus-iv-standard"].observation_is_site_default(False, 13)
