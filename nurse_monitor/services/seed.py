"""`nurse-monitor seed --sessions N`: a database full of realistic finished sessions, for demos
and benchmarks (100,000 sessions in well under five minutes on SQLite).

Each session follows its protocol's own rate plan (domain.titration.planned_schedule) with
vital signs every 15 minutes, and now and then a reaction handled as the protocol says, an
amendment, or a session still awaiting co-signature. Rows go in by the thousand through the
storage layer (one executemany per table per chunk), never one service call per event; the
summary columns are computed as the engine computes them (tests/services/test_history_seed.py
replays seeded sessions through the engine and compares).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.database import Database
from nurse_monitor.services.demo_accounts import DEMO_STAFF
from nurse_monitor.services.seed_plan import plan_courses
from nurse_monitor.services.seed_rows import Batch, Generator
from nurse_monitor.storage.models import (
    Amendment,
    AuditEntry,
    InfusionSession,
    Patient,
    Reaction,
    SessionEvent,
    VitalSignReading,
)
from nurse_monitor.storage.repositories import history, users

CHUNK = 1000
DEMO_USERNAMES = frozenset(username for username, *_ in DEMO_STAFF)
GIVEN = [
    "Alice",
    "Daniel",
    "Sara",
    "Omar",
    "Linh",
    "Patrick",
    "Maria",
    "Jonas",
    "Aisha",
    "Tomasz",
    "Priya",
    "Kenji",
    "Fatima",
    "Lucas",
    "Ingrid",
    "Mateo",
    "Chloe",
    "Samuel",
    "Hana",
    "Viktor",
    "Leila",
    "Noah",
    "Zara",
    "Ethan",
    "Amara",
    "Felix",
    "Rosa",
    "Idris",
    "Mei",
    "Oscar",
]
FAMILY = [
    "Morgan",
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Nguyen",
    "Brennan",
    "Rossi",
    "Novak",
    "Kowalski",
    "Sato",
    "Mensah",
    "Fischer",
    "Dubois",
    "Silva",
    "Ivanova",
    "Larsen",
    "Moreau",
    "Costa",
    "Petrov",
    "Kaur",
    "Tanaka",
    "Abara",
    "Walsh",
    "Jensen",
    "Duarte",
    "Horvat",
    "Baker",
    "Quinn",
    "Ferreira",
    "Yilmaz",
    "Schmidt",
    "Murphy",
    "Ali",
    "Chen",
    "Garcia",
]


def login_name(full_name: str) -> str:
    """'g.holloway' for Grace Holloway: the shape of a ward's sign-in names (fictional staff)."""
    given, family = full_name.split(" ", 1)
    return f"{given[0]}.{family.replace(' ', '')}".lower()


STAFF = tuple(
    (login_name(name), name, credentials, role)
    for name, credentials, role in (
        *(
            (name, "RN", "nurse")
            for name in (
                "Grace Holloway",
                "Ravi Menon",
                "Elena Vasquez",
                "Tom Becker",
                "Nadia Karim",
                "Owen Price",
                "Julia Stein",
                "Kwame Boateng",
                "Lucy Fraser",
                "Hiro Nakamura",
                "Sofia Marin",
                "Ben Carter",
            )
        ),
        ("Helen Achterberg", "RN, CRNI", "charge_nurse"),
        ("Marcus Lee", "RN, CRNI", "charge_nurse"),
    )
)


@dataclass(frozen=True)
class SeedReport:
    sessions: int
    events: int
    readings: int
    reactions: int
    amendments: int
    seconds: float


class RealRecord(Exception):
    """Seeding refused: the record holds real accounts (see `refuse_a_real_record`)."""


def refuse_a_real_record(db: Database) -> None:
    """Seeding writes backdated sessions signed in staff names: only into a new (empty) record,
    the demo record, or one that holds nothing but seeded rows. A record where anyone but a
    demo account can sign in is a real record, and is refused before anything is written."""
    with db.read() as s:
        real = [
            u.username
            for u in users.all_users(s)
            if u.password_hash is not None and u.username not in DEMO_USERNAMES
        ]
    if real:
        raise RealRecord(
            "This record has real accounts: seeding would add backdated sessions signed in "
            "staff names to it. Nothing was written. Seed a new empty database "
            "(--database-url sqlite:///path/new.db) or the demo database (--demo)."
        )


def _staff(db: Database) -> tuple[list[tuple[int, str, str]], list[int]]:
    now = db.clock.now()
    with db.write() as s:
        for username, name, credentials, role in STAFF:
            if users.user_by_username(s, username) is None:
                users.add_staff_member(
                    s,
                    username=username,
                    full_name=name,
                    credentials=credentials,
                    role=role,
                    password_hash=None,
                    now=now,
                )
        everyone = users.all_users(s)
        nurses = [
            (u.id, f"{u.full_name}, {u.credentials}", u.username)
            for u in everyone
            if u.role == "nurse"
        ]
        charges = [u.id for u in everyone if u.role == "charge_nurse"]
        return nurses, charges


# Seeded record numbers look like a hospital's (MRN- and six digits), apart from the demo's
# named patients (MRN-100xxx to MRN-102xxx).
RECORD_NUMBER_BASE = 300_000


def _patients(db: Database, rng: random.Random, count: int) -> list[tuple[int, str]]:
    now = db.clock.now()
    with db.write() as s:
        first = history.highest_id(s, Patient) + 1
        rows: list[dict[str, Any]] = [
            {
                "id": first + n,
                "record_number": f"MRN-{RECORD_NUMBER_BASE + first + n:06d}",
                "family_name": rng.choice(FAMILY),
                "given_name": rng.choice(GIVEN),
                "date_of_birth": date(rng.randint(1950, 2004), rng.randint(1, 12), 15),
                "sex": rng.choice(("female", "male")),
                "weight_kg": round(rng.uniform(48, 110), 1),
                "allergies": "",
                "created_at": now,
            }
            for n in range(count)
        ]
        history.bulk_insert(s, Patient, rows)
        history.after_bulk_insert(s, [Patient])
    return [(int(r["id"]), str(r["record_number"])) for r in rows]


def seed_sessions(
    db: Database,
    count: int,
    *,
    days: int = 730,
    rng_seed: int = 20261122,
    chunk: int = CHUNK,
    progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """Add `count` finished sessions spread over the last `days` days (before today).

    Adds seed staff (no passwords: they cannot sign in) and the patients whose courses the doses
    belong to (services/seed_plan.py: one drug each, the labels' intervals kept).
    `progress(done, count)` is called after each chunk is committed.
    """
    if count < 1:
        raise ValueError("seed at least one session")
    refuse_a_real_record(db)
    began = time.perf_counter()
    rng = random.Random(rng_seed)
    nurses, charges = _staff(db)
    today = db.clock.now().replace(hour=0, minute=0, second=0, microsecond=0)
    plan = sorted(
        plan_courses(rng, count, days, today.astimezone().date()), key=lambda d: (d.day, d.patient)
    )
    patient_rows = _patients(db, rng, max(d.patient for d in plan) + 1)
    generator = Generator(rng, nurses, charges)
    serious: set[int] = set()  # patients with a grade 3 reaction: no 2-hour option after it
    with db.read() as s:
        first_session = history.highest_id(s, InfusionSession) + 1
        generator.next_event_id = history.highest_id(s, SessionEvent)
        generator.next_reading_id = history.highest_id(s, VitalSignReading)
        generator.next_reaction_id = history.highest_id(s, Reaction)
        generator.next_amendment_id = history.highest_id(s, Amendment)
        generator.next_audit_id = history.highest_id(s, AuditEntry)
    totals = [0, 0, 0, 0]
    done = 0
    while done < count:
        batch = Batch()
        size = min(chunk, count - done)
        for n in range(size):
            dose = plan[done + n]
            day = today - timedelta(days=(today.astimezone().date() - dose.day).days)
            created_at = day + timedelta(hours=rng.randint(7, 13), minutes=5 * rng.randint(0, 11))
            pid = dose.protocol_id
            if pid == "ocrevus-iv-short" and dose.patient in serious:
                pid = "ocrevus-iv-standard"
            grade = generator.session(
                batch,
                first_session + done + n,
                patient_rows[dose.patient],
                created_at,
                (pid, dose.infusion_number),
            )
            if grade is not None and grade >= 3:
                serious.add(dose.patient)
        with db.write() as s:
            history.bulk_insert(s, InfusionSession, batch.sessions)
            history.bulk_insert(s, SessionEvent, batch.events)
            history.bulk_insert(s, VitalSignReading, batch.readings)
            history.bulk_insert(s, Reaction, batch.reactions)
            history.bulk_insert(s, Amendment, batch.amendments)
            history.bulk_insert(s, AuditEntry, batch.audit)
        for index, rows in enumerate(
            (batch.events, batch.readings, batch.reactions, batch.amendments)
        ):
            totals[index] += len(rows)
        done += size
        if progress is not None:
            progress(done, count)
    with db.write() as s:
        history.after_bulk_insert(
            s, [InfusionSession, SessionEvent, VitalSignReading, Reaction, Amendment, AuditEntry]
        )
    with db.write() as s:  # after the bulk rows: the audit id comes from its sequence
        write_audit(s, None, "seed", db.clock.now(), username="nurse-monitor seed", sessions=count)
    events, readings, reactions, amendments = totals
    return SeedReport(count, events, readings, reactions, amendments, time.perf_counter() - began)


def finished_sessions(db: Database) -> int:
    """How many signed or co-signed sessions the record holds (the demo seeds history once)."""
    with db.read() as s:
        return history.count_finished(s)
