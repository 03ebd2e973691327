"""Demo follow-up calls: yesterday's sessions leave calls due today, one already made with an
amber result; the demo centre's settings and patients' phone numbers (fictional, 01632 96xxxx
is a UK drama range). Once only, on the demo record."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from nurse_monitor.clock import local_date
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.database import Database
from nurse_monitor.services.follow_up_calls import (
    AnswerInput,
    add_follow_up,
    cancel_follow_up,
    record_call,
    record_patient_phone,
)
from nurse_monitor.services.follow_ups import follow_up_for_session, follow_up_worklist
from nurse_monitor.services.site_settings import default_triage_questions
from nurse_monitor.services.users import actor_for
from nurse_monitor.storage.models import FollowUpEntry, InfusionSession, Patient, SiteSetting, User


def seed_demo_follow_ups(db: Database, nurse: Actor) -> None:
    now = db.clock.now()
    today = local_date(now)
    with db.read() as s:
        if s.scalar(select(FollowUpEntry.id).limit(1)) is not None:
            return
        charge_user = s.scalars(select(User).where(User.role == "charge_nurse")).first()
        admin_user = s.scalars(select(User).where(User.role == "admin")).first()
        patients = s.scalars(select(Patient).order_by(Patient.id)).all()
        phones = [(p.id, f"01632 96{p.id:04d}") for p in patients if not p.phone]
        has_centre = s.get(SiteSetting, "centre") is not None
        yesterday = [
            row.id
            for row in s.scalars(
                select(InfusionSession)
                .where(InfusionSession.status.in_(("signed", "cosigned")))
                .where(InfusionSession.ended_at >= now - timedelta(days=2))
                .order_by(InfusionSession.ended_at)
            )
            if row.ended_at is not None and local_date(row.ended_at) == today - timedelta(days=1)
        ]
    if charge_user is None or admin_user is None:
        return
    charge = actor_for(charge_user)
    if not has_centre:
        from nurse_monitor.services.site_settings import update_centre_settings

        update_centre_settings(
            db,
            actor_for(admin_user),
            name="Demo Infusion Centre",
            phone="01632 960000",
            out_of_hours_phone="01632 960999",
            closed_days=[],
        )
    for patient_id, phone in phones:
        record_patient_phone(db, nurse, patient_id, phone)
    # Older seeded infusions have no calls on record: closed with a reason, not left overdue.
    for item in follow_up_worklist(db, nurse, today, MONDAY_TO_FRIDAY):
        if item.session_id not in yesterday:
            reason = "demo: called before this record was kept"
            cancel_follow_up(db, charge, item.session_id, reason, MONDAY_TO_FRIDAY)
    for index, session_id in enumerate(yesterday[:3]):
        if follow_up_for_session(db, nurse, session_id, MONDAY_TO_FRIDAY) is None:
            reason = "demo: the charge nurse asked for a call"
            add_follow_up(db, charge, session_id, today, reason, MONDAY_TO_FRIDAY)
        if index == 0:
            onset = f"{today - timedelta(days=1):%Y-%m-%d} 19:00"
            answers = [
                AnswerInput(q.id, True, onset, "moderate", True)
                if q.id == "headache"
                else AnswerInput(q.id, False)
                for q in default_triage_questions().questions
            ]
            record_call(
                db,
                nurse,
                session_id,
                answers,
                MONDAY_TO_FRIDAY,
                notes="Headache in the evening, settled with paracetamol by morning.",
            )
