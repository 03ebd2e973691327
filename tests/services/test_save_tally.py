"""A vital-signs save steps its entry on from where the last save left the record
(services/record_tally.py) instead of reading, parsing and replaying the whole session: after any
series of actions the stored summary is what a fresh pass over the whole record computes, the
refusals are the same, and a record changed by anything else is read whole again."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import charting, reaction_actions
from nurse_monitor.services.amendments import amend_event
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.session_summary import compute_summary
from nurse_monitor.storage.repositories import sessions
from tests.storage.conftest import Staff

from .chair_walk import NORMAL_VITALS, running_session


UNWELL = {**NORMAL_VITALS, "heart_rate": 112, "respiratory_rate": 22}


class RecordReads:
    """Counts the saves that read the session's whole record."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        original = charting.session_rows

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(charting, "session_rows", counted)


def stored_equals_afresh(db: Database, session_id: int) -> None:
    with db.read() as s:
        row = sessions.session_by_id(s, session_id)
        assert row is not None
        afresh = compute_summary(s, row).as_columns()  # reads and replays the whole record
        assert {k: getattr(row, k) for k in afresh} == afresh


def test_the_summary_after_stepped_saves_is_the_whole_record_s(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, monkeypatch: Any
) -> None:
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    reads = RecordReads(monkeypatch)

    def vitals(minutes: int = 7, signs: dict[str, Any] = NORMAL_VITALS, **given: Any) -> int:
        clock.advance(timedelta(minutes=minutes))
        saved = chair.record_vitals(db, nurse, session_id, signs, **given)
        stored_equals_afresh(db, session_id)
        return saved.id

    vitals()
    before = reads.count
    # NEWS2 rising, then falling: the highest stays the highest.
    for signs in (UNWELL, {**UNWELL, "heart_rate": 135, "spo2": 91}, NORMAL_VITALS, UNWELL):
        vitals(signs=signs)
    assert reads.count == before, "a save after the last entry read the whole record"
    with db.read() as s:
        row = sessions.session_by_id(s, session_id)
        assert row is not None and row.volume_infused_ml is not None and row.volume_infused_ml > 0
        assert row.highest_news2 is not None and row.highest_news2 >= 5

    steps: list[Any] = [
        lambda: chair.change_rate(db, nurse, session_id, 60, "titration"),
        lambda: chair.pause_infusion(db, nurse, session_id, "patient to the toilet"),
        lambda: chair.resume_infusion(db, nurse, session_id, 60),
        lambda: reaction_actions.record_reaction(
            db, nurse, session_id, severity="mild", symptoms=["pruritus"], ctcae_grade=1
        ),
        lambda: reaction_actions.resolve_reaction(db, nurse, session_id, "Symptoms resolved"),
    ]
    for step in steps:
        clock.advance(timedelta(minutes=3))
        step()
        stored_equals_afresh(db, session_id)
        vitals()
        vitals()

    # A reading timed before the last entry: the whole record is read again.
    before = reads.count
    vitals(taken_at=clock.now() - timedelta(minutes=20))
    assert reads.count == before + 1
    earlier = vitals()
    vitals()

    # An amendment of a reading's time moves it: the next save reads the whole record again.
    amend_event(
        db,
        nurse,
        earlier,
        "occurred_at",
        (clock.now() - timedelta(minutes=30)).isoformat(),
        "taken earlier than typed",
    )
    stored_equals_afresh(db, session_id)
    before = reads.count
    vitals()
    assert reads.count == before + 1
    vitals()

    # Another station's save: its version is not the one this station kept.
    other = open_database(db.engine.url.render_as_string(hide_password=False), clock)
    try:
        clock.advance(timedelta(minutes=2))
        chair.change_rate(other, nurse, session_id, 90, "titration")
    finally:
        other.close()
    before = reads.count
    vitals()
    assert reads.count == before + 1

    view = chair_view(db, nurse, session_id)
    clock.advance(timedelta(minutes=5))
    chair.end_infusion(
        db, nurse, session_id, round(view.status.volume_infused_ml, 1), "prescriber's decision"
    )
    stored_equals_afresh(db, session_id)
    vitals()
    vitals()


def test_a_refusal_stepped_on_is_the_whole_record_s(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, monkeypatch: Any
) -> None:
    """A reading after discharge is refused in the same words whether the save stepped on from
    the last one or read the whole record; nothing is written either way."""
    nurse = staff.nurse
    session_id = running_session(db, nurse, alice, clock)
    reads = RecordReads(monkeypatch)
    clock.advance(timedelta(minutes=5))
    chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    # A reading after the discharge event, refused by the record's own check.
    stepped = _refusal_after_discharge(db, nurse, session_id, clock)
    db.tallies.forget(session_id)
    before = reads.count
    whole = _refusal_after_discharge(db, nurse, session_id, clock)
    assert reads.count == before + 1
    assert stepped == whole == ("Action", "nothing can be recorded after discharge")


def _refusal_after_discharge(
    db: Database, nurse: Any, session_id: int, clock: FakeClock
) -> tuple[str, str]:
    from nurse_monitor.storage.repositories.sessions import events_for_session

    # The end and the discharge recorded through the charting unit of work (the discharge
    # action's own checks of the take-home steps are not what this test is about).
    with db.read() as s:
        discharged = any(e.type == "discharged" for e in events_for_session(s, session_id))
    if not discharged:
        with charting.charting(db, nurse, session_id, None) as c:
            c.add("infusion_ended", {})
            c.add("discharged", {})
    with db.read() as s:
        count = len(events_for_session(s, session_id))
    clock.advance(timedelta(minutes=1))
    with pytest.raises(InvalidInput) as refused:
        chair.record_vitals(db, nurse, session_id, NORMAL_VITALS)
    with db.read() as s:
        assert len(events_for_session(s, session_id)) == count, "a refused reading was written"
    return refused.value.field, refused.value.detail
