"""Issue 16 defect 5: "today" is the station's local date from the injected clock, never the UTC
date: vial expiry, next dose, the protocol's due dates and a patient's birth date."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from nurse_monitor.clock import FakeClock, local_date
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import patients
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_start import begin_session
from tests.services.chair_walk import initial_request, running_session
from tests.services.conftest import ALICE
from tests.storage.conftest import Staff


def at_local(clock: FakeClock, zone: ZoneInfo, day: date, hour: int) -> date:
    """Set the clock to `hour`:00 local on `day`; returns the UTC date at that moment."""
    moment = datetime(day.year, day.month, day.day, hour, tzinfo=zone).astimezone(UTC)
    clock.set(moment)
    return moment.date()


def begin(db: Database, staff: Staff, patient: PatientRecord, expiry: date) -> None:
    begin_session(db, staff.nurse, initial_request(patient, chair="Chair 1", lot_expiry=expiry))


@pytest.mark.parametrize("station_zone", ["Australia/Sydney"], indirect=True)
def test_sydney_at_nine_refuses_a_vial_that_expired_yesterday(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, station_zone: ZoneInfo
) -> None:
    today = date(2026, 6, 10)
    utc_day = at_local(clock, station_zone, today, 9)
    assert utc_day == today - timedelta(days=1)  # the UTC date is still yesterday
    with pytest.raises(InvalidInput, match="Expiry"):
        begin(db, staff, alice, today - timedelta(days=1))


@pytest.mark.parametrize("station_zone", ["America/New_York"], indirect=True)
def test_new_york_at_eight_pm_accepts_a_vial_that_expires_today(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, station_zone: ZoneInfo
) -> None:
    today = date(2026, 6, 10)
    assert at_local(clock, station_zone, today, 20) == today + timedelta(days=1)
    begin(db, staff, alice, today)


@pytest.mark.parametrize(
    ("station_zone", "hour"),
    [("Australia/Sydney", 9), ("Pacific/Kiritimati", 8), ("Pacific/Pago_Pago", 15)],
    indirect=["station_zone"],
)
def test_the_next_dose_must_be_after_the_local_today(
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    station_zone: ZoneInfo,
    hour: int,
) -> None:
    at_local(clock, station_zone, date(2026, 6, 10), hour)
    session_id = running_session(db, staff.nurse, alice, clock)
    today = local_date(clock.now())
    assert today != clock.now().date()  # the UTC date differs: the case that went wrong
    everything = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]
    with pytest.raises(InvalidInput, match="Next dose"):
        chair.record_teaching(db, staff.nurse, session_id, everything, today)
    chair.record_teaching(db, staff.nurse, session_id, everything, today + timedelta(days=1))


@pytest.mark.parametrize("station_zone", ["Pacific/Kiritimati"], indirect=True)
def test_a_patient_born_today_local_time_can_be_registered(
    db: Database, staff: Staff, clock: FakeClock, station_zone: ZoneInfo
) -> None:
    today = date(2026, 6, 10)
    at_local(clock, station_zone, today, 8)  # UTC+14: the UTC date is yesterday
    patients.register_patient(db, staff.nurse, replace(ALICE, date_of_birth=today))
