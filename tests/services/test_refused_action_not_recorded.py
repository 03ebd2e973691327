"""An action refused for its role is audited as refused, and its id is not recorded with that
audit (review of issue 16, defect 11): `recorded_actions` says an action was recorded, so a
refused one there would later be told "Already recorded" on a retry."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import Database
from nurse_monitor.services.reassignment import reassign_session
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.storage.models import RecordedAction
from nurse_monitor.ui.station import Refusal, StationOps
from tests.services.chair_walk import begin_initial
from tests.storage.conftest import Staff


@pytest.fixture
def ops(qapp: Any, db: Database) -> Iterator[StationOps]:
    station_ops = StationOps(db)
    yield station_ops
    station_ops.detach()
    station_ops.deleteLater()


def test_a_refused_action_is_audited_but_not_recorded_as_done(
    db: Database, staff: Staff, alice: PatientRecord, ops: StationOps
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    with db.read() as s:
        before = s.scalar(select(func.count()).select_from(RecordedAction))

    done, refusal = ops.perform(
        reassign_session, staff.nurse, session.id, staff.charge.user_id, "a good reason"
    )

    assert not done
    assert isinstance(refusal, Refusal) and "may not reassign" in refusal.message
    assert any(e.action == "refused" for e in audit_trail(db, staff.charge))
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(RecordedAction)) == before
