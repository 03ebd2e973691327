"""Which infusions the follow-up worklist looks at: those ended in the look-back window, and
older ones with follow-up entries of their own (read as a union of two index searches)."""

from __future__ import annotations

from datetime import date, timedelta

from nurse_monitor.clock import FakeClock, local_date
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import record_attempt
from nurse_monitor.services.follow_ups import LOOKBACK_DAYS, follow_ups_near
from nurse_monitor.services.records import PatientRecord
from tests.storage.conftest import Staff

from .follow_up_walk import signed_session


def test_an_old_infusion_stays_only_with_entries_of_its_own(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = signed_session(db, staff, alice, clock)
    infused_on = local_date(clock.now())
    later = infused_on + timedelta(days=LOOKBACK_DAYS + 10)

    def looked_at(day: date) -> list[int]:
        return [i.session_id for i in follow_ups_near(db, day, MONDAY_TO_FRIDAY)]

    assert looked_at(infused_on + timedelta(days=1)) == [session_id]  # ended in the window
    assert looked_at(later) == []  # ended before it, nothing of its own
    record_attempt(db, staff.nurse, session_id, "no answer", MONDAY_TO_FRIDAY)
    assert looked_at(later) == [session_id]  # its own entries keep it
