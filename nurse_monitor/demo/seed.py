"""The demo database: staff and patients, today's chairs and a history, all through services.

Nothing here writes a row itself: the demo uses the same services as a station (the first
administrator, the users they add, patient registration, every charting action), so what the
demo shows is what the program does.
"""

from __future__ import annotations

from datetime import date

from nurse_monitor.demo.chairs import seed_demo_chairs
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.database import Database
from nurse_monitor.services.demo_accounts import DEMO_NURSE, DEMO_STAFF
from nurse_monitor.services.demo_follow_ups import seed_demo_follow_ups
from nurse_monitor.services.patients import NewPatient, find_patients, register_patient
from nurse_monitor.services.seed import finished_sessions, seed_sessions
from nurse_monitor.services.sign_in import sign_in
from nurse_monitor.services.users import create_first_administrator, create_user, has_users

DEMO_HISTORY_SESSIONS = 150
DEMO_HISTORY_DAYS = 365
DEMO_YESTERDAY_SEED = 20261204
DEMO_PASSWORD = "demo-password"  # demo database only; printed in the README

DEMO_PATIENTS = (
    ("MRN-100234", "Morgan", "Alice", date(1984, 5, 12), "female", 68.0, "Penicillin (rash)"),
    ("MRN-100871", "Okafor", "Daniel", date(1979, 11, 3), "male", 82.5, ""),
    ("MRN-101122", "Lindqvist", "Sara", date(1991, 2, 27), "female", 59.0, "Latex"),
    ("MRN-101540", "Haddad", "Omar", date(1968, 8, 19), "male", 91.2, ""),
    ("MRN-102006", "Nguyen", "Linh", date(1995, 12, 1), "female", 54.3, "Sulfa drugs"),
    ("MRN-102377", "Brennan", "Patrick", date(1973, 4, 8), "male", 77.0, ""),
)


def _staff(db: Database) -> None:
    admin_name = next(name for user, name, _, role in DEMO_STAFF if role == "admin")
    admin = create_first_administrator(
        db, "demo.admin", admin_name, DEMO_PASSWORD, demo_account=True
    )
    for username, name, credentials, role in DEMO_STAFF:
        if role != "admin":
            create_user(
                db,
                admin,
                username=username,
                full_name=name,
                role=role,
                credentials=credentials,
                password=DEMO_PASSWORD,
                demo_account=True,
            )


def seed_demo(db: Database) -> Actor:
    """Fill an empty demo database (idempotent) and return the demo nurse, signed in."""
    if not has_users(db):
        _staff(db)
    nurse = sign_in(db, DEMO_NURSE, DEMO_PASSWORD)
    for number, family, given, born, sex, weight, allergies in DEMO_PATIENTS:
        if not find_patients(db, nurse, number):
            register_patient(
                db, nurse, NewPatient(number, family, given, born, sex, weight, allergies)
            )
    seed_demo_chairs(db, nurse)
    seed_demo_history(db)
    seed_demo_follow_ups(db, nurse)  # issue 18: yesterday's calls due today, one done (amber)
    return nurse


def seed_demo_history(db: Database) -> None:
    """A year of finished sessions, each patient on one drug on its label's schedule (once)."""
    if not finished_sessions(db):
        seed_sessions(db, DEMO_HISTORY_SESSIONS, days=DEMO_HISTORY_DAYS)
        # Two infusions yesterday (patients whose course has a dose that day): their
        # follow-up calls are due today on the worklist (issue 18).
        seed_sessions(db, 2, days=1, rng_seed=DEMO_YESTERDAY_SEED)
