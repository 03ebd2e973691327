"""A chair whose nurse has left stays marked "reassign" when its pump speaks: the board judges a
pump's report against the row it holds, and that judgement kept the record's alarms but dropped
the mark (two changes of this round met there)."""

from __future__ import annotations

from nurse_monitor.services.chair_board import NURSE_LEFT, chair_summaries, with_pump_reports
from nurse_monitor.services.database import Database
from nurse_monitor.services.pump_binding import bind_pump
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.storage.models import User
from tests.storage.conftest import Staff

from .chair_walk import begin_initial


def test_the_reassign_mark_survives_a_pump_report(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    bind_pump(db, staff.nurse, session.id, "E0001")
    with db.write() as s:  # the nurse leaves: her account is deactivated
        user = s.get(User, staff.nurse.user_id)
        assert user is not None
        user.active = False
    [chair] = chair_summaries(db, staff.charge)
    assert chair.nurse_left and NURSE_LEFT in chair.alerts

    [after] = with_pump_reports(db, staff.charge, [chair], {session.id})

    assert after.nurse_left and NURSE_LEFT in after.alerts
