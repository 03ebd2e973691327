"""`recorded_actions` (issue 16, defect 11) is append-only like the record: an action's id, once
recorded, can be neither changed nor removed (which would let a retry record it twice)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

from nurse_monitor.services import action_ids
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.database import Database
from tests.services.chair_walk import NORMAL_VITALS

from .conftest import Staff
from .ledger_rows import one_row_in_each


def one_recorded_action(db: Database, staff: Staff) -> str:
    session_id = one_row_in_each(db, staff)
    action_id = action_ids.new_action_id()
    with db.actions.performing(action_id, "record_vitals", staff.nurse.user_id):
        chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    return action_id


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE recorded_actions SET id = 'another'",
        "DELETE FROM recorded_actions",
    ],
)
def test_the_database_refuses_to_change_or_remove_a_recorded_action(
    db: Database, staff: Staff, owner_engine: Engine, statement: str
) -> None:
    action_id = one_recorded_action(db, staff)
    with pytest.raises(DatabaseError, match="append-only"), owner_engine.begin() as conn:
        conn.execute(text(statement))
    with db.engine.connect() as conn:
        kept = conn.execute(text("SELECT id FROM recorded_actions")).scalars().all()
    assert kept == [action_id]


def test_postgresql_refuses_to_empty_recorded_actions(
    db: Database, staff: Staff, owner_engine: Engine
) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    one_recorded_action(db, staff)
    with pytest.raises(DatabaseError, match="append-only"), owner_engine.begin() as conn:
        conn.execute(text("TRUNCATE recorded_actions"))
