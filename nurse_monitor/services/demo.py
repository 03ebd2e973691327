"""The demo database: staff and patients so a new user sees the program with data in it.

Later issues extend the seed (chairs mid-infusion, finished sessions).
"""

from __future__ import annotations

from datetime import date

from argon2 import PasswordHasher
from sqlalchemy import func, select

from nurse_monitor.services.actors import Actor
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.database import Database
from nurse_monitor.services.demo_accounts import DEMO_NURSE, DEMO_STAFF
from nurse_monitor.services.demo_chairs import seed_demo_chairs
from nurse_monitor.services.demo_follow_ups import seed_demo_follow_ups
from nurse_monitor.services.users import actor_for
from nurse_monitor.storage.models import InfusionSession, Patient
from nurse_monitor.storage.repositories import patients, users

DEMO_HISTORY_SESSIONS = 60
DEMO_PASSWORD = "demo-password"  # demo database only; printed in the README


DEMO_PATIENTS = (
    ("MRN-100234", "Morgan", "Alice", date(1984, 5, 12), "female", 68.0, "Penicillin (rash)"),
    ("MRN-100871", "Okafor", "Daniel", date(1979, 11, 3), "male", 82.5, ""),
    ("MRN-101122", "Lindqvist", "Sara", date(1991, 2, 27), "female", 59.0, "Latex"),
    ("MRN-101540", "Haddad", "Omar", date(1968, 8, 19), "male", 91.2, ""),
    ("MRN-102006", "Nguyen", "Linh", date(1995, 12, 1), "female", 54.3, "Sulfa drugs"),
    ("MRN-102377", "Brennan", "Patrick", date(1973, 4, 8), "male", 77.0, ""),
)


def seed_demo(db: Database) -> Actor:
    """Fill an empty demo database (idempotent) and return the demo nurse."""
    now = db.clock.now()
    hasher = PasswordHasher()
    with db.write() as s:
        if users.count_users(s) == 0:
            password_hash = hasher.hash(DEMO_PASSWORD)
            for username, name, credentials, role in DEMO_STAFF:
                users.add_staff_member(
                    s,
                    username=username,
                    full_name=name,
                    credentials=credentials,
                    role=role,
                    password_hash=password_hash,
                    now=now,
                )
        nurse = users.user_by_username(s, DEMO_NURSE)
        assert nurse is not None, "demo database without its demo nurse"
        actor = actor_for(nurse)
        for number, family, given, born, sex, weight, allergies in DEMO_PATIENTS:
            if patients.patient_by_record_number(s, number) is None:
                patient = patients.add_patient(
                    s,
                    Patient(
                        record_number=number,
                        family_name=family,
                        given_name=given,
                        date_of_birth=born,
                        sex=sex,
                        weight_kg=weight,
                        allergies=allergies,
                        created_at=now,
                    ),
                )
                write_audit(s, actor, "create", now, "patient", patient.id, demo=True)
    seed_demo_chairs(db, actor)
    seed_demo_history(db)
    seed_demo_follow_ups(db, actor)  # issue 18: yesterday's calls due today, one done (amber)
    return actor


def seed_demo_history(db: Database) -> None:
    """Two weeks of finished sessions for the history and patient views (once)."""
    from nurse_monitor.services.seed import seed_sessions

    with db.read() as s:
        finished = s.scalar(
            select(func.count())
            .select_from(InfusionSession)
            .where(InfusionSession.status.in_(("signed", "cosigned")))
        )
    if not finished:
        seed_sessions(db, DEMO_HISTORY_SESSIONS, days=14)
