"""Issue 16 defects 1 and 2: every amendable field is typed and checked as its entry was, identity
fields are not amendable, a snooze cannot be stretched, and a stored value no reader can parse
is shown as "entry cannot be read" on every screen and report, never raised."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.reports.csv_export import session_rows
from nurse_monitor.reports.fhir_bundle import session_bundle
from nurse_monitor.reports.session_summary_pdf import ReportContext, session_summary_html
from nurse_monitor.services.alarms import snooze_alarm
from nurse_monitor.services.amendments import amend_session_entry, amendments_for_session
from nurse_monitor.services.chair_board import chair_summaries, due_items
from nurse_monitor.services.chair_view import UNREADABLE, chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.storage.models import Amendment
from nurse_monitor.storage.repositories import record
from tests.services.chair_walk import begin_running
from tests.storage.conftest import Staff


def entry_id(db: Database, staff: Staff, session_id: int, kind: str) -> int:
    view = chair_view(db, staff.nurse, session_id)
    return next(t.event.id for t in reversed(view.timeline) if t.event.type == kind)


def store_as_an_older_version_might(
    db: Database,
    staff: Staff,
    session_id: int,
    event_id: int,
    field: str,
    value: Any,
    reason: str = "stored by an older version",
) -> None:
    """An amendment written without today's checks (another version, a restored copy)."""
    with db.write() as s:
        record.add_amendment(
            s,
            Amendment(
                session_id=session_id,
                target_type="event",
                target_id=event_id,
                field=field,
                original_value=None,
                new_value=value,
                reason=reason,
                amended_by_id=staff.nurse.user_id,
                amended_at=datetime.now(UTC),
            ),
        )


def read_everything(db: Database, staff: Staff, session_id: int) -> None:
    """Every reader of stored values: workspace, board, timeline words, PDF, FHIR, CSV."""
    from nurse_monitor.ui.workspace.timeline_words import describe, original_text

    view = chair_view(db, staff.nurse, session_id)
    chair_summaries(db, staff.nurse)
    due_items(view)
    for entry in view.timeline:
        describe(entry, view.protocol)
        original_text(entry, view.protocol, " (amended)")
    context = ReportContext("Clinic", view.now, "Dana Whitfield, RN")
    session_summary_html(view, context, with_chart=False)
    session_bundle(view, view.now)
    session_rows(view)


@pytest.fixture
def running(db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock) -> int:
    session = begin_running(db, staff.nurse, alice, clock)
    return session.id


def test_screening_answers_amended_to_text_are_refused_with_the_field_named(
    db: Database,
    staff: Staff,
    running: int,
) -> None:
    screening = entry_id(db, staff, running, "screening_recorded")
    with pytest.raises(InvalidInput, match="Screening answers") as refused:
        amend_session_entry(db, staff.nurse, running, screening, "answers", "no", "typo")
    assert "yes, no or not asked" in str(refused.value)
    with pytest.raises(InvalidInput, match="no question bogus"):
        amend_session_entry(db, staff.nurse, running, screening, "answers", {"bogus": True}, "typo")
    assert amendments_for_session(db, staff.nurse, running) == []
    # A real correction with the answers' own type is taken.
    answers = dict(chair_view(db, staff.nurse, running).timeline[1].payload["answers"])
    answers["vaccines"] = False
    amend_session_entry(db, staff.nurse, running, screening, "answers", answers, "misheard")
    assert chair_view(db, staff.nurse, running).checklist.screening.can_start


def test_snooze_until_cannot_be_amended_to_text_or_past_the_cap(
    db: Database,
    staff: Staff,
    running: int,
    clock: FakeClock,
) -> None:
    snooze_alarm(db, staff.nurse, running, "vitals", 5, "patient in the toilet")
    snoozed = entry_id(db, staff, running, "alarm_snoozed")
    for value in ("soon", "2099-01-01T00:00:00+00:00"):
        with pytest.raises(InvalidInput, match="Snoozed until cannot be amended"):
            amend_session_entry(db, staff.nurse, running, snoozed, "until", value, "longer")
    with pytest.raises(InvalidInput, match="Minutes cannot be amended"):
        amend_session_entry(db, staff.nurse, running, snoozed, "minutes", 30, "longer")
    amend_session_entry(db, staff.nurse, running, snoozed, "reason", "patient asleep", "wording")
    assert amendments_for_session(db, staff.nurse, running)[0].field == "reason"


def test_identity_fields_are_not_amendable(
    db: Database,
    staff: Staff,
    running: int,
) -> None:
    identity = entry_id(db, staff, running, "identity_confirmed")
    with pytest.raises(InvalidInput, match="Record number cannot be amended"):
        amend_session_entry(db, staff.nurse, running, identity, "record_number", "MRN-1", "typo")
    with pytest.raises(InvalidInput, match="cannot be amended"):
        amend_session_entry(db, staff.nurse, running, identity, "bogus", 1, "typo")


@pytest.mark.parametrize(
    ("kind", "field", "value"),
    [
        ("iv_access_recorded", "gauge", 19),
        ("iv_access_recorded", "attempts", 0),
        ("iv_access_recorded", "side", "middle"),
        ("drug_verified", "expiry", "next week"),
        ("vitals", "on_oxygen", "no"),
        ("premedication_given", "route", "rectal"),
        ("infusion_started", "rate_ml_h", "fast"),
    ],
)
def test_every_entry_kind_is_checked_as_when_it_was_recorded(
    db: Database,
    staff: Staff,
    running: int,
    kind: str,
    field: str,
    value: Any,
) -> None:
    target = entry_id(db, staff, running, kind)
    with pytest.raises(InvalidInput) as refused:
        amend_session_entry(db, staff.nurse, running, target, field, value, "typo")
    assert refused.value.field.strip() and refused.value.detail.strip()
    assert amendments_for_session(db, staff.nurse, running) == []


def test_a_stored_answer_of_no_and_a_snooze_until_soon_are_shown_unreadable_not_raised(
    db: Database,
    staff: Staff,
    running: int,
    clock: FakeClock,
) -> None:
    snooze_alarm(db, staff.nurse, running, "vitals", 5, "patient in the toilet")
    screening = entry_id(db, staff, running, "screening_recorded")
    snoozed = entry_id(db, staff, running, "alarm_snoozed")
    store_as_an_older_version_might(db, staff, running, screening, "answers", "no")
    store_as_an_older_version_might(db, staff, running, snoozed, "until", "soon")
    read_everything(db, staff, running)
    view = chair_view(db, staff.nurse, running)
    unreadable = {t.event.id for t in view.timeline if t.unreadable}
    assert unreadable == {screening, snoozed}
    from nurse_monitor.ui.workspace.timeline_words import describe

    assert describe(next(t for t in view.timeline if t.event.id == snoozed)) == UNREADABLE
    # The infusion still runs on screen, and the snooze no longer silences anything.
    assert view.status.rate_ml_h == 30
    clock.advance(minutes=200)
    view = chair_view(db, staff.nurse, running)
    assert any(i.overdue(view.now) for i in due_items(view))


def test_a_stored_snooze_far_in_the_future_silences_no_longer_than_the_cap(
    db: Database,
    staff: Staff,
    running: int,
    clock: FakeClock,
) -> None:
    snooze_alarm(db, staff.nurse, running, "vitals", 5, "patient in the toilet")
    snoozed = entry_id(db, staff, running, "alarm_snoozed")
    far = (clock.now() + timedelta(days=365 * 70)).isoformat()
    store_as_an_older_version_might(db, staff, running, snoozed, "until", far)
    clock.advance(minutes=31)
    view = chair_view(db, staff.nurse, running)
    assert all(i.snoozed_until is None for i in due_items(view))
