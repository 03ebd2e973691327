"""A whole recorded session (reaction, amendment, signature) for the report tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import amendments
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import reaction_actions as reactions
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.records import PatientRecord
from tests.plugins.databases import ALICE, Staff

__all__ = ["ALICE", "Recorded", "pdf_text_pages", "record_whole_session"]
from tests.services.chair_walk import (
    NORMAL_VITALS,
    give_take_home_sheet,
    initial_request,
    started,
    titrate_to_the_end,
)

FEVERISH = {**NORMAL_VITALS, "temperature_c": 38.3, "heart_rate": 114, "systolic": 98}


@pytest.fixture
def database_url(sqlite_database_url: str) -> str:
    """Reports read through services; the backends are covered in tests/storage and services."""
    return sqlite_database_url


@dataclass(frozen=True)
class Recorded:
    session_id: int
    premedication_event_id: int


def record_whole_session(
    db: Database,
    staff: Staff,
    patient: PatientRecord,
    clock: FakeClock,
    chair_name: str = "Chair 3",
) -> Recorded:
    """Check-in to signature: a mild reaction at 60 mL/h, medicines, resolution, the rest of the
    bag, teaching, observation, discharge, signature, then an amended premedication dose."""
    nurse = staff.nurse
    session = started(db, nurse, clock, initial_request(patient, chair=chair_name))
    clock.advance(minutes=30)
    chair.record_vitals(db, nurse, session.id, NORMAL_VITALS)
    chair.change_rate(db, nurse, session.id, 60, "titration")
    clock.advance(minutes=10)
    reactions.record_reaction(
        db, nurse, session.id, severity="mild", symptoms=["pruritus", "flushing"], ctcae_grade=1
    )
    chair.record_vitals(db, nurse, session.id, FEVERISH)
    reactions.apply_reaction_action(db, nurse, session.id)
    reactions.record_intervention(
        db, nurse, session.id, drug="cetirizine", dose="10 mg", route="PO"
    )
    clock.advance(minutes=20)
    reactions.resolve_reaction(db, nurse, session.id, "itching settled")
    clock.advance(minutes=10)
    chair.record_vitals(db, nurse, session.id, NORMAL_VITALS)
    chair.change_rate(db, nurse, session.id, 60, "resume titration after reaction")
    titrate_to_the_end(db, nurse, clock, session.id)
    chair.end_infusion(db, nurse, session.id, 258, "2 mL left in the line after the flush")
    chair.record_teaching(
        db,
        nurse,
        session.id,
        ["delayed_reactions", "infection_signs", "pml_signs", "when_to_call"],
        date(2026, 3, 16),
    )
    view = chair_view(db, nurse, session.id)
    assert view.status.observation_ends_at is not None
    clock.set(view.status.observation_ends_at)
    chair.record_vitals(db, nurse, session.id, NORMAL_VITALS)
    give_take_home_sheet(db, nurse, session.id)
    chair.discharge(db, nurse, session.id)
    chair.sign_session(db, nurse, session.id)
    premed = next(
        t
        for t in chair_view(db, nurse, session.id).timeline
        if t.event.type == "premedication_given" and t.payload["drug"] == "diphenhydramine"
    )
    clock.advance(minutes=5)
    amendments.amend_session_entry(
        db, nurse, session.id, premed.event.id, "dose", "25 mg", "charted the wrong syringe"
    )
    return Recorded(session.id, premed.event.id)


@pytest.fixture
def recorded(
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
) -> Recorded:
    return record_whole_session(db, staff, alice, clock)


def pdf_text_pages(data: bytes) -> list[str]:
    """Each page's text as pypdf extracts it, normalised (NFKC, whitespace folded)."""
    import io
    import unicodedata

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [
        " ".join(unicodedata.normalize("NFKC", page.extract_text() or "").split())
        for page in reader.pages
    ]
