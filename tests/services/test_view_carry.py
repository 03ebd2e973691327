"""A kept view carries the parts of its last update forward when a save only added rows after
the ones it holds (services/view_parts.ViewCarry): only the new rows are worked out, and the
view equals the view read whole. A reading timed before the last one, an entry whose amended
time lies after a new one, an amendment and a new user each have everything worked out again,
and the view still equals the view read whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

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


class Worked:
    """How many events each working-out of a view's parts was given (a spy on view_parts)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sizes: list[int] = []
        whole = view_parts.view_parts

        def spy(rows: SessionRows, *args: object) -> view_parts.ViewParts:
            self.sizes.append(len(rows.events))
            return whole(rows, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(view_parts, "view_parts", spy)

    def during(self, action: Callable[[], object]) -> list[int]:
        self.sizes.clear()
        action()
        return list(self.sizes)


@pytest.fixture
def ward(db: Database, staff: Staff, alice: PatientRecord, clock: FakeClock) -> tuple[Heard, int]:
    session_id = begin_running(db, staff.nurse, alice, clock).id
    for _ in range(3):
        clock.advance(minutes=5)
        chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    return Heard(db, KeptView(chair_view(db, staff.nurse, session_id)), staff), session_id


def test_a_save_after_the_last_entry_works_out_only_its_own_rows(
    db: Database, staff: Staff, clock: FakeClock, ward: tuple[Heard, int], monkeypatch
) -> None:
    heard, session_id = ward
    worked = Worked(monkeypatch)
    save = lambda: chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)  # noqa: E731
    readings = len(heard.kept.view.readings)
    clock.advance(minutes=5)
    everything = len(chair_view(db, staff.nurse, session_id).timeline) + 1
    assert worked.during(save) == [everything]  # the first update has nothing to carry
    heard.holds()
    for _ in range(3):
        clock.advance(minutes=5)
        assert worked.during(save) == [1]  # the vital-signs entry just saved, nothing else
        heard.holds()
    clock.advance(minutes=1)
    rate = lambda: chair.change_rate(db, staff.nurse, session_id, 60, "titration")  # noqa: E731
    assert worked.during(rate) == [1]
    heard.holds()
    assert heard.kept.view.status.rate_ml_h == 60
    assert len(heard.kept.view.readings) == readings + 4


def test_a_reading_timed_before_the_last_has_everything_worked_out_again(
    db: Database, staff: Staff, clock: FakeClock, ward: tuple[Heard, int], monkeypatch
) -> None:
    heard, session_id = ward
    worked = Worked(monkeypatch)
    clock.advance(minutes=5)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    heard.holds()
    taken = clock.now() - timedelta(minutes=3)  # typed after the fact, between two readings
    late = {**NORMAL_VITALS, "heart_rate": 101}
    sizes = worked.during(
        lambda: chair.record_vitals(db, staff.nurse, session_id, late, taken_at=taken)
    )
    assert sizes and sizes[-1] > 1
    heard.holds()
    readings = heard.kept.view.readings
    assert [r.heart_rate for r in readings[-2:]] == [101, NORMAL_VITALS["heart_rate"]]
    clock.advance(minutes=5)
    assert worked.during(lambda: chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS))
    heard.holds()


def test_an_entry_amended_to_after_a_new_one_has_everything_worked_out_again(
    db: Database, staff: Staff, clock: FakeClock, ward: tuple[Heard, int], monkeypatch
) -> None:
    heard, session_id = ward
    worked = Worked(monkeypatch)
    clock.advance(minutes=5)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    last = heard.kept.view.timeline[-1]
    assert last.event.type == "vitals"
    clock.advance(minutes=2)
    # Its time corrected to later than the next reading will be: the new entry sorts before it.
    later = clock.now() + timedelta(seconds=50)
    amend_session_entry(
        db, staff.nurse, session_id, last.event.id, "occurred_at", later, "clock misread"
    )
    heard.holds()
    sizes = worked.during(lambda: chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS))
    assert sizes == [1, len(heard.kept.view.timeline)]  # the new rows alone, then all
    heard.holds()
    assert heard.kept.view.timeline[-1].event.id == last.event.id
    clock.advance(minutes=5)
    assert worked.during(
        lambda: chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    ) == [1]
    heard.holds()


def test_a_new_user_has_everything_worked_out_again(
    db: Database, staff: Staff, clock: FakeClock, ward: tuple[Heard, int], monkeypatch
) -> None:
    heard, session_id = ward
    worked = Worked(monkeypatch)
    clock.advance(minutes=5)
    chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS)
    create_user(
        db,
        staff.admin,
        username="k.new",
        full_name="Kim New",
        role="nurse",
        password="a long quiet river bank",
    )
    clock.advance(minutes=5)
    sizes = worked.during(lambda: chair.record_vitals(db, staff.nurse, session_id, NORMAL_VITALS))
    assert sizes == [len(heard.kept.view.timeline)]
    heard.holds()
