"""Issue 17, times that go stale: a recorded time is amended with a reason, checked like the
entry's own time, and every reader (timeline order, engine, PDF, FHIR) uses the amended time
while the original stays on record."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.reports.fhir_bundle import session_bundle
from nurse_monitor.reports.session_summary_pdf import ReportContext, session_summary_html
from nurse_monitor.reports.wording import clock_time
from nurse_monitor.services import amendments
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.chair_view import ChairView, TimelineEntry, chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from tests.services.chair_walk import NORMAL_VITALS, begin_running
from tests.storage.conftest import Staff


def _entry(view: ChairView, kind: str) -> TimelineEntry:
    return next(t for t in view.timeline if t.event.type == kind)


@pytest.fixture
def logged_late(db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock) -> int:
    """A reaction put on record at "16:57" (the form's stale time), vital signs at 16:58; the
    nurse saw the reaction at 16:59 and now corrects its time."""
    nurse = staff.nurse
    session = begin_running(db, nurse, alice, clock)
    clock.advance(minutes=30)
    chair.record_vitals(db, nurse, session.id, NORMAL_VITALS)
    chair.change_rate(db, nurse, session.id, 60, "titration")
    clock.advance(minutes=10)
    reactions.record_reaction(
        db, nurse, session.id, severity="mild", symptoms=["pruritus"], ctcae_grade=1
    )
    clock.advance(minutes=1)
    chair.record_vitals(db, nurse, session.id, NORMAL_VITALS)
    clock.advance(minutes=2)
    return session.id


def test_an_amended_reaction_onset_moves_in_the_timeline_pdf_and_fhir(
    db: Database, staff: Staff, clock: FakeClock, logged_late: int
) -> None:
    view = chair_view(db, staff.nurse, logged_late)
    reaction, vitals = _entry(view, "reaction"), view.timeline[-1]
    assert vitals.event.type == "vitals"
    recorded = reaction.event.occurred_at
    seen = recorded + timedelta(minutes=2)  # 16:57 -> 16:59, after the 16:58 vital signs
    version = view.session.version
    with pytest.raises(InvalidInput, match="Reason"):
        amendments.amend_session_entry(
            db, staff.nurse, logged_late, reaction.event.id, "occurred_at", seen, ""
        )
    amendments.amend_session_entry(
        db, staff.nurse, logged_late, reaction.event.id, "occurred_at", seen, "form time stale"
    )
    view = chair_view(db, staff.nurse, logged_late)
    assert view.session.version > version
    assert [t.event.type for t in view.timeline[-2:]] == ["vitals", "reaction"]
    moved = view.timeline[-1]
    assert moved.event.occurred_at == seen
    [amendment] = moved.amendments
    assert datetime.fromisoformat(amendment.original_value) == recorded  # the original kept
    assert amendment.reason == "form time stale"
    [row] = view.reactions
    assert row.onset_at == seen
    assert view.status.current_reaction is not None
    assert view.status.current_reaction.onset_at == seen  # the engine reads the amended time
    html = session_summary_html(view, ReportContext("Clinic", clock.now(), "B"), with_chart=False)
    assert clock_time(seen) in html and clock_time(recorded) in html  # shown, original struck
    bundle = session_bundle(view, clock.now())
    [event] = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "AdverseEvent"
    ]
    assert datetime.fromisoformat(event["date"]) == seen


def test_an_amended_time_in_the_future_is_refused(
    db: Database, staff: Staff, clock: FakeClock, logged_late: int
) -> None:
    view = chair_view(db, staff.nurse, logged_late)
    reaction = _entry(view, "reaction")
    later = clock.now() + timedelta(minutes=10)
    with pytest.raises(InvalidInput, match=r"Time.*future"):
        amendments.amend_session_entry(
            db, staff.nurse, logged_late, reaction.event.id, "occurred_at", later, "typo"
        )
    assert chair_view(db, staff.nurse, logged_late).timeline == view.timeline  # nothing written


def test_an_amended_time_that_breaks_the_event_order_is_refused(
    db: Database, staff: Staff, logged_late: int
) -> None:
    view = chair_view(db, staff.nurse, logged_late)
    started = _entry(view, "infusion_started")
    rate = _entry(view, "rate_changed")
    after_the_rate_change = rate.event.occurred_at + timedelta(minutes=1)
    with pytest.raises(InvalidInput, match="Time") as refused:
        amendments.amend_session_entry(
            db,
            staff.nurse,
            logged_late,
            started.event.id,
            "occurred_at",
            after_the_rate_change,
            "started later",
        )
    assert "not running" in str(refused.value)
    assert chair_view(db, staff.nurse, logged_late).timeline == view.timeline


def test_identity_and_signature_times_are_not_amendable(
    db: Database, staff: Staff, logged_late: int
) -> None:
    identity = _entry(chair_view(db, staff.nurse, logged_late), "identity_confirmed")
    with pytest.raises(InvalidInput, match="Time cannot be amended"):
        amendments.amend_session_entry(
            db,
            staff.nurse,
            logged_late,
            identity.event.id,
            "occurred_at",
            identity.event.occurred_at,
            "x" * 5,
        )


def test_an_amended_resolution_time_reaches_the_reaction(
    db: Database, staff: Staff, clock: FakeClock, logged_late: int
) -> None:
    reactions.resolve_reaction(db, staff.nurse, logged_late, "itching settled")
    view = chair_view(db, staff.nurse, logged_late)
    resolved = _entry(view, "reaction_resolved")
    earlier = resolved.event.occurred_at - timedelta(minutes=1)
    amendments.amend_session_entry(
        db, staff.nurse, logged_late, resolved.event.id, "occurred_at", earlier, "settled sooner"
    )
    [row] = chair_view(db, staff.nurse, logged_late).reactions
    assert row.resolved_at == earlier


def test_a_stored_time_no_reader_can_parse_leaves_the_recorded_time(
    db: Database, staff: Staff, logged_late: int
) -> None:
    """An amended time another version left unreadable is not trusted: the entry keeps the
    time it was recorded with, and every screen still opens."""
    from tests.services.test_amendment_types import store_as_an_older_version_might

    view = chair_view(db, staff.nurse, logged_late)
    reaction = _entry(view, "reaction")
    for junk in ("soon", "2026-03-02T10:00:00", 17):  # not a time, no zone, not text
        store_as_an_older_version_might(
            db, staff, logged_late, reaction.event.id, "occurred_at", junk
        )
    after = _entry(chair_view(db, staff.nurse, logged_late), "reaction")
    assert after.event.occurred_at == reaction.event.occurred_at and not after.unreadable


def test_an_amended_medicine_time_reaches_the_fhir_administration(
    db: Database, staff: Staff, clock: FakeClock, logged_late: int
) -> None:
    reactions.record_intervention(
        db, staff.nurse, logged_late, drug="cetirizine", dose="10 mg", route="PO"
    )
    view = chair_view(db, staff.nurse, logged_late)
    given = _entry(view, "reaction_intervention")
    earlier = given.event.occurred_at - timedelta(minutes=1)
    amendments.amend_session_entry(
        db, staff.nurse, logged_late, given.event.id, "occurred_at", earlier, "given sooner"
    )
    view = chair_view(db, staff.nurse, logged_late)
    [row] = view.reactions
    assert [datetime.fromisoformat(g["at"]) for g in row.interventions] == [earlier]
    bundle = session_bundle(view, clock.now())
    times = [
        datetime.fromisoformat(e["resource"]["effectiveDateTime"])
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "MedicationAdministration"
        and "cetirizine" in str(e["resource"])
    ]
    assert times == [earlier]
