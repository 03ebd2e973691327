"""The demo's running chairs have simulated pumps: bound, reporting through the services as the
record goes, so the pump panel, the timeline and the chart show pump data in the demo."""

from __future__ import annotations

from nurse_monitor.clock import FakeClock
from nurse_monitor.demo.chairs import DEMO_CHAIRS, DEMO_PUMPS, seed_chair
from nurse_monitor.demo.seed import DEMO_PATIENTS
from nurse_monitor.domain.pump_link import PumpEvent
from nurse_monitor.services.chair_view import chair_view, open_session_ids
from nurse_monitor.services.database import Database
from nurse_monitor.services.patients import NewPatient, find_patients, register_patient
from nurse_monitor.services.pump_link import pump_panel
from tests.storage.conftest import Staff


def test_each_running_demo_chair_has_a_pump_that_reported_what_the_record_says(
    db: Database, staff: Staff, clock: FakeClock
) -> None:
    now = clock.now()
    for number, family, given, born, sex, weight, allergies in DEMO_PATIENTS:
        if not find_patients(db, staff.nurse, number):
            register_patient(
                db, staff.nurse, NewPatient(number, family, given, born, sex, weight, allergies)
            )
    running = [plan for plan in DEMO_CHAIRS if plan.until in ("infusing", "reaction")]
    assert {plan.chair for plan in running} == set(DEMO_PUMPS)
    for plan in running:
        seed_chair(db, staff.nurse, plan, now)
        assert db.clock is clock
        session_id = next(
            i for i in open_session_ids(db, staff.nurse)
            if chair_view(db, staff.nurse, i).session.chair == plan.chair
        )  # fmt: skip
        panel = pump_panel(db, staff.nurse, session_id)
        assert panel is not None and panel.pump_id == DEMO_PUMPS[plan.chair]
        assert panel.last_message_at == now  # its last message as the demo's morning ends
        assert panel.alerts == ()  # the pump agrees with the record: no alarm, nothing to chart
        assert panel.chart_offer is None and panel.stop_offer is None
        view = chair_view(db, staff.nurse, session_id)
        assert view.pump_log[0].event == PumpEvent.DELIVERY_START.value
        assert view.pump_log[0].rate_ml_h == view.status.rate_history[0][1]
        pump_rates = [line.rate_ml_h for line in view.pump_log if line.rate_ml_h]
        charted = [rate for _, rate in view.status.rate_history if rate]
        assert sorted(set(pump_rates)) == sorted(set(charted))  # each step the nurse charted
        assert len(view.pump_log) < 15  # one line per change, not one per message


def one_demo_chair_infusing(db: Database, staff: Staff, clock: FakeClock) -> int:
    """The demo's patients, and one demo chair infusing with its pump bound: its session id."""
    for number, family, given, born, sex, weight, allergies in DEMO_PATIENTS:
        if not find_patients(db, staff.nurse, number):
            register_patient(
                db, staff.nurse, NewPatient(number, family, given, born, sex, weight, allergies)
            )
    plan = next(p for p in DEMO_CHAIRS if p.until == "infusing")
    seed_chair(db, staff.nurse, plan, clock.now())
    (session_id,) = open_session_ids(db, staff.nurse)
    return session_id


def test_the_demo_pumps_keep_reporting_so_the_demo_raises_no_quiet_pump_alarm(
    db: Database, staff: Staff, clock: FakeClock
) -> None:
    from datetime import timedelta

    from nurse_monitor.demo.pumps import DemoPumpFeed

    session_id = one_demo_chair_infusing(db, staff, clock)
    feed = DemoPumpFeed(db, staff.nurse)
    assert len(feed.pumps) == 1
    for _ in range(4):  # four minutes: without the feed the pump would have gone quiet (3 min)
        clock.advance(timedelta(minutes=1))
        feed.tick()
    panel = pump_panel(db, staff.nurse, session_id)
    assert panel is not None and panel.last_message_at == clock.now()
    assert "pump_quiet" not in {a.code for a in panel.alerts}
