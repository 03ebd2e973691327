"""Properties of `rate_above_plan`: a session that follows its schedule never raises it (whatever
the nurse's delays and mild reactions), and any rate recorded above what the plan allows at
that moment always raises it."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nurse_monitor.domain.engine import SessionFacts, infusion_status
from nurse_monitor.domain.event_checks import check_events
from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.protocol_files import load_protocol_library
from tests.unit.nurse import PROTOCOLS_DIR, T0, event, vitals
from tests.unit.test_engine_properties import SESSIONS, Session, sessions

LIBRARY = load_protocol_library(PROTOCOLS_DIR)
TITRATED = [f for f in SESSIONS if f.protocol_id != "ocrevus-zunovo-sc"]


def codes_at(facts: SessionFacts, events: list[InfusionEvent], offset: timedelta) -> set[str]:
    status = infusion_status(LIBRARY[facts.protocol_id], facts, events, T0 + offset)
    return {a.code for a in status.alerts}


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from(TITRATED),
    st.lists(st.integers(0, 40), min_size=30, max_size=30),
    st.integers(0, 12),
    st.sampled_from(["mild", "moderate"]),
)
def test_a_session_that_follows_its_schedule_never_raises_rate_above_plan(
    facts: SessionFacts, delays: list[int], reaction_step: int, severity: str
) -> None:
    """The nurse steps up when the engine says ready (sometimes late), reduces to the suggested
    rate at a reaction, and goes back when the engine suggests it."""
    protocol = LIBRARY[facts.protocol_id]
    plan = protocol.plan_ml_per_hour(facts.dose_mg, facts.bag_volume_ml)
    first = plan.titration.start if plan.titration is not None else plan.steps[0].rate
    events = [vitals(T0 - timedelta(minutes=5)), event("infusion_started", T0, rate_ml_h=first)]
    now, steps, reacted = T0, 0, False
    for _ in range(300):
        status = infusion_status(protocol, facts, events, now)
        assert "rate_above_plan" not in {a.code for a in status.alerts}, events
        if status.volume_infused_ml >= facts.bag_volume_ml - 1e-9:
            return
        if status.vitals_due_at is not None and status.vitals_due_at <= now:
            events.append(vitals(now))
            continue
        if status.current_reaction is not None:
            suggested = status.suggested_rate_ml_h
            if suggested is not None and status.rate_ml_h > suggested:
                events.append(event("rate_changed", now, rate_ml_h=suggested))
                continue
            if status.current_reaction.rate_reduced_at is not None:
                events.append(event("reaction_resolved", now))
                continue
        if status.next_rate_ready and status.next_rate_ml_h is not None:
            if steps == reaction_step and not reacted:
                events.append(event("reaction", now, severity=severity, symptoms=["rash"]))
                reacted = True
                continue
            now += timedelta(minutes=delays[steps % len(delays)] if steps % 3 == 0 else 0)
            events.append(vitals(now))
            events.append(event("rate_changed", now, rate_ml_h=status.next_rate_ml_h))
            steps += 1
            continue
        upcoming = [
            moment
            for moment in (status.next_rate_due_at, status.vitals_due_at, status.projected_end_at)
            if moment is not None and moment > now
        ]
        now = min(upcoming)


@settings(max_examples=150, deadline=None)
@given(sessions(), st.integers(0, 3600), st.floats(0.01, 1))
def test_any_rate_recorded_above_the_plan_always_raises_it(
    session: Session, later: int, fraction: float
) -> None:
    facts, events = session.facts, list(session.events)
    protocol = LIBRARY[facts.protocol_id]
    now = events[-1].at + timedelta(seconds=later)
    status = infusion_status(protocol, facts, events, now)
    allows = status.plan_allows_ml_h
    assume(status.ended_at is None and not status.drug_discontinued and allows is not None)
    assume(allows + status.plan_rounding_ml_h + 0.01 < session.maximum)
    low = allows + status.plan_rounding_ml_h + 0.01
    rate = round(low + (session.maximum - low) * fraction, 2)
    assume(status.above_plan(rate) and rate <= session.maximum)
    kind = "resumed" if status.phase.value in ("paused", "stopped") else "rate_changed"
    recorded = [*events, event(kind, now, rate_ml_h=rate, reason="test")]
    check_events(protocol, facts, recorded)
    assert "rate_above_plan" in codes_at(facts, recorded, now - T0)
