"""A chair holds one patient: a second booking is refused, on both databases and when two
stations book the same chair at the same moment."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import patients
from nurse_monitor.services.chair_board import chair_summaries
from nurse_monitor.services.chair_occupancy import chairs_in_use
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.sessions import SessionPlan, plan_session
from tests.services.chair_walk import begin_initial
from tests.services.conftest import ALICE
from tests.storage.conftest import Staff

DANIEL = replace(
    ALICE,
    record_number="MRN-100871",
    family_name="Okafor",
    given_name="Daniel",
    date_of_birth=date(1979, 11, 3),
    sex="male",
)


def test_an_occupied_chair_is_refused_naming_who_is_in_it(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    daniel = patients.register_patient(db, staff.nurse, DANIEL)
    begin_initial(db, staff.nurse, alice, "Chair 1")
    for typed in ("Chair 1", "  chair 1 "):
        with pytest.raises(InvalidInput) as refused:
            begin_initial(db, staff.nurse, daniel, typed)
        assert refused.value.field == "Chair"
        assert "Chair 1 is in use: Morgan, Alice (MRN-100234)" in str(refused.value)
    with pytest.raises(InvalidInput, match="Chair 1 is in use"):
        plan_session(
            db, staff.nurse, SessionPlan(daniel.id, "ocrevus-iv-initial", 1, "Chair 1", 300)
        )
    begin_initial(db, staff.nurse, daniel, "Chair 2")
    in_use = {c.chair: c.patient for c in chairs_in_use(db, staff.nurse)}
    assert in_use == {
        "Chair 1": "Morgan, Alice (MRN-100234)",
        "Chair 2": "Okafor, Daniel (MRN-100871)",
    }
    assert sorted(c.chair for c in chair_summaries(db, staff.nurse)) == ["Chair 1", "Chair 2"]


def test_two_stations_booking_one_chair_at_once_get_one_booking(
    database_url: str, db: Database, staff: Staff, clock: FakeClock
) -> None:
    stations = 6
    people = [
        patients.register_patient(
            db,
            staff.nurse,
            replace(ALICE, record_number=f"MRN-2000{n}", family_name=f"Family{n}"),
        )
        for n in range(stations)
    ]
    databases = [open_database(database_url, clock) for _ in range(stations)]
    barrier = threading.Barrier(stations)
    outcomes: list[str] = []

    def book(station: Database, patient: PatientRecord) -> None:
        barrier.wait()
        try:
            begin_initial(station, staff.nurse, patient, "Chair 5")
            outcomes.append("booked")
        except InvalidInput as refusal:
            outcomes.append(refusal.field)

    threads = [
        threading.Thread(target=book, args=(station, patient))
        for station, patient in zip(databases, people, strict=True)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for station in databases:
            station.close()
    assert sorted(outcomes) == ["Chair"] * (stations - 1) + ["booked"]
    assert [c.chair for c in chairs_in_use(db, staff.nurse)] == ["Chair 5"]
