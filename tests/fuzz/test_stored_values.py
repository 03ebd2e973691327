"""Random values left in the record (by an older version, a restored copy, a bad amendment) and
read back by every reader: the workspace, the board, the timeline's words, the PDF's text, FHIR
and CSV. Each must show what it can and mark the rest "entry cannot be read", never raise."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from hypothesis import given, reject
from hypothesis import strategies as st

from nurse_monitor.domain.entry_fields import ENTRY_FIELDS
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services.alarms import snooze_alarm
from nurse_monitor.services.amendments import amend_session_entry, amendments_for_session
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.storage.models import SessionEvent
from tests.services.chair_walk import initial_request, started
from tests.services.test_amendment_types import read_everything, store_as_an_older_version_might

from .world import FUZZ, REFUSED, TRIED, World, assert_names_the_field, new_patient, world

leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**100, max_value=10**120),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(["no", "soon", "", "2099-01-01T00:00:00+00:00", "2026-13-45", "A", "-1"]),
)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
FIELD_NAMES = sorted({f.name for fields in ENTRY_FIELDS.values() for f in fields} | {"detail"})


@contextmanager
def stored_or_rejected() -> Iterator[None]:
    try:
        yield
    except InvalidInput:
        reject()  # refused before the database: no reader can ever meet this value


@cache
def stored_session() -> int:
    """A running session of its own, with every kind of entry, that the fuzz may spoil."""
    w = world()
    session_id = started(
        w.db, w.staff.nurse, w.clock, initial_request(new_patient(w), chair="Chair 9")
    ).id
    snooze_alarm(w.db, w.staff.nurse, session_id, "vitals", 5, "patient asleep")
    chair.pause_infusion(w.db, w.staff.nurse, session_id, "line check")
    return session_id


def amend_without_checks(w: World, session_id: int, event_id: int, field: str, value: Any) -> None:
    """Store a value past the amendment checks; one no record can hold at all (a NUL, NaN, a
    text longer than its column) is refused by the database door and never met by a reader."""
    with stored_or_rejected():
        store_as_an_older_version_might(w.db, w.staff, session_id, event_id, field, value, "fuzz")


@FUZZ
@given(pick=st.integers(min_value=0), field=st.sampled_from(FIELD_NAMES), value=values)
def test_any_amended_value_is_read_or_marked_unreadable(pick: int, field: str, value: Any) -> None:
    w = world()
    session_id = stored_session()
    TRIED["stored amendment"] += 1
    timeline = chair_view(w.db, w.staff.nurse, session_id).timeline
    target = timeline[pick % len(timeline)].event.id
    amend_without_checks(w, session_id, target, field, value)
    read_everything(w.db, w.staff, session_id)


@FUZZ
@given(kind=st.sampled_from(sorted(ENTRY_FIELDS)), payload=values)
def test_any_stored_entry_is_read_or_marked_unreadable(kind: str, payload: Any) -> None:
    w = world()
    session_id = stored_session()
    TRIED["stored entry"] += 1
    if kind in ("infusion_started", "infusion_ended", "infusion_stopped", "session_signed"):
        kind = "note"  # these move the session's status; their payloads are fuzzed as amendments
    with stored_or_rejected(), w.db.write() as s:
        s.add(
            SessionEvent(
                session_id=session_id,
                type=kind,
                occurred_at=w.clock.now(),
                recorded_at=w.clock.now(),
                recorded_by_id=w.staff.nurse.user_id,
                payload=payload,
            )
        )
    read_everything(w.db, w.staff, session_id)


@cache
def amended_session() -> int:
    """A running session of its own for amendments through the service."""
    w = world()
    session_id = started(
        w.db, w.staff.nurse, w.clock, initial_request(new_patient(w), chair="Chair 8")
    ).id
    snooze_alarm(w.db, w.staff.nurse, session_id, "vitals", 5, "patient asleep")
    return session_id


@FUZZ
@given(pick=st.integers(min_value=0), field=st.sampled_from(FIELD_NAMES), value=values)
def test_an_amendment_through_the_service_never_leaves_an_unreadable_entry(
    pick: int, field: str, value: Any
) -> None:
    """Refused with the field named and nothing written, or kept and readable everywhere."""
    w = world()
    session_id = amended_session()
    TRIED["amendment"] += 1
    view = chair_view(w.db, w.staff.nurse, session_id)
    target = view.timeline[pick % len(view.timeline)].event.id
    before = len(amendments_for_session(w.db, w.staff.nurse, session_id))
    try:
        amend_session_entry(w.db, w.staff.nurse, session_id, target, field, value, "fuzzing")
    except InvalidInput as refused:
        REFUSED["amendment"] += 1
        assert_names_the_field(refused)
        assert len(amendments_for_session(w.db, w.staff.nurse, session_id)) == before
        return
    after = chair_view(w.db, w.staff.nurse, session_id)
    assert not any(t.unreadable for t in after.timeline), "an accepted amendment was unreadable"
    read_everything(w.db, w.staff, session_id)
