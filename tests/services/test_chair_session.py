"""A whole infusion through the chair services, and the refusals on the way."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import Step
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.chair_view import chair_view, open_session_ids
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, PermissionDenied
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_start import begin_session, protocol_options
from tests.storage.conftest import Staff

from .chair_walk import (
    NO_CONCERNS,
    NORMAL_VITALS,
    begin_initial,
    begin_running,
    give_take_home_sheet,
    initial_request,
    prepare_to_start,
    titrate_to_the_end,
)


def test_identity_must_match_two_identifiers(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    wrong_dob = initial_request(alice, stated_date_of_birth=date(1984, 5, 21))
    with pytest.raises(InvalidInput, match="date of birth does not match record MRN-100234"):
        begin_session(db, staff.nurse, wrong_dob)
    from dataclasses import replace

    with pytest.raises(InvalidInput, match="stated name does not match"):
        begin_session(
            db,
            staff.nurse,
            replace(
                wrong_dob, stated_date_of_birth=alice.date_of_birth, stated_family_name="Morgen"
            ),
        )
    with pytest.raises(InvalidInput, match="Expiry: the vial expired on 2026-03-01"):
        begin_session(
            db,
            staff.nurse,
            replace(
                wrong_dob, stated_date_of_birth=alice.date_of_birth, lot_expiry=date(2026, 3, 1)
            ),
        )
    assert open_session_ids(db, staff.nurse) == []


def test_first_ever_ocrevus_is_suggested_initial_infusion_1(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    options = protocol_options(db, staff.nurse, alice.id)
    assert options.suggestion.protocol_id == "ocrevus-iv-initial"
    assert options.suggestion.infusion_number == 1
    assert options.last_session is None


def test_start_is_refused_until_every_prerequisite_is_done(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    with pytest.raises(InvalidInput) as refused:
        chair.start_infusion(db, staff.nurse, session.id, 30)
    message = str(refused.value)
    for needed in (
        "screening",
        "baseline vital signs",
        "IV access",
        "methylprednisolone",
        "Verify the drug",
    ):
        assert needed in message
    assert "identity" not in message.lower().split("not yet:")[1]

    blocking = dict(NO_CONCERNS, active_infection=True)
    chair.record_screening(db, staff.nurse, session.id, blocking, {})
    with pytest.raises(InvalidInput, match=r"active infection.*delay until resolved"):
        chair.start_infusion(db, staff.nurse, session.id, 30)

    with pytest.raises(InvalidInput, match="Systolic"):
        chair.record_vitals(db, staff.nurse, session.id, dict(NORMAL_VITALS, systolic=400))
    assert chair_view(db, staff.nurse, session.id).readings == ()

    chair.record_screening(db, staff.nurse, session.id, NO_CONCERNS, {})
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    chair.record_iv_access(
        db,
        staff.nurse,
        session.id,
        site="forearm",
        side="left",
        gauge=22,
        attempts=1,
        placed_by="me",
    )
    chair.record_premedication(
        db, staff.nurse, session.id, drug="methylprednisolone", dose="100 mg", route="IV"
    )
    chair.record_premedication(
        db, staff.nurse, session.id, drug="diphenhydramine", dose="50 mg", route="IV"
    )
    chair.verify_drug(db, staff.nurse, session.id, lot_number="h0123b", expiry=date(2027, 1, 31))
    with pytest.raises(InvalidInput, match="Wait until 09:30: antihistamine"):
        chair.start_infusion(db, staff.nurse, session.id, 30)
    clock.advance(minutes=30)
    chair.start_infusion(db, staff.nurse, session.id, 30)
    view = chair_view(db, staff.nurse, session.id)
    assert view.status.phase.value == "infusing"
    assert view.session.status == "in_progress"
    assert view.checklist.step(Step.START).done_by == "Ana Nurse, RN"


def test_a_whole_initial_infusion_from_check_in_to_signature(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    started = clock.now()
    chair.start_infusion(db, staff.nurse, session.id, 30)
    with pytest.raises(InvalidInput, match="above the plan"):  # a step early needs a reason
        chair.change_rate(db, staff.nurse, session.id, 60, "")
    titrate_to_the_end(db, staff.nurse, clock, session.id)
    view = chair_view(db, staff.nurse, session.id)
    rates = [rate for _, rate in view.status.rate_history]
    assert max(rates) == 180
    assert rates == sorted(rates)
    chair.end_infusion(db, staff.nurse, session.id, 260)
    view = chair_view(db, staff.nurse, session.id)
    assert view.status.phase.value == "observing"
    minutes = (view.status.ended_at - started).total_seconds() / 60
    assert 160 <= minutes <= 170  # 260 mL including the drug volume
    assert view.status.observation_ends_at == view.status.ended_at + timedelta(minutes=60)
    with pytest.raises(InvalidInput, match="Discharge"):
        chair.discharge(db, staff.nurse, session.id)
    chair.record_teaching(
        db,
        staff.nurse,
        session.id,
        ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"],
        date(2026, 3, 16),
    )
    give_take_home_sheet(db, staff.nurse, session.id)
    with pytest.raises(InvalidInput, match="not yet"):
        chair.discharge(db, staff.nurse, session.id)
    clock.set(view.status.observation_ends_at)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    chair.discharge(db, staff.nurse, session.id)
    with pytest.raises(PermissionDenied, match="only its nurse signs"):
        chair.sign_session(db, staff.charge, session.id)
    chair.sign_session(db, staff.nurse, session.id)
    view = chair_view(db, staff.nurse, session.id)
    assert view.session.status == "signed"
    assert all(step.done for step in view.checklist.steps if step.applies)
    with pytest.raises(InvalidInput, match="signed and can no longer be edited"):
        chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    assert open_session_ids(db, staff.nurse) == []


def test_a_mild_reaction_halves_the_rate_then_titration_resumes(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_running(db, staff.nurse, alice, clock)
    clock.advance(minutes=30)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    chair.change_rate(db, staff.nurse, session.id, 60, "titration")
    clock.advance(minutes=10)
    reactions.record_reaction(
        db,
        staff.nurse,
        session.id,
        severity="mild",
        symptoms=["pruritus", "flushing"],
        ctcae_grade=1,
    )
    view = chair_view(db, staff.nurse, session.id)
    assert view.status.suggested_rate_ml_h == 30
    assert view.reactions[0].actions.startswith("Suggested: Mild reaction: reduce the rate to 30")
    reactions.apply_reaction_action(db, staff.nurse, session.id)
    view = chair_view(db, staff.nurse, session.id)
    assert view.status.rate_ml_h == 30
    assert not view.status.next_rate_ready
    # Vitals every 5 min while the reaction is active.
    assert view.status.vitals_due_at is not None
    assert view.status.vitals_due_at <= clock.now() + timedelta(minutes=5)
    reactions.record_intervention(
        db, staff.nurse, session.id, drug="cetirizine", dose="10 mg", route="PO"
    )
    clock.advance(minutes=20)
    reactions.resolve_reaction(db, staff.nurse, session.id, "itching settled")
    clock.advance(minutes=10)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    view = chair_view(db, staff.nurse, session.id)
    assert view.status.next_rate_ready
    assert view.status.next_rate_ml_h == 60
    chair.change_rate(db, staff.nurse, session.id, 60, "resume titration after reaction")
    reaction = chair_view(db, staff.nurse, session.id).reactions[0]
    assert reaction.outcome == "itching settled"
    assert reaction.interventions[0]["drug"] == "cetirizine"


def test_a_life_threatening_reaction_stops_and_discontinues(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_running(db, staff.nurse, alice, clock)
    clock.advance(minutes=15)
    reactions.record_reaction(
        db,
        staff.nurse,
        session.id,
        severity="life_threatening",
        symptoms=["anaphylaxis", "hypotension"],
        ctcae_grade=4,
    )
    reactions.apply_reaction_action(db, staff.nurse, session.id)
    view = chair_view(db, staff.nurse, session.id)
    assert view.status.drug_discontinued
    assert view.patient.discontinued[0].drug == "ocrelizumab"
    options = protocol_options(db, staff.nurse, alice.id)
    assert options.suggestion.protocol_id is None
    assert "permanently discontinued" in (options.suggestion.refused_reason or "")
    with pytest.raises(InvalidInput, match="permanently discontinued"):
        begin_initial(db, staff.nurse, alice, "Chair 4")


def test_a_stale_screen_cannot_overwrite(db: Database, staff: Staff, alice: PatientRecord) -> None:
    from nurse_monitor.services.errors import SessionChanged

    session = begin_initial(db, staff.nurse, alice)
    seen = chair_view(db, staff.nurse, session.id).session.version
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS, expected_version=seen)
    with pytest.raises(SessionChanged):
        chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS, expected_version=seen)


def test_a_patient_cannot_be_in_two_chairs(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    begin_initial(db, staff.nurse, alice, "Chair 3")
    with pytest.raises(InvalidInput, match="already has an open session at Chair 3"):
        begin_initial(db, staff.nurse, alice, "Chair 5")


def test_an_amendment_passes_the_checks_the_entry_passed(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    from nurse_monitor.services.amendments import amend_session_entry, amendments_for_session

    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    started = chair.start_infusion(db, staff.nurse, session.id, 30)
    vitals = chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    with pytest.raises(InvalidInput, match="Systolic") as refused:
        amend_session_entry(db, staff.nurse, session.id, vitals.id, "systolic", 400, "typo")
    assert "40-300" in str(refused.value)
    with pytest.raises(InvalidInput, match="Rate"):
        amend_session_entry(db, staff.nurse, session.id, started.id, "rate_ml_h", 5000, "typo")
    assert amendments_for_session(db, staff.nurse, session.id) == []
    assert chair_view(db, staff.nurse, session.id).status.rate_ml_h == 30  # still opens
    amend_session_entry(db, staff.nurse, session.id, vitals.id, "systolic", 128, "misread")
    view = chair_view(db, staff.nurse, session.id)
    assert view.readings[-1].systolic == 128  # shown as amended (table, chart, PDF)
    entry = next(t for t in view.timeline if t.event.id == vitals.id)
    assert entry.event.payload["systolic"] == 124  # the original entry is kept


def test_a_premedication_needs_drug_dose_and_route(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    before = len(chair_view(db, staff.nurse, session.id).timeline)
    for drug, dose, route, field in (
        ("", "100 mg", "IV", "Drug"),
        ("methylprednisolone", "  ", "IV", "Dose"),
        ("methylprednisolone", "100 mg", "", "Route"),
    ):
        with pytest.raises(InvalidInput, match=f"^{field}: must not be empty"):
            chair.record_premedication(
                db, staff.nurse, session.id, drug=drug, dose=dose, route=route
            )
    assert len(chair_view(db, staff.nurse, session.id).timeline) == before
