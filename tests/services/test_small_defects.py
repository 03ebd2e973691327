"""Issue 16 defect 16, the smaller ones: an empty handoff export is audited; patient search
takes % and _ literally; a vital sign timed long before its session is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import patients
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.exports import export_handoff
from nurse_monitor.services.records import PatientRecord
from tests.services.chair_walk import NORMAL_VITALS, begin_initial
from tests.services.conftest import ALICE
from tests.storage.conftest import Staff


def test_a_handoff_export_with_no_open_chairs_is_audited(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    export_handoff(db, staff.charge, tmp_path / "handoff.pdf", lambda chairs: b"%PDF-1.4 empty")
    [entry] = [e for e in audit_trail(db, staff.charge) if e.action == "export"]
    assert entry.detail["format"] == "handoff" and entry.detail["chairs"] == 0


def test_patient_search_takes_percent_and_underscore_literally(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    patients.register_patient(
        db, staff.nurse, replace(ALICE, record_number="MRN-200", family_name="Per_cent 100%")
    )
    # Alice Morgan matches neither: before, "%" and "_" matched every name.
    assert [p.family_name for p in patients.find_patients(db, staff.nurse, "%")] == [
        "Per_cent 100%"
    ]
    assert [p.family_name for p in patients.find_patients(db, staff.nurse, "_")] == [
        "Per_cent 100%"
    ]
    assert [p.family_name for p in patients.find_patients(db, staff.nurse, "M_rgan")] == []


def test_a_vital_sign_timed_a_year_before_the_session_is_refused(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    with pytest.raises(InvalidInput, match="Time"):
        chair.record_vitals(
            db, staff.nurse, session.id, NORMAL_VITALS, taken_at=clock.now() - timedelta(days=365)
        )
    assert chair.record_vitals(
        db, staff.nurse, session.id, NORMAL_VITALS, taken_at=clock.now() - timedelta(minutes=10)
    )
