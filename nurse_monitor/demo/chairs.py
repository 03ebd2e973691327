"""Demo chairs mid-infusion, recorded through the real services on the demo's own clock, set back
to the morning and moved forward as the nurse's day went, so every screen has something true to
show: one infusing, one with a reaction, one in observation, one waiting to start.

The vital signs wander a little around each patient's own baseline (a steady 122/76 for hours
reads as made up); the numbers are ordinary adult values, not clinical thresholds (ours).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from nurse_monitor.clock import FakeClock
from nurse_monitor.domain.session_record import Phase
from nurse_monitor.pump_simulator import PumpMoment, pcd01
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.patients import find_patients
from nurse_monitor.services.protocol_library import protocol
from nurse_monitor.services.pump_binding import bind_pump
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.services.session_start import BeginSession, begin_session, protocol_options

STEADY = {
    "systolic": 122,
    "diastolic": 76,
    "heart_rate": 74,
    "respiratory_rate": 16,
    "temperature_c": 36.7,
    "spo2": 98,
    "on_oxygen": False,
    "consciousness": "alert",
}
TEACHING = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]
LOT = "H0123B"  # as a vial's lot is printed; its expiry is months ahead (vial_expiry)
SHELF_LIFE_DAYS = 200  # ours: a vial in the demo has about half a year left


@dataclass(frozen=True)
class DemoChair:
    record_number: str
    chair: str
    minutes_ago: int  # when the nurse started checking the patient in
    until: str  # "waiting", "infusing", "reaction", "observation", "finished"


DEMO_CHAIRS = (
    DemoChair("MRN-100234", "Chair 1", 100, "infusing"),
    DemoChair("MRN-100871", "Chair 2", 110, "reaction"),
    DemoChair("MRN-101122", "Chair 3", 240, "observation"),
    DemoChair("MRN-101540", "Chair 4", 35, "waiting"),
)


# The demo's simulated pumps, one per running chair: identifiers in the EUI-64 form pumps
# report in OBX-18 (made up for the demo), and how often the demo's pumps report (ours; real
# pumps report about once a minute, which would only repeat the same line).
DEMO_PUMPS = {"Chair 1": "0A1B2C3D4E5F6001", "Chair 2": "0A1B2C3D4E5F6002"}
PUMP_REPORT_EVERY = timedelta(minutes=5)


class DemoPump:
    """A simulated pump bound to a demo chair: it reports what the record says is running,
    as PCD-01 messages handed to the same service the listener uses (no network)."""

    def __init__(
        self,
        db: Database,
        nurse: Actor,
        session_id: int,
        pump_id: str,
        record_number: str,
        *,
        bind: bool = True,
    ) -> None:
        if bind:
            bind_pump(db, nurse, session_id, pump_id)
        self.db, self.nurse, self.session_id = db, nurse, session_id
        self.pump_id, self.patient = pump_id, record_number
        self.sent = 0
        self.last: tuple[datetime, float] | None = None

    def report(self, event: str | None = None, *, every: timedelta | None = None) -> None:
        """Send what the pump shows now, with a start or stop event when it starts or stops;
        with `every`, only when that long has passed since the last message or the rate
        changed."""
        view = chair_view(self.db, self.nurse, self.session_id)
        status, now = view.status, self.db.clock.now()
        rate = status.rate_ml_h if status.phase is Phase.INFUSING else 0.0
        if every is not None and self.last is not None:
            at, last_rate = self.last
            if now - at < every and rate == last_rate:
                return
        before = self.last[1] if self.last is not None else 0.0
        if event is None and (before > 0) != (rate > 0):
            event = "START" if rate > 0 else "STOP"
        moment = PumpMoment(now, rate, round(status.volume_infused_ml, 1), event)
        bag = view.facts.bag_volume_ml
        control = f"demo-{self.session_id}-{now:%Y%m%d%H%M%S}-{self.sent:04d}"  # unique per message
        receive_message(self.db, pcd01(self.pump_id, moment, bag, control, self.patient))
        self.sent += 1
        self.last = (now, rate)


@contextmanager
def demo_clock(db: Database, moment: datetime) -> Iterator[FakeClock]:
    """The database's own clock, set back to `moment` while the demo records the morning; the
    demo moves it forward. The station's clock is back when the block ends."""
    station_clock = db.clock
    clock = FakeClock(moment)
    db.clock = clock
    try:
        yield clock
    finally:
        db.clock = station_clock


class Wander:
    """One patient's vital signs: a baseline and small changes from reading to reading."""

    def __init__(self, seed: str, **shifts: int) -> None:
        self.rng = random.Random(seed)
        self.last: dict[str, Any] = dict(STEADY)
        self.last["systolic"] = 112 + self.rng.randint(0, 18) + shifts.get("systolic", 0)
        self.last["diastolic"] = 68 + self.rng.randint(0, 12)
        self.last["heart_rate"] = 64 + self.rng.randint(0, 16) + shifts.get("heart_rate", 0)

    def next(self, **shifts: int) -> dict[str, Any]:
        rng, v = self.rng, dict[str, Any](self.last)
        v["systolic"] = max(100, min(150, int(v["systolic"]) + rng.randint(-5, 5)))
        v["diastolic"] = max(60, min(90, int(v["diastolic"]) + rng.randint(-3, 3)))
        v["heart_rate"] = max(56, min(100, int(v["heart_rate"]) + rng.randint(-4, 4)))
        v["respiratory_rate"] = rng.choice((14, 15, 16, 16, 17, 18))
        v["temperature_c"] = round(36.4 + rng.randint(0, 7) / 10, 1)
        v["spo2"] = rng.choice((96, 97, 97, 98, 98, 99))
        self.last = v
        out: dict[str, Any] = dict(v)
        for key, change in shifts.items():
            out[key] = int(out[key]) + change
        return out


def vial_expiry(clock: FakeClock) -> Any:
    return clock.now().astimezone().date() + timedelta(days=SHELF_LIFE_DAYS)


def prepare(
    db: Database, nurse: Actor, clock: FakeClock, session_id: int, vitals: Wander | None = None
) -> None:
    answers = {
        "active_infection": False,
        "hepatitis_b_screened": True,
        "immunoglobulins_tested": True,
        "liver_tests_done": True,
        "touch_authorized": True,
        "touch_neurological_symptoms": False,
        "indication_ra_gpa_mpa": False,
        "active_hepatitis_b": False,
        "vaccines": False,
        "pregnancy_or_breastfeeding": False,
        "immune_modifying_medicines": False,
        "prior_life_threatening_reaction": False,
    }
    view = chair_view(db, nurse, session_id)
    known = {q.id for q in view.protocol.checklist}
    chair.record_screening(
        db, nurse, session_id, {k: v for k, v in answers.items() if k in known}, {}
    )
    chair.record_vitals(db, nurse, session_id, vitals.next() if vitals else STEADY)
    chair.record_iv_access(
        db,
        nurse,
        session_id,
        site="forearm",
        side="left",
        gauge=22,
        attempts=1,
        placed_by="D. Whitfield",
    )
    clock.advance(minutes=3)
    chair.record_premedication(
        db, nurse, session_id, drug="methylprednisolone", dose="100 mg", route="IV"
    )
    chair.record_premedication(
        db, nurse, session_id, drug="diphenhydramine", dose="50 mg", route="IV"
    )
    chair.record_premedication(
        db, nurse, session_id, drug="acetaminophen", dose="650 mg", route="PO"
    )
    clock.advance(minutes=2)
    chair.verify_drug(db, nurse, session_id, lot_number=LOT, expiry=vial_expiry(clock))


def titrate(
    db: Database,
    nurse: Actor,
    clock: FakeClock,
    session_id: int,
    until: datetime,
    vitals: Wander | None = None,
    pump: DemoPump | None = None,
) -> None:
    """Vitals when due and each step when ready, minute by minute, until `until` or the end;
    the chair's pump (if any) reporting as it goes."""
    while clock.now() < until:
        if pump is not None:
            pump.report(every=PUMP_REPORT_EVERY)
        view = chair_view(db, nurse, session_id)
        status = view.status
        if status.volume_infused_ml >= view.facts.bag_volume_ml - 0.05:
            chair.end_infusion(db, nurse, session_id, view.facts.bag_volume_ml)
            if pump is not None:
                pump.report("COMP")
            return
        if status.vitals_due_at is not None and status.vitals_due_at <= clock.now():
            chair.record_vitals(db, nurse, session_id, vitals.next() if vitals else STEADY)
        elif status.next_rate_ready and status.next_rate_ml_h is not None:
            chair.change_rate(
                db, nurse, session_id, status.next_rate_ml_h, "titration per protocol"
            )
        else:
            clock.advance(minutes=1)


def seed_chair(db: Database, nurse: Actor, plan: DemoChair, now: datetime) -> None:
    patient = find_patients(db, nurse, plan.record_number)[0]
    vitals = Wander(plan.record_number)
    with demo_clock(db, now - timedelta(minutes=plan.minutes_ago)) as clock:
        options = protocol_options(db, nurse, patient.id)
        protocol_id = options.suggestion.protocol_id or "ocrevus-iv-standard"
        prot = protocol(protocol_id)
        session = begin_session(
            db,
            nurse,
            BeginSession(
                patient_id=patient.id,
                stated_family_name=patient.family_name,
                stated_date_of_birth=patient.date_of_birth,
                protocol_id=protocol_id,
                infusion_number=options.suggestion.infusion_number or 1,
                chair=plan.chair,
                dose_mg=prot.dose_mg or 600,
                bag_volume_ml=prot.bag_volume_ml or 500,
                lot_number=LOT,
                lot_expiry=vial_expiry(clock),
                weight_kg=patient.weight_kg,
            ),
        )
        prepare(db, nurse, clock, session.id, vitals)
        if plan.until == "waiting":
            return
        earliest = chair_view(db, nurse, session.id).checklist.earliest_start_at
        if earliest is not None and earliest > clock.now():
            clock.set(earliest)
        chair.record_vitals(db, nurse, session.id, vitals.next())
        start = prot.plan_ml_per_hour(prot.dose_mg, prot.bag_volume_ml)
        rate = start.titration.start if start.titration else start.steps[0].rate
        pump = None
        if plan.chair in DEMO_PUMPS:
            pump = DemoPump(db, nurse, session.id, DEMO_PUMPS[plan.chair], plan.record_number)
        chair.start_infusion(db, nurse, session.id, rate)
        if pump is not None:
            pump.report()  # a start event with its rate
        if plan.until == "reaction":
            titrate(db, nurse, clock, session.id, now - timedelta(minutes=12), vitals, pump)
            reaction_actions.record_reaction(
                db,
                nurse,
                session.id,
                severity="mild",
                symptoms=["pruritus", "flushing"],
                ctcae_grade=1,
            )
            clock.advance(minutes=1)
            reaction_actions.apply_reaction_action(db, nurse, session.id)
            if pump is not None:  # the pump as the nurse set it for the reaction
                pump.report()
            clock.advance(minutes=2)
            reaction_actions.record_intervention(
                db, nurse, session.id, drug="cetirizine", dose="10 mg", route="PO"
            )
            clock.advance(minutes=4)
            chair.record_vitals(db, nurse, session.id, vitals.next(heart_rate=18, systolic=-8))
            if pump is not None:  # its last message as the morning ends: not a quiet pump
                clock.set(max(clock.now(), now))
                pump.report()
            return
        titrate(db, nurse, clock, session.id, now, vitals, pump)
        if pump is not None:
            pump.report()


def seed_demo_chairs(db: Database, nurse: Actor) -> None:
    """The demo's chairs of today, once (skipped when sessions already exist)."""
    from nurse_monitor.services.chair_view import open_session_ids

    if open_session_ids(db, nurse):
        return
    now = db.clock.now()
    for plan in DEMO_CHAIRS:
        seed_chair(db, nurse, plan, now)
