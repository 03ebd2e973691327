"""A session whose nurse has left is reassigned by a charge nurse, and recorded (issue 16, 15)."""

from __future__ import annotations

import pytest

from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, PermissionDenied
from nurse_monitor.services.reassignment import reassign_session
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.storage.models import User
from tests.storage.conftest import Staff

from .chair_walk import begin_initial


def leaves(db: Database, user_id: int) -> None:
    with db.write() as s:
        user = s.get(User, user_id)
        assert user is not None
        user.active = False


def test_a_charge_nurse_gives_an_orphaned_session_to_another_nurse(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    leaves(db, staff.nurse.user_id)
    with pytest.raises(PermissionDenied):  # before: nobody but the nurse who left could sign
        chair.sign_session(db, staff.charge, session.id)
    moved = reassign_session(db, staff.charge, session.id, staff.charge.user_id, "Ana has left")
    assert moved.nurse_id == staff.charge.user_id
    assert moved.version > session.version
    entry = [e for e in audit_trail(db, staff.charge) if e.action == "reassign"][-1]
    assert entry.record_id == session.id
    assert entry.detail == {
        "from_user_id": staff.nurse.user_id,
        "to_user_id": staff.charge.user_id,
        "reason": "Ana has left",
    }


def test_only_a_charge_nurse_and_only_an_orphaned_session(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    with pytest.raises(PermissionDenied):
        reassign_session(db, staff.nurse, session.id, staff.charge.user_id, "taking it over")
    with pytest.raises(InvalidInput, match="still works here"):
        reassign_session(db, staff.charge, session.id, staff.charge.user_id, "taking it over")
    leaves(db, staff.nurse.user_id)
    with pytest.raises(InvalidInput, match="active nurse"):
        reassign_session(db, staff.charge, session.id, staff.admin.user_id, "to the admin")
    with pytest.raises(InvalidInput) as refused:
        reassign_session(db, staff.charge, session.id, staff.charge.user_id, "")
    assert refused.value.field == "Reason"
