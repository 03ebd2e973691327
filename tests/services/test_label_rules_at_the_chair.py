"""Label-audit rules (issue 14) through the chair services: premedication by class."""

from __future__ import annotations

import pytest

from nurse_monitor.domain.checklist import PremedicationState
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from tests.storage.conftest import Staff

from .chair_walk import begin_initial


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
