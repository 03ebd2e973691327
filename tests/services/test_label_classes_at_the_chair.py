"""Label-audit rules (issue 14) through the chair services: premedication by class."""

from __future__ import annotations

from datetime import date

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.checklist import PremedicationState, Step
from nurse_monitor.domain.screening import questions_for
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.line_flush import record_line_flush
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_start import begin_session
from tests.storage.conftest import Staff

from .chair_walk import NORMAL_VITALS, begin_initial, natalizumab_request


def _premedications(db: Database, staff: Staff, session_id: int) -> dict[str, PremedicationState]:
    view = chair_view(db, staff.nurse, session_id)
    return {p.item.name: p for p in view.checklist.premedications}


def test_desloratadine_satisfies_the_antihistamine(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    chair.record_premedication(
        db, staff.nurse, session.id, drug="Desloratadine", dose="5 mg", route="PO"
    )
    states = _premedications(db, staff, session.id)
    assert states["antihistamine"].given_at is not None


def test_a_drug_off_the_list_is_recorded_with_its_class_and_counts_only_with_a_reason(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    with pytest.raises(InvalidInput, match="Class: ketotifen is not on this protocol's list"):
        chair.record_premedication(
            db, staff.nurse, session.id, drug="ketotifen", dose="1 mg", route="PO"
        )
    chair.record_premedication(
        db, staff.nurse, session.id, drug="ketotifen", dose="1 mg", route="PO",
        drug_class="H1 antihistamine",
    )  # fmt: skip
    view = chair_view(db, staff.nurse, session.id)
    states = {p.item.name: p for p in view.checklist.premedications}
    assert states["antihistamine"].given_at is None
    assert any("antihistamine" in b for b in view.checklist.start_blockers)
    chair.record_premedication(
        db, staff.nurse, session.id, drug="ketotifen", dose="1 mg", route="PO",
        drug_class="H1 antihistamine", reason="the patient's own antihistamine, prescriber agreed",
    )  # fmt: skip
    states = _premedications(db, staff, session.id)
    assert states["antihistamine"].given_at is not None


def _natalizumab_running(
    db: Database, staff: Staff, alice: PatientRecord, *, us_checklists: bool = True
) -> int:
    session = begin_session(db, staff.nurse, natalizumab_request(alice))
    view = chair_view(db, staff.nurse, session.id)
    answers: dict[str, bool | None] = {
        q.id: q.triggers_on.value == "no"
        for q in questions_for(view.protocol, view.facts.is_first_dose, us_checklists)
    }
    chair.record_screening(db, staff.nurse, session.id, answers, {}, us_checklists=us_checklists)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    chair.record_iv_access(
        db, staff.nurse, session.id, site="forearm", side="left", gauge=22, attempts=1,
        placed_by="me",
    )  # fmt: skip
    chair.verify_drug(db, staff.nurse, session.id, lot_number="N77", expiry=date(2027, 6, 30))
    chair.start_infusion(db, staff.nurse, session.id, 115)
    return session.id


def test_natalizumab_reaction_form_must_say_whether_hypersensitivity_type(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = _natalizumab_running(db, staff, alice)
    clock.advance(minutes=20)
    with pytest.raises(InvalidInput, match="Hypersensitivity-type: answer yes or no"):
        reactions.record_reaction(
            db, staff.nurse, session_id, severity="mild", symptoms=["headache"], ctcae_grade=1
        )
    reactions.record_reaction(
        db, staff.nurse, session_id, severity="mild", symptoms=["headache"], ctcae_grade=1,
        hypersensitivity=False,
    )  # fmt: skip
    assert not chair_view(db, staff.nurse, session_id).status.drug_discontinued


def test_natalizumab_hypersensitivity_marks_do_not_re_treat_on_the_patient(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = _natalizumab_running(db, staff, alice)
    clock.advance(minutes=20)
    reactions.record_reaction(
        db, staff.nurse, session_id, severity="moderate", symptoms=["urticaria"], ctcae_grade=2,
        hypersensitivity=True,
    )  # fmt: skip
    reactions.apply_reaction_action(db, staff.nurse, session_id)
    view = chair_view(db, staff.nurse, session_id)
    assert view.status.drug_discontinued
    (flag,) = view.patient.discontinued
    assert flag.drug == "natalizumab" and "Do not re-treat (pending the prescriber)" in flag.reason


def test_touch_switched_off_is_on_the_record_and_flush_after_the_end(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = _natalizumab_running(db, staff, alice, us_checklists=False)
    view = chair_view(db, staff.nurse, session_id)
    screening = next(t for t in view.timeline if t.event.type == "screening_recorded")
    assert screening.payload["us_checklists_off"] == ["TOUCH"]
    with pytest.raises(InvalidInput, match="record the end of the infusion first"):
        record_line_flush(db, staff.nurse, session_id)
    clock.advance(minutes=60)
    chair.end_infusion(db, staff.nurse, session_id, 115)
    record_line_flush(db, staff.nurse, session_id)
    assert chair_view(db, staff.nurse, session_id).checklist.step(Step.LINE_FLUSH).done
