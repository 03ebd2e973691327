"""Issue 16 defect 9: a station clock set back behind the newest entry hides nothing: a running
infusion still shows its rate and volume, the view says how far behind the clock is, and the
nurse can still pause and stop."""

from __future__ import annotations

from datetime import timedelta

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.session_record import Phase
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_board import chair_summaries
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from tests.services.chair_walk import NORMAL_VITALS, running_session
from tests.storage.conftest import Staff


def test_a_clock_an_hour_behind_shows_the_running_infusion_and_warns(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    clock.advance(minutes=20)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    before = chair_view(db, staff.nurse, session_id)
    clock.set(clock.now() - timedelta(hours=1))  # the station's clock jumps back
    view = chair_view(db, staff.nurse, session_id)
    assert view.status.phase is Phase.INFUSING
    assert view.status.rate_ml_h == 30 and view.status.volume_infused_ml > 0
    assert view.status.volume_infused_ml == before.status.volume_infused_ml  # 20 min at 30
    assert view.clock_behind == timedelta(hours=1)
    assert [c.session_id for c in chair_summaries(db, staff.nurse)] == [session_id]
    # Actions still work, timed no earlier than the newest entry.
    paused = chair.pause_infusion(db, staff.nurse, session_id, "line check")
    assert paused.occurred_at >= max(t.event.occurred_at for t in view.timeline)
    assert chair_view(db, staff.nurse, session_id).status.phase is Phase.PAUSED
    chair.stop_infusion(db, staff.nurse, session_id, "patient asked to stop")
    assert chair_view(db, staff.nurse, session_id).status.ended_at is not None


def test_a_clock_in_step_with_the_record_gives_no_warning(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session_id = running_session(db, staff.nurse, alice, clock)
    assert chair_view(db, staff.nurse, session_id).clock_behind is None
