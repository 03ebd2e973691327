"""A kept view carries the parts of its last update forward when a save only added rows after
the ones it holds (services/view_parts.ViewCarry): only the new rows are worked out, and the
view equals the view read whole. A reading timed before the last one, an entry whose amended
time lies after a new one, an amendment and a new user each have everything worked out again,
and the view still equals the view read whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import view_parts
from nurse_monitor.services.amendments import amend_session_entry
from nurse_monitor.services.chair_view import chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.record_cache import SessionRows
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.users import create_user
from nurse_monitor.services.view_update import KeptView
from tests.plugins.databases import Staff

from .chair_walk import NORMAL_VITALS, begin_running
from .test_view_update import Heard

KIM = {"username": "k.new", "full_name": "Kim New", "role": "nurse"}


@dataclass
class Ward:
    """One running session, its kept view (`heard`), and how many events each working-out of
    a view's parts was given (`sizes`, a spy on view_parts)."""

    db: Database
    staff: Staff
    clock: FakeClock
    session_id: int
    heard: Heard
    sizes: list[int]

    def during(self, action: Callable[[], object]) -> list[int]:
        """The sizes worked out while `action` ran (and the kept view heard it)."""
        self.sizes.clear()
        action()
        self.heard.holds()
        return list(self.sizes)

    def save(self, minutes: int = 5, **values: Any) -> list[int]:
        """Vital signs `minutes` later (`values` over the normal ones): the sizes worked out."""
        self.clock.advance(minutes=minutes)
        nurse, session_id = self.staff.nurse, self.session_id
        taken_at = values.pop("taken_at", None)
        reading = {**NORMAL_VITALS, **values}
        return self.during(
            lambda: chair.record_vitals(self.db, nurse, session_id, reading, taken_at=taken_at)
        )


@pytest.fixture
def ward(
    db: Database,
    staff: Staff,
    alice: PatientRecord,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> Ward:
    session_id = begin_running(db, staff.nurse, alice, clock).id
    for _ in range(3):
        clock.advance(minutes=5)
        chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    heard = Heard(db, KeptView(chair_view(db, staff.nurse, session_id)), staff)
    sizes: list[int] = []
    whole = view_parts.view_parts

    def spy(rows: SessionRows, *args: Any) -> view_parts.ViewParts:
        sizes.append(len(rows.events))
        return whole(rows, *args)

    monkeypatch.setattr(view_parts, "view_parts", spy)
    return Ward(db, staff, clock, session_id, heard, sizes)


def test_a_save_after_the_last_entry_works_out_only_its_own_rows(ward: Ward) -> None:
    readings = len(ward.heard.kept.view.readings)
    everything = len(ward.heard.kept.view.timeline) + 1
    assert ward.save() == [everything]  # the first update has nothing to carry
    for _ in range(3):
        assert ward.save() == [1]  # the vital-signs entry just saved, nothing else
    ward.clock.advance(minutes=1)
    nurse, session_id = ward.staff.nurse, ward.session_id
    rate = lambda: chair.change_rate(ward.db, nurse, session_id, 60, "titration")  # noqa: E731
    assert ward.during(rate) == [1]
    assert ward.heard.kept.view.status.rate_ml_h == 60
    assert len(ward.heard.kept.view.readings) == readings + 4


def test_a_reading_timed_before_the_last_has_everything_worked_out_again(ward: Ward) -> None:
    ward.save()
    taken = ward.clock.now() - timedelta(minutes=3)  # typed after the fact, between two readings
    sizes = ward.save(minutes=0, heart_rate=101, taken_at=taken)
    assert sizes and sizes[-1] > 1
    readings = ward.heard.kept.view.readings
    assert [r.heart_rate for r in readings[-2:]] == [101, NORMAL_VITALS["heart_rate"]]
    assert ward.save()


def test_an_entry_amended_to_after_a_new_one_has_everything_worked_out_again(
    ward: Ward,
) -> None:
    ward.save()
    last = ward.heard.kept.view.timeline[-1]
    assert last.event.type == "vitals"
    ward.clock.advance(minutes=2)
    # Its time corrected to later than the next reading will be: the new entry sorts before it.
    later = ward.clock.now() + timedelta(seconds=50)
    nurse, session_id = ward.staff.nurse, ward.session_id
    ward.during(
        lambda: amend_session_entry(
            ward.db, nurse, session_id, last.event.id, "occurred_at", later, "clock misread"
        )
    )
    sizes = ward.save(minutes=0)
    assert sizes == [1, len(ward.heard.kept.view.timeline)]  # the new rows alone, then all
    assert ward.heard.kept.view.timeline[-1].event.id == last.event.id
    assert ward.save() == [1]


def test_a_new_user_has_everything_worked_out_again(ward: Ward) -> None:
    ward.save()
    create_user(ward.db, ward.staff.admin, **KIM, password="a long quiet river bank")
    assert ward.save() == [len(ward.heard.kept.view.timeline)]
