"""Properties over random sessions: the volume never exceeds the bag and never decreases, the
projected end never precedes now, a pause stops the volume, rates stay within the plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from nurse_monitor.domain.engine import SessionFacts, infusion_status
from nurse_monitor.domain.event_checks import check_events
from nurse_monitor.domain.events import InfusionEvent
from nurse_monitor.domain.protocol_files import load_protocol_library
from tests.unit.nurse import PROTOCOLS_DIR, T0, event, vitals

LIBRARY = load_protocol_library(PROTOCOLS_DIR)
SESSIONS = [
    SessionFacts("ocrevus-iv-initial", 1, 300, 250),
    SessionFacts("ocrevus-iv-initial", 2, 300, 260),
    SessionFacts("ocrevus-iv-standard", 3, 600, 520),
    SessionFacts("ocrevus-iv-short", 4, 600, 500),
    SessionFacts("ocrevus-zunovo-sc", 1, 920, 23),
    SessionFacts("rituximab-first", 1, 700, 350),
    SessionFacts("rituximab-subsequent", 2, 1000, 250),
    SessionFacts("natalizumab", 3, 300, 100),
]
ACTIONS = ("rate", "pause", "resume", "vitals", "reaction", "resolve", "end")


@dataclass(frozen=True)
class Session:
    facts: SessionFacts
    events: list[InfusionEvent]
    pauses: list[tuple[datetime, datetime]]  # (paused at, resumed or ended at)
    maximum: float


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    """A valid session: started, then random rate changes, pauses, reactions, maybe an end."""
    facts = draw(st.sampled_from(SESSIONS))
    maximum = LIBRARY[facts.protocol_id].max_rate_ml_h(facts.dose_mg, facts.bag_volume_ml)
    rate = st.floats(min_value=0.1, max_value=maximum)
    events = [
        vitals(T0 - timedelta(minutes=5)),
        event("infusion_started", T0, rate_ml_h=draw(rate)),
    ]
    pauses: list[tuple[datetime, datetime]] = []
    now, paused_at, reacting, ended = T0, None, False, False
    for _ in range(draw(st.integers(0, 25))):
        now += timedelta(seconds=draw(st.integers(0, 3600)))
        action = draw(st.sampled_from(ACTIONS))
        if action == "vitals":
            events.append(vitals(now))
        elif action == "reaction" and not reacting:
            severity = draw(st.sampled_from(["mild", "moderate", "severe"]))
            events.append(event("reaction", now, severity=severity, symptoms=["rash"]))
            reacting = True
        elif action == "resolve" and reacting:
            events.append(event("reaction_resolved", now))
            reacting = False
        elif ended:
            continue
        elif action == "rate" and paused_at is None:
            events.append(event("rate_changed", now, rate_ml_h=draw(rate)))
        elif action == "pause" and paused_at is None:
            events.append(event("paused", now))
            paused_at = now
        elif action == "resume" and paused_at is not None:
            events.append(event("resumed", now, rate_ml_h=draw(rate)))
            pauses.append((paused_at, now))
            paused_at = None
        elif action == "end":
            events.append(event("infusion_ended", now))
            if paused_at is not None:
                pauses.append((paused_at, now))
                paused_at = None
            ended = True
    if paused_at is not None:
        pauses.append((paused_at, now + timedelta(days=1)))
    return Session(facts, events, pauses, maximum)


offsets = st.lists(st.integers(min_value=-600, max_value=12 * 3600), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(sessions(), offsets)
def test_volume_bounded_monotonic_and_rates_within_bounds(
    session: Session, seconds: list[int]
) -> None:
    protocol = LIBRARY[session.facts.protocol_id]
    check_events(protocol, session.facts, session.events)  # the generator makes valid sessions
    previous = 0.0
    for offset in sorted(seconds):
        now = T0 + timedelta(seconds=offset)
        status = infusion_status(protocol, session.facts, session.events, now)
        assert 0 <= status.volume_infused_ml <= session.facts.bag_volume_ml
        assert status.volume_infused_ml >= previous
        previous = status.volume_infused_ml
        if status.projected_end_at is not None:
            assert status.projected_end_at >= now
        assert status.rate_ml_h <= session.maximum + 1e-9
        if status.next_rate_ml_h is not None:
            assert status.rate_ml_h < status.next_rate_ml_h <= session.maximum + 1e-9
        if status.suggested_rate_ml_h is not None:
            assert 0 <= status.suggested_rate_ml_h <= session.maximum
        assert status.dose_delivered_mg <= session.facts.dose_mg + 1e-9


@settings(max_examples=100, deadline=None)
@given(sessions(), st.floats(0, 1), st.floats(0, 1))
def test_a_pause_stops_the_volume(session: Session, first: float, second: float) -> None:
    protocol = LIBRARY[session.facts.protocol_id]
    for paused_at, resumed_at in session.pauses:
        span = resumed_at - paused_at
        early, late = sorted((paused_at + span * first, paused_at + span * second))
        volume_early = infusion_status(protocol, session.facts, session.events, early)
        volume_late = infusion_status(protocol, session.facts, session.events, late)
        assert volume_late.volume_infused_ml == volume_early.volume_infused_ml
        if late < resumed_at:  # at the resume time itself the pump runs again
            assert volume_late.rate_ml_h == 0


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(["rituximab-first", "rituximab-subsequent"]),
    st.floats(min_value=100, max_value=2000),
    st.floats(min_value=1, max_value=4),
)
def test_mg_per_hour_plans_never_exceed_400_mg_per_hour(
    protocol_id: str, dose: float, concentration: float
) -> None:
    protocol = LIBRARY[protocol_id]
    bag = dose / concentration
    plan = protocol.plan_ml_per_hour(dose, bag)
    assert plan.titration is not None
    assert plan.titration.maximum * concentration <= 400 + 1e-6
    assert plan.titration.start <= plan.titration.maximum
