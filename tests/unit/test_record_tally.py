"""The kept passes of `domain.record_tally`: an entry stepped on from where the last save left
the record gives exactly what a pass over the whole record gives: the same refusal (field and
words) or the same state, and the same start, end and volume (to the last bit)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nurse_monitor.domain.event_checks import EventSequenceError, SequenceCheck, check_events
from nurse_monitor.domain.events import EventType, InfusionEvent
from nurse_monitor.domain.record_tally import KEEPS_DELIVERY, Delivery
from nurse_monitor.domain.session_record import read_record
from tests.unit.nurse import at, event, vitals
from tests.unit.test_engine_properties import LIBRARY, Session, sessions


def next_entry(kind: str, when: object, maximum: float) -> InfusionEvent:
    if kind == "vitals":
        return vitals(when)  # type: ignore[arg-type]
    if kind == "premedication_given":
        return event(kind, when, drug="cetirizine", dose="10 mg", route="PO")
    if kind in ("rate_changed", "resumed"):
        return event(kind, when, rate_ml_h=maximum * 1.5)  # above the maximum: refused
    if kind == "reaction":
        return event(kind, when, severity="life_threatening", symptoms=["hypotension"])
    if kind in ("drug_discontinued", "infusion_stopped"):
        return event(kind, when, reason="prescriber's decision")
    return event(kind, when)


def refusal(check: SequenceCheck, entry: InfusionEvent) -> tuple[str, str] | None:
    try:
        check.step(entry)
    except EventSequenceError as error:
        return error.field, error.problem
    return None


def whole_refusal(session: Session, record: list[InfusionEvent]) -> tuple[str, str] | None:
    try:
        check_events(LIBRARY[session.facts.protocol_id], session.facts, record)
    except EventSequenceError as error:
        return error.field, error.problem
    return None


@settings(max_examples=150, deadline=None)
@given(
    sessions(),
    st.floats(0, 1),
    st.integers(0, 90),
    st.sampled_from(
        [
            "vitals",
            "premedication_given",
            "rate_changed",
            "paused",
            "resumed",
            "reaction",
            "reaction_resolved",
            "infusion_ended",
            "discharged",
            "drug_discontinued",
        ]
    ),
)
def test_stepping_one_entry_on_is_the_whole_pass(
    session: Session, cut: float, minutes: int, kind: str
) -> None:
    protocol = LIBRARY[session.facts.protocol_id]
    record = session.events[: max(1, round(cut * len(session.events)))]
    last = max(e.at for e in record)
    entry = next_entry(kind, last + timedelta(minutes=minutes), session.maximum)
    kept = check_events(protocol, session.facts, record)
    stepped = kept.copy()
    said = refusal(stepped, entry)
    assert said == whole_refusal(session, [*record, entry])
    if said is None:
        whole = check_events(protocol, session.facts, [*record, entry])
        assert {n: getattr(stepped, n) for n in SequenceCheck.__slots__} == {
            n: getattr(whole, n) for n in SequenceCheck.__slots__
        }
    assert {n: getattr(kept, n) for n in SequenceCheck.__slots__} == {
        n: getattr(check_events(protocol, session.facts, record), n)
        for n in SequenceCheck.__slots__
    }, "the kept check was changed by a step from a copy"
    if entry.type in KEEPS_DELIVERY:
        delivery = Delivery.of(read_record(protocol, session.facts, record, last))
        assert delivery.follows(entry)
        whole_delivery = Delivery.of(
            read_record(protocol, session.facts, [*record, entry], entry.at)
        )
        assert delivery.after(entry) == whole_delivery  # floats compared exactly


def test_an_entry_that_moves_the_pump_or_comes_earlier_is_not_stepped_on() -> None:
    delivery = Delivery(at(0), None, 10.0, 30.0, 250.0, at(10))
    assert delivery.follows(vitals(at(10)))
    assert delivery.after(vitals(at(12))).volume == pytest.approx(11.0)
    assert not delivery.follows(vitals(at(9)))  # back-timed: the whole record is read
    for kind in EventType:
        if kind not in KEEPS_DELIVERY:
            entry = next_entry(kind.value, at(15), 100.0)
            assert not delivery.follows(entry)
            with pytest.raises(ValueError, match="does not follow"):
                delivery.after(entry)
