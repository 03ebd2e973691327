"""Issue 14's rules through the services: a rate above the plan is recorded only with a reason
(and raises `rate_above_plan`), a dose before the minimum interval needs a reason and the
prescriber, and the first Zunovo injection after IV doses is observed 60 minutes."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_start import BeginSession, begin_session
from nurse_monitor.ui.workspace.timeline_words import describe
from tests.storage.conftest import Staff

from .chair_walk import (
    begin_initial,
    begin_running,
    give_take_home_sheet,
    prepare_to_start,
    standard_request,
)

TEACHING = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]


def test_a_start_above_the_plan_needs_a_reason_and_raises_the_alert(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    prepare_to_start(db, staff.nurse, clock, session.id)
    with pytest.raises(InvalidInput, match=r"above the plan \(30 mL/h allowed now\)"):
        chair.start_infusion(db, staff.nurse, session.id, 90)
    assert chair_view(db, staff.nurse, session.id).status.started_at is None  # nothing written
    chair.start_infusion(db, staff.nurse, session.id, 90, "prescriber: tolerated 90 before")
    view = chair_view(db, staff.nurse, session.id)
    alert = next(a for a in view.status.alerts if a.code == "rate_above_plan")
    assert "Reason given: prescriber: tolerated 90 before" in alert.message
    started = next(t for t in view.timeline if t.event.type == "infusion_started")
    assert describe(started) == "90 mL/h — above the plan: prescriber: tolerated 90 before"


def test_an_early_step_needs_a_reason_and_the_plan_catches_up(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_running(db, staff.nurse, alice, clock)
    clock.advance(timedelta(minutes=10))
    with pytest.raises(InvalidInput, match="above the plan"):
        chair.change_rate(db, staff.nurse, session.id, 60, "")
    chair.change_rate(db, staff.nurse, session.id, 60, "patient must leave by noon")
    codes = {a.code for a in chair_view(db, staff.nurse, session.id).status.alerts}
    assert "rate_above_plan" in codes
    clock.advance(timedelta(minutes=20))
    codes = {a.code for a in chair_view(db, staff.nurse, session.id).status.alerts}
    assert "rate_above_plan" not in codes
    with pytest.raises(InvalidInput, match="maximum 180"):
        chair.change_rate(db, staff.nurse, session.id, 200, "prescriber")


def finish_quickly(db: Database, staff: Staff, session_id: int) -> None:
    """Stop, teach, discharge with a reason and sign: the patient's chair is free again."""
    chair.stop_infusion(db, staff.nurse, session_id, "test: bag changed")
    chair.record_teaching(db, staff.nurse, session_id, TEACHING, None)
    give_take_home_sheet(db, staff.nurse, session_id)
    chair.discharge(db, staff.nurse, session_id, "test")
    chair.sign_session(db, staff.nurse, session_id)


def standard(
    alice: PatientRecord, number: int, protocol_id: str = "ocrevus-iv-standard"
) -> BeginSession:
    return standard_request(alice, number, protocol_id=protocol_id, chair="Chair 2")


def test_a_dose_before_20_weeks_needs_a_reason_and_the_prescriber(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    first = begin_session(db, staff.nurse, standard(alice, 3))
    prepare_to_start(db, staff.nurse, clock, first.id)
    chair.start_infusion(db, staff.nurse, first.id, 40)
    finish_quickly(db, staff, first.id)
    clock.advance(timedelta(weeks=18))
    with pytest.raises(InvalidInput, match="minimum is 20 weeks") as refused:
        begin_session(db, staff.nurse, standard(alice, 4))
    assert refused.value.field == "Early dose"
    with pytest.raises(InvalidInput, match="minimum is 20 weeks"):
        begin_session(db, staff.nurse, replace(standard(alice, 4), early_dose_reason="travel"))
    early = replace(
        standard(alice, 4), early_dose_reason="travel abroad", early_dose_prescriber="Dr Okafor"
    )
    second = begin_session(db, staff.nurse, early)
    view = chair_view(db, staff.nurse, second.id)
    note = next(t for t in view.timeline if t.payload.get("prescriber"))
    assert note.payload["reason"] == "travel abroad" and "Ocrevus label" in note.payload["rule"]
    assert "prescriber Dr Okafor" in describe(note)
    assert "dose_too_early" in {a.code for a in view.status.alerts}


def test_the_2_hour_option_is_refused_after_a_serious_reaction_by_the_domain_rule(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    with pytest.raises(InvalidInput, match="covers infusions 3 and later"):
        begin_session(db, staff.nurse, standard(alice, 1, "ocrevus-iv-short"))


def test_the_first_zunovo_injection_after_iv_doses_is_observed_an_hour(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    iv = begin_session(db, staff.nurse, standard(alice, 3))
    prepare_to_start(db, staff.nurse, clock, iv.id)
    chair.start_infusion(db, staff.nurse, iv.id, 40)
    finish_quickly(db, staff, iv.id)
    clock.advance(timedelta(weeks=24))
    zunovo = replace(standard(alice, 4, "ocrevus-zunovo-sc"), dose_mg=920, bag_volume_ml=23)
    first_sc = begin_session(db, staff.nurse, zunovo)
    view = chair_view(db, staff.nurse, first_sc.id)
    assert view.facts.first_of_route is True and view.facts.is_first_dose is False
    assert view.facts.observed_as_first_dose
    assert "dose_too_early" not in {a.code for a in view.status.alerts}


def test_ending_with_volume_left_needs_a_reason(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_running(db, staff.nurse, alice, clock)
    clock.advance(timedelta(minutes=40))
    with pytest.raises(InvalidInput, match=r"240\.0 mL is still in the bag") as refused:
        chair.end_infusion(db, staff.nurse, session.id, 20)
    assert refused.value.field == "Reason"
    assert chair_view(db, staff.nurse, session.id).status.ended_at is None
    chair.end_infusion(db, staff.nurse, session.id, 20, "line occluded; prescriber informed")
    ended = next(
        t for t in chair_view(db, staff.nurse, session.id).timeline
        if t.event.type == "infusion_ended"
    )  # fmt: skip
    assert describe(ended) == (
        "20 mL infused — ended with volume left: line occluded; prescriber informed"
    )
