"""Issue 16 defect 6: review cannot be bypassed. A signed session is amended only by its signer or
a charge nurse and goes back for review; nobody co-signs what they charted or amended; an
amendment moves the session's version on, and a co-signature on the version from before is
refused."""

from __future__ import annotations

import pytest

from nurse_monitor.services import amendments, audit, review
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import PermissionDenied, SessionChanged
from nurse_monitor.services.users import actor_by_username, create_user
from tests.storage.conftest import Staff

from .test_review import cosign, signed_id  # noqa: F401


def colleague(db: Database, staff: Staff, username: str, role: str) -> Actor:
    create_user(db, staff.admin, username=username, full_name=username.title(), role=role)
    return actor_by_username(db, username)


def vitals_of(db: Database, staff: Staff, session_id: int) -> int:
    view = chair_view(db, staff.charge, session_id)
    return next(t.event.id for t in view.timeline if t.event.type == "vitals")


def test_another_nurse_cannot_amend_a_signed_session(
    db: Database,
    staff: Staff,
    signed_id: int,  # noqa: F811
) -> None:
    other = colleague(db, staff, "nurse.z", "nurse")
    target = vitals_of(db, staff, signed_id)
    with pytest.raises(PermissionDenied, match="only the nurse who signed it or a charge nurse"):
        amendments.amend_session_entry(db, other, signed_id, target, "spo2", 97, "re-read")
    assert amendments.amendments_for_session(db, staff.nurse, signed_id) == []
    # The signer may; the session goes back for review.
    amendments.amend_session_entry(db, staff.nurse, signed_id, target, "spo2", 97, "re-read")


def test_an_amendment_moves_the_version_on_and_a_stale_cosign_is_refused(
    db: Database,
    staff: Staff,
    signed_id: int,  # noqa: F811
) -> None:
    seen = chair_view(db, staff.charge, signed_id).session.version
    target = vitals_of(db, staff, signed_id)
    amendments.amend_session_entry(db, staff.nurse, signed_id, target, "spo2", 97, "re-read")
    assert chair_view(db, staff.charge, signed_id).session.version > seen
    with pytest.raises(SessionChanged):
        review.cosign_session(db, staff.charge, signed_id, "ok", expected_version=seen)
    cosign(db, staff.charge, signed_id, "seen the amendment")
    [entry] = [
        e
        for e in audit.audit_trail(db, staff.charge, record_type="session", record_id=signed_id)
        if e.action == "cosign"
    ]
    assert entry.detail["version"] == chair_view(db, staff.charge, signed_id).session.version - 1


def test_an_amendment_on_a_stale_screen_is_refused(
    db: Database,
    staff: Staff,
    signed_id: int,  # noqa: F811
) -> None:
    seen = chair_view(db, staff.nurse, signed_id).session.version
    target = vitals_of(db, staff, signed_id)
    amendments.amend_session_entry(db, staff.nurse, signed_id, target, "spo2", 97, "re-read")
    with pytest.raises(SessionChanged):
        amendments.amend_session_entry(
            db, staff.nurse, signed_id, target, "spo2", 96, "again", expected_version=seen
        )


def test_a_charge_nurse_who_amended_a_session_cannot_cosign_it(
    db: Database,
    staff: Staff,
    signed_id: int,  # noqa: F811
) -> None:
    target = vitals_of(db, staff, signed_id)
    amendments.amend_session_entry(db, staff.charge, signed_id, target, "spo2", 97, "re-read")
    with pytest.raises(PermissionDenied, match="charted or amended this session"):
        cosign(db, staff.charge, signed_id)
    other = colleague(db, staff, "charge.z", "charge_nurse")
    cosign(db, other, signed_id)


def test_a_charge_nurse_who_charted_part_of_a_session_cannot_cosign_it(
    db: Database,
    staff: Staff,
    signed_id: int,  # noqa: F811
) -> None:
    with db.write() as s:  # the charge nurse recorded one reading while covering the chair
        from nurse_monitor.storage.models import SessionEvent

        event = s.get(SessionEvent, vitals_of(db, staff, signed_id))
        assert event is not None
        s.add(
            SessionEvent(
                session_id=signed_id,
                type="note",
                occurred_at=event.occurred_at,
                recorded_at=event.recorded_at,
                recorded_by_id=staff.charge.user_id,
                payload={"text": "covered the chair"},
            )
        )
    with pytest.raises(PermissionDenied, match="charted or amended this session"):
        cosign(db, staff.charge, signed_id)
