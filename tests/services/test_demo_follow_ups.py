"""The demo record: yesterday's sessions leave follow-up calls due today, one already made with
an amber result; seeding again adds nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from nurse_monitor.clock import FakeClock, local_date
from nurse_monitor.demo.seed import seed_demo
from nurse_monitor.domain.follow_up import Status
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.services.database import open_database, sqlite_url_for
from nurse_monitor.services.follow_ups import follow_up_worklist
from nurse_monitor.services.site_settings import centre_settings
from nurse_monitor.storage.models import FollowUpEntry


def test_the_demo_has_calls_due_today_and_one_amber_call_done(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = open_database(sqlite_url_for(tmp_path / "demo.db"), clock)
    try:
        nurse = seed_demo(db)
        today = local_date(clock.now())
        items = follow_up_worklist(db, nurse, today, MONDAY_TO_FRIDAY, with_closed=True)
        yesterday = [i for i in items if (today - i.infusion_on).days == 1]
        assert any(i.status is Status.DUE for i in yesterday)
        done = [i for i in yesterday if i.status is Status.DONE]
        assert len(done) == 1
        assert done[0].outcome is not None and done[0].outcome.colour == "amber"
        assert all(i.phone for i in items)
        assert centre_settings(db).phone
        with db.read() as s:
            written = s.scalar(select(func.count()).select_from(FollowUpEntry))
        seed_demo(db)
        with db.read() as s:
            assert s.scalar(select(func.count()).select_from(FollowUpEntry)) == written
    finally:
        db.close()
