"""Repositories and services over both backends: append-only events, amendments, roles, versions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import amendments, audit, patients, sessions, users
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.errors import (
    InvalidInput,
    NotFound,
    PermissionDenied,
    SessionChanged,
)
from nurse_monitor.storage.append_only import AppendOnlyViolation
from nurse_monitor.storage.models import SessionEvent
from nurse_monitor.storage.repositories import sessions as session_repo
from tests.services.chair_walk import NORMAL_VITALS

from .conftest import Staff, make_staff

ALICE = patients.NewPatient(
    record_number="mrn-100234",
    family_name="Morgan",
    given_name="Alice",
    date_of_birth=date(1984, 5, 12),
    sex="female",
    weight_kg=68.0,
    allergies="Penicillin",
)


def planned_session(db: Database, staff: Staff) -> sessions.SessionRecord:
    patient = patients.register_patient(db, staff.nurse, ALICE)
    return sessions.plan_session(
        db,
        staff.nurse,
        sessions.SessionPlan(
            patient_id=patient.id,
            protocol_id="ocrevus-iv-initial",
            infusion_number=1,
            chair="Chair 3",
            dose_mg=300,
            bag_volume_ml=250,
        ),
    )


def test_patients_register_and_are_found_by_number_or_name(db: Database, staff: Staff) -> None:
    alice = patients.register_patient(db, staff.nurse, ALICE)
    assert alice.record_number == "MRN-100234"
    assert [p.id for p in patients.find_patients(db, staff.nurse, "mrn-1002")] == [alice.id]
    assert [p.id for p in patients.find_patients(db, staff.nurse, "alice morg")] == [alice.id]
    assert patients.find_patients(db, staff.nurse, "nobody") == []
    with pytest.raises(InvalidInput, match="Record number: MRN-100234 already belongs"):
        patients.register_patient(db, staff.nurse, ALICE)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"record_number": "x"}, "Record number"),
        ({"family_name": " "}, "Family name"),
        ({"date_of_birth": date(2030, 1, 1)}, "Date of birth"),
        ({"sex": "robot"}, "Sex"),
        ({"weight_kg": 12.0}, "Weight"),
    ],
)
def test_bad_patient_fields_are_named_and_nothing_is_written(
    db: Database, staff: Staff, change: dict[str, object], field: str
) -> None:
    from dataclasses import replace

    with pytest.raises(InvalidInput) as refused:
        patients.register_patient(db, staff.nurse, replace(ALICE, **change))  # type: ignore[arg-type]
    assert refused.value.field == field
    assert patients.find_patients(db, staff.nurse, "Morgan") == []


def test_events_are_kept_in_order_and_stamped(db: Database, staff: Staff, clock: FakeClock) -> None:
    session = planned_session(db, staff)
    clock.advance(minutes=5)
    later = chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    earlier = chair.record_premedication(
        db,
        staff.nurse,
        session.id,
        drug="methylprednisolone",
        dose="100 mg",
        route="IV",
        given_at=clock.now() - timedelta(minutes=4),
    )
    events = sessions.session_events(db, staff.nurse, session.id)
    assert [e.id for e in events] == [earlier.id, later.id]
    assert events[1].recorded_at == clock.now()
    assert events[1].occurred_at.tzinfo is not None
    assert events[0].recorded_by_id == staff.nurse.user_id


def test_events_cannot_be_changed_or_deleted_through_the_orm(db: Database, staff: Staff) -> None:
    session = planned_session(db, staff)
    event = chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    with pytest.raises(AppendOnlyViolation), db.write() as s:
        row = s.get(SessionEvent, event.id)
        assert row is not None
        row.payload = {**event.payload, "heart_rate": 200}
    with pytest.raises(AppendOnlyViolation), db.write() as s:
        row = s.get(SessionEvent, event.id)
        s.delete(row)
    assert sessions.session_events(db, staff.nurse, session.id)[0].payload == event.payload


def test_the_database_itself_refuses_to_rewrite_events(
    db: Database, staff: Staff, owner_engine: Engine
) -> None:
    session = planned_session(db, staff)
    chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    for statement in (
        "UPDATE session_events SET type = 'paused'",
        "DELETE FROM session_events",
    ):
        with pytest.raises(DatabaseError, match="append-only"), owner_engine.begin() as conn:
            conn.execute(text(statement))
    assert len(sessions.session_events(db, staff.nurse, session.id)) == 1


def test_no_repository_function_updates_or_deletes_events() -> None:
    public = [name for name in dir(session_repo) if not name.startswith("_")]
    verbs = ("update", "delete", "remove", "edit", "replace", "set_")
    assert not [n for n in public if any(v in n for v in verbs)]


def test_an_amendment_inserts_and_keeps_the_original(
    db: Database, staff: Staff, clock: FakeClock
) -> None:
    session = planned_session(db, staff)
    event = chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    clock.advance(minutes=2)
    first = amendments.amend_event(db, staff.nurse, event.id, "heart_rate", 80, "typed 72 for 80")
    second = amendments.amend_event(db, staff.nurse, event.id, "heart_rate", 81, "monitor said 81")
    assert (first.original_value, first.new_value) == (72, 80)
    assert (second.original_value, second.new_value) == (80, 81)
    assert sessions.session_events(db, staff.nurse, session.id)[0].payload == event.payload
    assert [a.id for a in amendments.amendments_for_session(db, staff.nurse, session.id)] == [
        first.id,
        second.id,
    ]
    with pytest.raises(InvalidInput, match="Reason"):
        amendments.amend_event(db, staff.nurse, event.id, "heart_rate", 50, " ")
    with pytest.raises(InvalidInput, match="Field"):
        amendments.amend_event(db, staff.nurse, event.id, "volume", 50, "wrong field")
    with pytest.raises(NotFound):
        amendments.amend_event(db, staff.nurse, 999_999, "heart_rate", 50, "no such event")


def test_roles_are_enforced_in_services(db: Database, staff: Staff) -> None:
    with pytest.raises(PermissionDenied, match="may not manage users"):
        users.create_user(db, staff.nurse, username="x", full_name="X", role="nurse")
    with pytest.raises(PermissionDenied, match="may not register patients"):
        patients.register_patient(db, staff.admin, ALICE)
    with pytest.raises(PermissionDenied, match="may not read the audit log"):
        audit.audit_trail(db, staff.nurse)
    created = users.create_user(
        db,
        staff.admin,
        username="new.rn",
        full_name="New RN",
        role="nurse",
        password="long-enough-passphrase",
    )
    assert created.role == "nurse"


def test_actions_write_audit_entries(db: Database, staff: Staff) -> None:
    session = planned_session(db, staff)
    event = chair.record_vitals(db, staff.nurse, session.id, NORMAL_VITALS)
    amendments.amend_event(db, staff.nurse, event.id, "heart_rate", 60, "typo")
    trail = audit.audit_trail(db, staff.charge)
    actions = [(e.action, e.record_type) for e in reversed(trail)]
    assert actions == [("create", "patient"), ("create", "session"), ("amend", "event")]
    assert all(e.user_id == staff.nurse.user_id for e in trail)


def test_a_stale_version_is_told_the_session_changed(db: Database, staff: Staff) -> None:
    session = planned_session(db, staff)
    first = chair.record_vitals(
        db, staff.nurse, session.id, NORMAL_VITALS, expected_version=session.version
    )
    assert first.session_id == session.id
    with pytest.raises(SessionChanged, match="changed at another station"):
        chair.record_vitals(
            db, staff.nurse, session.id, NORMAL_VITALS, expected_version=session.version
        )
    assert sessions.session_by_id(db, staff.nurse, session.id).version == session.version + 1
    assert len(sessions.session_events(db, staff.nurse, session.id)) == 1


def test_two_stations_writing_the_same_session_never_overwrite(
    postgres_database_url: str, clock: FakeClock
) -> None:
    """Interleaved transactions happen on PostgreSQL; SQLite serialises writers (BEGIN IMMEDIATE)
    and relies on the version check above."""
    db = open_database(postgres_database_url, clock)
    staff = make_staff(db)
    session = planned_session(db, staff)
    other_station = open_database(postgres_database_url, clock)
    try:
        # Both stations load the row; station B commits first; station A's flush must fail.
        with pytest.raises(SessionChanged), db.write() as s:
            row = session_repo.session_by_id(s, session.id)
            assert row is not None
            chair.record_vitals(other_station, staff.nurse, session.id, NORMAL_VITALS)
            sessions.append(s, row, staff.nurse, "paused", clock.now(), clock.now(), {})
        types = [e.type for e in sessions.session_events(db, staff.nurse, session.id)]
        assert types == ["vitals"]
    finally:
        other_station.close()
        db.close()
