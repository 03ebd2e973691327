"""Times a nurse reads in the chair's alerts and refusals are the station's local wall time, never
UTC with a "UTC" label (the house rule: the nurse reads local times)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from nurse_monitor.clock import STATION_ZONE, FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_start import begin_session
from tests.services.chair_walk import initial_request, prepare_to_start, running_session
from tests.services.test_local_dates import at_local
from tests.storage.conftest import Staff

SYDNEY = "Australia/Sydney"


def local(moment: datetime, zone: ZoneInfo) -> str:
    return f"{moment.astimezone(zone):%H:%M}"


@pytest.mark.parametrize("station_zone", [SYDNEY], indirect=True)
def test_the_station_zone_follows_the_operating_system_at_each_moment(
    station_zone: ZoneInfo,
) -> None:
    for moment in (datetime(2026, 1, 10, 3, tzinfo=UTC), datetime(2026, 7, 10, 3, tzinfo=UTC)):
        ours = moment.astimezone(STATION_ZONE)
        theirs = moment.astimezone(station_zone)
        assert ours.replace(tzinfo=None) == theirs.replace(tzinfo=None)  # summer +11, winter +10
        assert ours.utcoffset() == theirs.utcoffset()
        assert ours.astimezone(UTC) == moment


@pytest.mark.parametrize("station_zone", [SYDNEY], indirect=True)
def test_overdue_vital_signs_say_the_local_time_they_were_due(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, station_zone: ZoneInfo
) -> None:
    at_local(clock, station_zone, date(2026, 6, 10), 9)
    session_id = running_session(db, staff.nurse, alice, clock)
    due = chair_view(db, staff.nurse, session_id).status.vitals_due_at
    assert due is not None
    clock.set(due + timedelta(minutes=20))
    alert = next(
        a
        for a in chair_view(db, staff.nurse, session_id).status.alerts
        if a.code == "vitals_overdue"
    )
    assert alert.message == f"Vital signs overdue since {local(due, station_zone)}"
    assert local(due, station_zone) != f"{due:%H:%M}"  # the UTC time would read differently


@pytest.mark.parametrize("station_zone", [SYDNEY], indirect=True)
def test_waiting_for_the_premedication_says_the_local_time_the_start_is_allowed(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, station_zone: ZoneInfo
) -> None:
    at_local(clock, station_zone, date(2026, 6, 10), 9)
    session = begin_session(db, staff.nurse, initial_request(alice))
    prepare_to_start(db, staff.nurse, clock, session.id)
    allowed = clock.now()
    clock.set(allowed - timedelta(minutes=10))
    with pytest.raises(InvalidInput) as refused:
        chair.start_infusion(db, staff.nurse, session.id, 30)
    assert f"Wait until {local(allowed, station_zone)}: antihistamine" in str(refused.value)
    assert "UTC" not in str(refused.value)


@pytest.mark.parametrize("station_zone", [SYDNEY], indirect=True)
def test_a_second_open_session_is_refused_with_the_local_time_the_first_began(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, station_zone: ZoneInfo
) -> None:
    at_local(clock, station_zone, date(2026, 6, 10), 9)
    first = begin_session(db, staff.nurse, initial_request(alice))
    with pytest.raises(InvalidInput) as refused:
        begin_session(db, staff.nurse, initial_request(alice, chair="Chair 5"))
    assert f"(started {local(first.created_at, station_zone)})" in str(refused.value)
    assert "UTC" not in str(refused.value)
