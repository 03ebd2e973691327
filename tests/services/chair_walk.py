"""A nurse's walk through the checklist, shared by service and GUI tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_carry import DelayedAnswer
from nurse_monitor.services.records import PatientRecord, SessionRecord
from nurse_monitor.services.session_start import BeginSession, begin_session

NORMAL_VITALS = {
    "systolic": 124,
    "diastolic": 78,
    "heart_rate": 72,
    "respiratory_rate": 16,
    "temperature_c": 36.8,
    "spo2": 98,
    "on_oxygen": False,
    "consciousness": "A",
}
NO_CONCERNS = {
    "active_infection": False,
    "hepatitis_b_screened": True,
    "immunoglobulins_tested": True,
    "liver_tests_done": True,
    "active_hepatitis_b": False,
    "vaccines": False,
    "pregnancy_or_breastfeeding": False,
    "immune_modifying_medicines": False,
    "prior_life_threatening_reaction": False,
}


def initial_request(patient: PatientRecord, **changes: Any) -> BeginSession:
    """What the start dialog sends for an initial Ocrevus infusion (300 mg in 260 mL, vial H0123B)
    for `patient`, identity stated as recorded; `changes` are the fields a test varies."""
    request = BeginSession(
        patient_id=patient.id,
        stated_family_name=patient.family_name,
        stated_date_of_birth=patient.date_of_birth,
        protocol_id="ocrevus-iv-initial",
        infusion_number=1,
        chair="Chair 3",
        dose_mg=300,
        bag_volume_ml=260,
        lot_number="H0123B",
        lot_expiry=date(2027, 1, 31),
        weight_kg=68,
    )
    return replace(request, **changes)


def standard_request(patient: PatientRecord, infusion_number: int, **changes: Any) -> BeginSession:
    """A standard-dose Ocrevus infusion (600 mg in 500 mL), number 3 or later."""
    standard = {"protocol_id": "ocrevus-iv-standard", "dose_mg": 600, "bag_volume_ml": 500}
    return initial_request(patient, **{**standard, "infusion_number": infusion_number, **changes})


def natalizumab_request(patient: PatientRecord) -> BeginSession:
    """A natalizumab infusion (number 3: no first-dose checks): 300 mg in 115 mL, vial N77."""
    return initial_request(
        patient,
        protocol_id="natalizumab",
        infusion_number=3,
        chair="Chair 5",
        bag_volume_ml=115,
        lot_number="N77",
        lot_expiry=date(2027, 6, 30),
    )


def begin_initial(
    db: Database,
    nurse: Actor,
    patient: PatientRecord,
    chair_name: str = "Chair 3",
    early_dose_reason: str = "",
    early_dose_prescriber: str = "",
) -> SessionRecord:
    return begin_session(
        db,
        nurse,
        initial_request(
            patient,
            chair=chair_name,
            early_dose_reason=early_dose_reason,
            early_dose_prescriber=early_dose_prescriber,
        ),
    )


def prepare_to_start(
    db: Database,
    nurse: Actor,
    clock: FakeClock,
    session_id: int,
    delayed: DelayedAnswer | None = None,
) -> None:
    """Screening, baseline vitals, IV, premedications and drug check, then wait for the start.
    `delayed`: the answer to "delayed reaction after the last infusion", when it is asked."""
    chair.record_screening(db, nurse, session_id, NO_CONCERNS, {}, delayed=delayed)
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    chair.record_iv_access(
        db, nurse, session_id, site="forearm", side="left", gauge=22, attempts=1, placed_by="D. W."
    )
    chair.record_premedication(
        db, nurse, session_id, drug="methylprednisolone", dose="100 mg", route="IV"
    )
    chair.record_premedication(
        db, nurse, session_id, drug="diphenhydramine", dose="50 mg", route="IV"
    )
    chair.verify_drug(db, nurse, session_id, lot_number="H0123B", expiry=date(2027, 1, 31))
    view = chair_view(db, nurse, session_id)
    assert view.checklist.earliest_start_at is not None
    clock.set(view.checklist.earliest_start_at)


def started(
    db: Database,
    nurse: Actor,
    clock: FakeClock,
    request: BeginSession,
    rate_ml_h: float = 30,
    reason: str = "",
    delayed: DelayedAnswer | None = None,
) -> SessionRecord:
    """The session `request` begins (its record as begun), made ready (`delayed`: the answer to
    the delayed-reaction question, when asked), started at `rate_ml_h`."""
    session = begin_session(db, nurse, request)
    prepare_to_start(db, nurse, clock, session.id, delayed)
    chair.start_infusion(db, nurse, session.id, rate_ml_h, reason)
    return session


def begin_running(
    db: Database, nurse: Actor, patient: PatientRecord, clock: FakeClock, rate_ml_h: float = 30
) -> SessionRecord:
    """An initial Ocrevus session begun (its record as begun), ready, started at `rate_ml_h`."""
    return started(db, nurse, clock, initial_request(patient), rate_ml_h)


def running_session(
    db: Database, nurse: Actor, patient: PatientRecord, clock: FakeClock, rate_ml_h: float = 30
) -> int:
    """An initial Ocrevus session made ready and started at `rate_ml_h`; its id."""
    return begin_running(db, nurse, patient, clock, rate_ml_h).id


def titrate_to_the_end(db: Database, nurse: Actor, clock: FakeClock, session_id: int) -> None:
    """Vitals when due, each rate step when ready, until the bag is empty."""
    for _ in range(400):
        view = chair_view(db, nurse, session_id)
        status = view.status
        if status.volume_infused_ml >= view.facts.bag_volume_ml - 0.05:
            return
        if status.vitals_due_at is not None and status.vitals_due_at <= clock.now():
            chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
            continue
        if status.next_rate_ready and status.next_rate_ml_h is not None:
            chair.change_rate(db, nurse, session_id, status.next_rate_ml_h, "titration")
            continue
        clock.advance(timedelta(minutes=1))
    raise AssertionError("the bag never emptied")


def give_take_home_sheet(db: Database, nurse: Actor, session_id: int) -> None:
    """The discharge checklist's take-home step: the sheet saved for the patient."""
    from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
    from nurse_monitor.services.take_home import record_take_home, take_home_sheet

    sheet = take_home_sheet(db, nurse, session_id, MONDAY_TO_FRIDAY)
    record_take_home(db, nurse, session_id, sheet)
