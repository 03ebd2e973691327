"""Co-signature, amendments and re-review, the audit entries, the summary columns kept current by
charting, the read-only session detail and the patient's history with the next dose due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import amendments, audit, review
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound, PermissionDenied
from nurse_monitor.services.history import HistoryFilter, history_page
from nurse_monitor.services.records import PatientRecord, SessionRecord
from tests.storage.conftest import Staff

from .chair_walk import (
    NORMAL_VITALS,
    begin_initial,
    begin_running,
    give_take_home_sheet,
    initial_request,
    standard_request,
    started,
    titrate_to_the_end,
)

TEACHING = ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"]


def finish(db: Database, staff: Staff, clock: FakeClock, session_id: int, bag: float) -> None:
    """From a running infusion to a signed session."""
    titrate_to_the_end(db, staff.nurse, clock, session_id)
    chair.end_infusion(db, staff.nurse, session_id, bag)
    view = chair_view(db, staff.nurse, session_id)
    next_day = (clock.now() + timedelta(days=14)).date()
    chair.record_teaching(db, staff.nurse, session_id, TEACHING, next_day)
    assert view.status.observation_ends_at is not None
    clock.set(view.status.observation_ends_at)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    give_take_home_sheet(db, staff.nurse, session_id)
    chair.discharge(db, staff.nurse, session_id)
    chair.sign_session(db, staff.nurse, session_id)


def cosign(db: Database, actor: Actor, session_id: int, comment: str = "") -> SessionRecord:
    """Co-sign as a charge nurse does: on the version the screen shows."""
    version = chair_view(db, actor, session_id).session.version
    return review.cosign_session(db, actor, session_id, comment, expected_version=version)


@pytest.fixture
def signed_id(db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock) -> int:
    session = begin_running(db, staff.nurse, alice, clock)
    clock.advance(minutes=30)
    chair.record_vitals(db, staff.nurse, session.id, dict(NORMAL_VITALS, heart_rate=112))
    clock.advance(minutes=5)
    reactions.record_reaction(
        db, staff.nurse, session.id, severity="mild", symptoms=["pruritus"], ctcae_grade=2
    )
    reactions.apply_reaction_action(db, staff.nurse, session.id)
    clock.advance(minutes=20)
    reactions.resolve_reaction(db, staff.nurse, session.id, "settled")
    finish(db, staff, clock, session.id, 260)
    return session.id


def only(db: Database, staff: Staff, session_id: int) -> object:
    rows = [
        r for r in history_page(db, staff.charge, HistoryFilter()) if r.session_id == session_id
    ]
    assert len(rows) == 1
    return rows[0]


def test_charting_keeps_the_summary_as_the_engine_reads_it(
    db: Database, staff: Staff, signed_id: int
) -> None:
    view = chair_view(db, staff.nurse, signed_id)
    row = only(db, staff, signed_id)
    assert row.started_at == view.status.started_at
    assert row.ended_at == view.status.ended_at
    assert row.volume_infused_ml == pytest.approx(view.status.volume_infused_ml, abs=0.05)
    assert row.volume_infused_ml == pytest.approx(260, abs=0.1)
    assert row.duration_min == round((row.ended_at - row.started_at).total_seconds() / 60)
    assert row.highest_news2 == max(r.news2_total for r in view.readings)
    assert row.highest_news2 >= 1  # the heart rate of 112 scored
    assert row.worst_grade == 2
    assert row.amended is False
    assert row.status == "signed" and row.awaiting_cosign


def test_a_nurse_cannot_cosign(db: Database, staff: Staff, signed_id: int) -> None:
    with pytest.raises(PermissionDenied, match="only a charge nurse"):
        review.cosign_session(db, staff.nurse, signed_id, "looks fine")


def test_a_charge_nurse_cosigns_a_signed_session_with_a_comment(
    db: Database, staff: Staff, signed_id: int
) -> None:
    version = chair_view(db, staff.nurse, signed_id).session.version
    done = review.cosign_session(
        db, staff.charge, signed_id, "  reviewed  ", expected_version=version
    )
    assert done.status == "cosigned" and done.cosigned_by_id == staff.charge.user_id
    assert review.session_detail(db, staff.charge, signed_id).cosign_comment == "reviewed"
    with pytest.raises(InvalidInput, match="already co-signed"):
        cosign(db, staff.charge, signed_id)
    entries = audit.audit_trail(db, staff.charge, record_type="session", record_id=signed_id)
    cosigned = [e for e in entries if e.action == "cosign"]
    assert len(cosigned) == 1 and cosigned[0].user_id == staff.charge.user_id
    assert cosigned[0].detail["comment"] == "reviewed"


def test_only_a_signed_session_can_be_cosigned(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    with pytest.raises(InvalidInput, match="only a session its nurse has signed"):
        cosign(db, staff.charge, session.id)
    with pytest.raises(NotFound):
        cosign(db, staff.charge, 9999)


def test_a_stale_cosign_is_refused(db: Database, staff: Staff, signed_id: int) -> None:
    from nurse_monitor.services.errors import SessionChanged

    with pytest.raises(SessionChanged):
        review.cosign_session(db, staff.charge, signed_id, expected_version=1)


def test_a_signed_session_is_not_edited_only_amended_and_cosigned_again(
    db: Database, staff: Staff, signed_id: int
) -> None:
    with pytest.raises(InvalidInput, match="signed and can no longer be edited"):
        chair.record_vitals(db, staff.nurse, signed_id, NORMAL_VITALS)
    cosign(db, staff.charge, signed_id)
    view = chair_view(db, staff.nurse, signed_id)
    vitals = next(t for t in view.timeline if t.event.type == "vitals")
    amendments.amend_session_entry(
        db, staff.nurse, signed_id, vitals.event.id, "heart_rate", 80, "typed the wrong value"
    )
    row = only(db, staff, signed_id)
    assert row.amended and row.needs_review and row.awaiting_cosign
    awaiting = history_page(db, staff.charge, HistoryFilter(awaiting_cosign=True))
    assert [r.session_id for r in awaiting] == [signed_id]
    cosign(db, staff.charge, signed_id, "re-reviewed after the amendment")
    row = only(db, staff, signed_id)
    assert row.amended and not row.needs_review and not row.awaiting_cosign
    actions = [e.action for e in audit.audit_trail(db, staff.charge)]
    assert actions.count("cosign") == 2 and "amend" in actions and "sign" in actions


def test_the_nurse_who_signed_cannot_cosign_their_own_session(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    session = begin_running(db, staff.charge, alice, clock)
    titrate_to_the_end(db, staff.charge, clock, session.id)
    chair.end_infusion(db, staff.charge, session.id, 260)
    chair.record_teaching(db, staff.charge, session.id, TEACHING, date(2026, 3, 20))
    view = chair_view(db, staff.charge, session.id)
    clock.set(view.status.observation_ends_at)
    chair.record_vitals(db, staff.charge, session.id, NORMAL_VITALS)
    give_take_home_sheet(db, staff.charge, session.id)
    chair.discharge(db, staff.charge, session.id)
    chair.sign_session(db, staff.charge, session.id)
    with pytest.raises(PermissionDenied, match="signed this session and may not co-sign"):
        cosign(db, staff.charge, session.id)


def test_viewing_a_session_is_audited_and_shows_its_record(
    db: Database, staff: Staff, signed_id: int
) -> None:
    view = chair_view(db, staff.nurse, signed_id)
    vitals = next(t for t in view.timeline if t.event.type == "vitals")
    amendments.amend_session_entry(
        db, staff.nurse, signed_id, vitals.event.id, "spo2", 97, "monitor re-read"
    )
    detail = review.session_detail(db, staff.charge, signed_id)
    assert detail.signed_by == "Ana Nurse, RN" and detail.cosigned_by is None
    assert [a.field for a in detail.amendments] == ["spo2"]
    assert detail.view.reactions[0].ctcae_grade == 2
    assert detail.audit is not None
    assert {"create", "sign", "amend", "view"} <= {a.action for a in detail.audit}
    nurse_look = review.session_detail(db, staff.nurse, signed_id)
    assert nurse_look.audit is None  # the audit log is for charge nurses
    views = [
        e
        for e in audit.audit_trail(db, staff.charge, record_type="session", record_id=signed_id)
        if e.action == "view"
    ]
    assert [e.user_id for e in views] == [staff.nurse.user_id, staff.charge.user_id]
    with pytest.raises(PermissionDenied):
        review.session_detail(db, staff.admin, signed_id)


def test_the_audit_log_is_for_charge_nurses_and_admins(db: Database, staff: Staff) -> None:
    with pytest.raises(PermissionDenied):
        audit.audit_trail(db, staff.nurse)
    with pytest.raises(PermissionDenied):
        review.staff_choices(db, staff.nurse)
    assert len(review.staff_choices(db, staff.admin)) == 3


def test_patient_history_after_initial_infusion_1_is_due_two_weeks_later(
    db: Database, staff: Staff, alice: PatientRecord, signed_id: int
) -> None:
    h = review.patient_history(db, staff.nurse, alice.id)
    assert [s.session_id for s in h.sessions] == [signed_id]
    s = h.sessions[0]
    assert s.reaction_grades == (2,)
    view = chair_view(db, staff.nurse, signed_id)
    assert s.highest_rate_ml_h == max(rate for _, rate in view.status.rate_history)
    assert s.tolerated_rate_ml_h == 30  # the reaction came at 30 mL/h, before the first step
    assert h.reactions_by_grade == {2: 1}
    (due,) = h.next_doses
    assert s.started_at is not None
    assert due.due_on == s.started_at.date() + timedelta(days=14)
    assert h.discontinued == ()
    entries = audit.audit_trail(db, staff.charge, record_type="patient", record_id=alice.id)
    assert [e.action for e in entries] == ["view", "create"]


def test_patient_history_initial_infusion_2_counts_24_weeks_from_infusion_1(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock, signed_id: int
) -> None:
    first_day = review.patient_history(db, staff.nurse, alice.id).sessions[0].started_at
    clock.advance(timedelta(days=15))
    second = started(db, staff.nurse, clock, initial_request(alice, infusion_number=2))
    (due,) = review.patient_history(db, staff.nurse, alice.id).next_doses
    assert first_day is not None
    assert due.due_on == first_day.date() + timedelta(weeks=24)
    assert due.after_session_id == second.id


def test_patient_history_standard_dose_is_due_24_weeks_later(
    db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock
) -> None:
    request = standard_request(alice, 3, chair="Chair 1", bag_volume_ml=520)
    started(db, staff.nurse, clock, request, 40)
    h = review.patient_history(db, staff.nurse, alice.id)
    (due,) = h.next_doses
    assert due.due_on == clock.now().date() + timedelta(weeks=24)
    assert due.earliest_on == clock.now().date() + timedelta(weeks=20)
    assert h.sessions[0].tolerated_rate_ml_h == 40


def test_a_discontinued_drug_has_no_next_dose(
    db: Database, staff: Staff, alice: PatientRecord, signed_id: int
) -> None:
    from nurse_monitor.storage.models import DrugDiscontinuation

    with db.write() as s:
        s.add(
            DrugDiscontinuation(
                patient_id=alice.id, drug="ocrelizumab", reason="anaphylaxis",
                session_id=signed_id, discontinued_at=db.clock.now(),
                recorded_by_id=staff.nurse.user_id,
            )
        )  # fmt: skip
    h = review.patient_history(db, staff.nurse, alice.id)
    assert h.next_doses == ()
    assert [(d.drug, d.reason) for d in h.discontinued] == [("ocrelizumab", "anaphylaxis")]
