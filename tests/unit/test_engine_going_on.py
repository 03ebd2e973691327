"""The engine's pass going on from where the last stood (session_record.read_on, used when a
save adds entries after the others) gives the status a pass from the first event gives, at
every step of a random session, also when the clock is set back before entries already read,
and when the next pass is given fewer events, other facts or another protocol."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from nurse_monitor.domain.engine import infusion_status, status_going_on
from nurse_monitor.domain.session_record import ReadSoFar
from tests.unit.test_engine_properties import LIBRARY, Session, sessions


@settings(max_examples=150, deadline=None)
@given(session=sessions(), data=st.data())
def test_a_pass_going_on_gives_the_status_of_a_pass_from_the_start(
    session: Session, data: st.DataObject
) -> None:
    events = session.events
    protocol = LIBRARY[session.facts.protocol_id]
    so_far: ReadSoFar | None = None
    shown = 0
    while shown < len(events):
        shown = data.draw(st.integers(shown + 1, len(events)), label="entries shown")
        given_events = events[:shown]
        # Usually after the newest entry; now and then a clock set back before some of them.
        lag = data.draw(st.integers(-7200, 3600), label="seconds after the newest")
        now = given_events[-1].at + timedelta(seconds=lag)
        fresh = infusion_status(protocol, session.facts, given_events, now)
        # Gone on from one place twice: the first pass must leave where it went on from alone.
        again, _ = status_going_on(protocol, session.facts, given_events, now, so_far=so_far)
        status, so_far = status_going_on(protocol, session.facts, given_events, now, so_far=so_far)
        assert status == again == fresh


@settings(max_examples=40, deadline=None)
@given(session=sessions())
def test_a_pass_is_not_gone_on_from_with_fewer_events_other_facts_or_another_protocol(
    session: Session,
) -> None:
    events = session.events
    protocol = LIBRARY[session.facts.protocol_id]
    now = events[-1].at + timedelta(minutes=5)
    _, so_far = status_going_on(protocol, session.facts, events, now)
    assert so_far.events == len(events)
    fewer = events[: max(1, len(events) // 2)]
    assert status_going_on(protocol, session.facts, fewer, now, so_far=so_far)[
        0
    ] == infusion_status(protocol, session.facts, fewer, now)
    facts = replace(session.facts, bag_volume_ml=session.facts.bag_volume_ml + 50)
    assert status_going_on(protocol, facts, events, now, so_far=so_far)[0] == infusion_status(
        protocol, facts, events, now
    )
    other = LIBRARY["natalizumab" if protocol.id != "natalizumab" else "rituximab-first"]
    other_facts = replace(session.facts, protocol_id=other.id)
    assert status_going_on(other, other_facts, events, now, so_far=so_far)[0] == infusion_status(
        other, other_facts, events, now
    )
