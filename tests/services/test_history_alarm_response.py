"""The history filter by alarm response time (issue 15): sessions whose alarm log shows a first
response (acknowledged, snoozed or ended) slower than N minutes after an alarm was raised."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from nurse_monitor.services import history
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.history import HistoryFilter
from nurse_monitor.services.seed import seed_sessions
from nurse_monitor.storage.models import AlarmLogEntry
from nurse_monitor.storage.repositories import alarm_log
from tests.storage.conftest import Staff

T = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def entry(session_id: int, minutes: float, what: str, by: str = "") -> AlarmLogEntry:
    return AlarmLogEntry(
        session_id=session_id,
        at=T + timedelta(minutes=minutes),
        what=what,
        priority="medium",
        reasons="vitals_overdue",
        by_name=by,
    )


@pytest.fixture
def logged(db: Database, staff: Staff) -> None:
    seed_sessions(db, 8, days=10, rng_seed=3, chunk=8)
    with db.write() as s:
        alarm_log.add_entries(
            s,
            [
                # 1: acknowledged after 7 min (then ended later).
                entry(1, 0, "raised"), entry(1, 7, "acknowledged", "A. Nurse"),
                entry(1, 20, "ended"),
                # 2: ended (the item done) after 3 min.
                entry(2, 0, "raised"), entry(2, 3, "ended"),
                # 3: still open, nobody has responded: no response time yet.
                entry(3, 0, "raised"),
                # 4: a quick episode, then one ended after 16 min.
                entry(4, 0, "raised"), entry(4, 1, "snoozed", "A. Nurse"), entry(4, 2, "ended"),
                entry(4, 60, "raised"), entry(4, 76, "ended"),
                # 5: a raise by the station during an episode is no response (escalation).
                entry(5, 0, "raised"), entry(5, 4, "raised"), entry(5, 12, "ended"),
            ],
        )  # fmt: skip


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(2, {1, 2, 4, 5}), (5, {1, 4, 5}), (10, {4, 5}), (15, {4}), (30, set())],
)
def test_sessions_whose_alarms_were_answered_slower_than_asked(
    db: Database, staff: Staff, logged: None, minutes: int, expected: set[int]
) -> None:
    f = HistoryFilter(slow_response_min=minutes)
    rows = history.history_page(db, staff.charge, f)
    assert {r.session_id for r in rows} == expected
    first = history.history_first_page(db, staff.charge, f)
    assert first.total == len(expected) == history.history_count(db, staff.charge, f)
    assert set(history.history_session_ids(db, staff.charge, f)) == expected
    # Combined with another filter: both apply.
    signed = HistoryFilter(slow_response_min=minutes, status="signed")
    assert {r.session_id for r in history.history_page(db, staff.charge, signed)} == {
        r.session_id for r in rows if r.status == "signed"
    }


def test_no_filter_still_lists_every_session(db: Database, staff: Staff, logged: None) -> None:
    assert len(history.history_page(db, staff.charge, HistoryFilter())) == 8


def test_the_alarm_log_is_read_once_whatever_the_page(
    db: Database, staff: Staff, logged: None
) -> None:
    statements: list[str] = []

    def seen(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        history.history_first_page(db, staff.charge, HistoryFilter(slow_response_min=5))
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert sum("alarm_log" in s for s in statements) == 1


@pytest.mark.parametrize("minutes", [0, -3, 721])
def test_a_response_time_out_of_range_is_refused(db: Database, staff: Staff, minutes: int) -> None:
    with pytest.raises(InvalidInput, match=r"Alarm response slower than.*1 to 720 minutes"):
        history.history_page(db, staff.charge, HistoryFilter(slow_response_min=minutes))
