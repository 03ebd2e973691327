"""Values no database may hold are refused before any SQL, naming the field, on both databases
(issue 16, defect 11): PostgreSQL raised a raw DataError, SQLite silently kept them."""

from __future__ import annotations

import pytest

from nurse_monitor.services import amendments, users
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from tests.services.chair_walk import NORMAL_VITALS

from .conftest import Staff
from .ledger_rows import one_row_in_each


def a_vitals_entry(db: Database, staff: Staff) -> tuple[int, int]:
    session_id = one_row_in_each(db, staff)
    event = chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    return session_id, event.id


def test_a_nul_character_in_a_reason_is_refused(db: Database, staff: Staff) -> None:
    session_id, event_id = a_vitals_entry(db, staff)
    before = amendments.amendments_for_session(db, staff.nurse, session_id)
    with pytest.raises(InvalidInput) as refused:
        amendments.amend_event(db, staff.nurse, event_id, "systolic", 121, "misread\x00 it")
    assert refused.value.field == "Reason"
    assert amendments.amendments_for_session(db, staff.nurse, session_id) == before


def test_nan_in_an_amended_value_is_refused(db: Database, staff: Staff) -> None:
    session_id = one_row_in_each(db, staff)
    given = chair.record_premedication(
        db, staff.nurse, session_id, drug="methylprednisolone", dose="100 mg", route="IV"
    )
    before = amendments.amendments_for_session(db, staff.nurse, session_id)
    with pytest.raises(InvalidInput):
        amendments.amend_event(
            db, staff.nurse, given.id, "dose", float("nan"), "wrong dose written"
        )
    assert amendments.amendments_for_session(db, staff.nurse, session_id) == before


def test_a_value_longer_than_its_column_is_refused(db: Database, staff: Staff) -> None:
    with pytest.raises(InvalidInput) as refused:
        users.create_user(
            db,
            staff.admin,
            username="long.name",
            full_name="N" * 201,
            role="nurse",
        )
    assert refused.value.field == "Full name"
    assert "at most 200 characters" in str(refused.value)
    assert "long.name" not in {u.username for u in users.list_users(db, staff.admin)}


def test_an_amended_text_longer_than_allowed_is_refused_with_the_field_named(
    db: Database, staff: Staff
) -> None:
    session_id = one_row_in_each(db, staff)
    given = chair.record_premedication(
        db, staff.nurse, session_id, drug="methylprednisolone", dose="100 mg", route="IV"
    )
    before = amendments.amendments_for_session(db, staff.nurse, session_id)
    with pytest.raises(InvalidInput) as refused:
        amendments.amend_event(db, staff.nurse, given.id, "dose", "1" * 100_000, "typed twice")
    assert refused.value.field.lower() in {"dose", "new value"}
    assert amendments.amendments_for_session(db, staff.nurse, session_id) == before


def test_a_nul_character_in_an_amended_value_is_refused(db: Database, staff: Staff) -> None:
    session_id = one_row_in_each(db, staff)
    given = chair.record_premedication(
        db, staff.nurse, session_id, drug="methylprednisolone", dose="100 mg", route="IV"
    )
    before = amendments.amendments_for_session(db, staff.nurse, session_id)
    with pytest.raises(InvalidInput):
        amendments.amend_event(db, staff.nurse, given.id, "dose", "100\x00 mg", "wrong dose")
    assert amendments.amendments_for_session(db, staff.nurse, session_id) == before
