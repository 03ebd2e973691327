"""The session history service: each filter returns exactly the rows a plain query finds, every
column sorts both ways with stable paging, and the roles are checked."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from nurse_monitor.services import amendments, history, sessions
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, PermissionDenied
from nurse_monitor.services.history import HistoryFilter, HistorySort
from nurse_monitor.services.protocol_library import protocol
from nurse_monitor.services.seed import seed_sessions
from nurse_monitor.storage.models import InfusionSession
from tests.storage.conftest import Staff

PLAIN = """
SELECT s.id, s.created_at, s.chair, p.family_name, p.given_name, p.record_number, s.protocol_id,
       s.nurse_id, u.full_name, s.duration_min, s.volume_infused_ml, s.highest_news2,
       s.worst_grade, s.status, s.needs_review, s.amended
FROM infusion_sessions s JOIN patients p ON p.id = s.patient_id JOIN users u ON u.id = s.nurse_id
"""


@dataclass(frozen=True)
class Plain:
    """One session as a plain query reads it, with the filters applied in Python."""

    id: int
    created_at: datetime
    chair: str
    family_name: str
    given_name: str
    record_number: str
    protocol_id: str
    nurse_id: int
    nurse: str
    duration_min: int | None
    volume: float | None
    news2: int | None
    grade: int | None
    status: str
    needs_review: bool
    amended: bool


def plain_rows(db: Database) -> list[Plain]:
    with db.engine.connect() as conn:
        rows = conn.execute(text(PLAIN)).all()
    result = []
    for r in rows:
        created = r.created_at
        if isinstance(created, str):
            created = datetime.fromisoformat(created)
        if created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        result.append(
            Plain(
                r.id, created, r.chair, r.family_name, r.given_name, r.record_number,
                r.protocol_id, r.nurse_id, r.full_name, r.duration_min, r.volume_infused_ml,
                r.highest_news2, r.worst_grade, r.status, bool(r.needs_review), bool(r.amended),
            )
        )  # fmt: skip
    return result


@pytest.fixture
def seeded(db: Database, staff: Staff) -> list[Plain]:
    seed_sessions(db, 120, days=90, rng_seed=7, chunk=50)
    # One amendment through the service, so "amended" and re-review always have a row.
    for session_id in (1, 2):
        vitals = next(
            e for e in sessions.session_events(db, staff.nurse, session_id) if e.type == "vitals"
        )
        amendments.amend_session_entry(
            db, staff.charge, session_id, vitals.id, "heart_rate", 77, "wrong value typed"
        )
    return plain_rows(db)


def all_ids(
    db: Database, staff: Staff, f: HistoryFilter, sort: HistorySort | None = None
) -> list[int]:
    sort = sort or HistorySort()
    ids: list[int] = []
    while True:
        page = history.history_page(db, staff.charge, f, sort, offset=len(ids), limit=17)
        ids += [r.session_id for r in page]
        if len(page) < 17:
            return ids


def newest_first(rows: list[Plain]) -> list[int]:
    return [r.id for r in sorted(rows, key=lambda r: (r.created_at, r.id), reverse=True)]


def test_no_filter_lists_every_session_newest_first(
    db: Database, staff: Staff, seeded: list[Plain]
) -> None:
    assert all_ids(db, staff, HistoryFilter()) == newest_first(seeded)
    assert history.history_count(db, staff.charge, HistoryFilter()) == len(seeded)


def filters_and_rules(seeded: list[Plain]) -> list[tuple[HistoryFilter, Any]]:
    middle = sorted(r.created_at for r in seeded)[len(seeded) // 2]
    someone = seeded[3]
    nurse_id = seeded[5].nurse_id
    return [
        (HistoryFilter(since=middle), lambda r: r.created_at >= middle),
        (HistoryFilter(until=middle), lambda r: r.created_at < middle),
        (
            HistoryFilter(since=middle - timedelta(days=10), until=middle),
            lambda r: middle - timedelta(days=10) <= r.created_at < middle,
        ),
        (
            HistoryFilter(patient_text=someone.family_name[:3].lower()),
            lambda r: (
                someone.family_name[:3].lower()
                in (r.family_name.lower() + " " + r.given_name.lower())
            ),
        ),
        (
            HistoryFilter(patient_text=someone.record_number),
            lambda r: r.record_number == someone.record_number,
        ),
        (
            HistoryFilter(patient_text=f"{someone.given_name} {someone.family_name}"),
            lambda r: (r.given_name, r.family_name) == (someone.given_name, someone.family_name),
        ),
        (HistoryFilter(nurse_id=nurse_id), lambda r: r.nurse_id == nurse_id),
        (HistoryFilter(treatment="natalizumab"), lambda r: r.protocol_id == "natalizumab"),
        (
            HistoryFilter(treatment="ocrelizumab"),
            lambda r: r.protocol_id.startswith("ocrevus"),
        ),
        (
            HistoryFilter(treatment="ocrevus-iv-short"),
            lambda r: r.protocol_id == "ocrevus-iv-short",
        ),
        (HistoryFilter(min_grade=1), lambda r: r.grade is not None and r.grade >= 1),
        (HistoryFilter(min_grade=2), lambda r: r.grade is not None and r.grade >= 2),
        (HistoryFilter(status="signed"), lambda r: r.status == "signed"),
        (HistoryFilter(status="cosigned"), lambda r: r.status == "cosigned"),
        (HistoryFilter(status="in_progress"), lambda r: r.status in ("planned", "in_progress")),
        (
            HistoryFilter(awaiting_cosign=True),
            lambda r: r.status == "signed" or (r.status == "cosigned" and r.needs_review),
        ),
        (
            HistoryFilter(since=middle, treatment="ocrelizumab", min_grade=1),
            lambda r: (
                r.created_at >= middle
                and r.protocol_id.startswith("ocrevus")
                and r.grade is not None
            ),
        ),
        (HistoryFilter(patient_text="no such patient"), lambda r: False),
        (HistoryFilter(patient_text="%"), lambda r: False),
        (HistoryFilter(patient_text="_"), lambda r: False),
        (HistoryFilter(patient_text="/"), lambda r: False),
    ]


def test_each_filter_returns_exactly_the_matching_rows(
    db: Database, staff: Staff, seeded: list[Plain]
) -> None:
    for f, rule in filters_and_rules(seeded):
        expected = newest_first([r for r in seeded if rule(r)])
        assert all_ids(db, staff, f) == expected, f
        assert history.history_count(db, staff.charge, f) == len(expected), f
        assert history.history_session_ids(db, staff.charge, f) == sorted(
            expected, key=lambda i: next(r.created_at for r in seeded if r.id == i)
        ) or set(history.history_session_ids(db, staff.charge, f)) == set(expected)


def test_the_first_page_comes_with_its_count(
    db: Database, staff: Staff, seeded: list[Plain]
) -> None:
    for f, _rule in filters_and_rules(seeded):
        for sort in (HistorySort(), HistorySort("patient", False)):
            first = history.history_first_page(db, staff.charge, f, sort, limit=17)
            assert first.total == history.history_count(db, staff.charge, f), f
            assert first.rows == history.history_page(db, staff.charge, f, sort, limit=17), f
    with pytest.raises(PermissionDenied):
        history.history_first_page(db, staff.admin, HistoryFilter())


def test_rows_carry_the_stored_values_and_aware_utc_times(
    db: Database, staff: Staff, seeded: list[Plain]
) -> None:
    rows = history.history_page(db, staff.charge, HistoryFilter(), limit=1000)
    plain = {r.id: r for r in seeded}
    with db.read() as s:
        stored = {x.id: x for x in s.scalars(select(InfusionSession))}  # the ORM's own reading
    assert len(rows) == len(seeded) == len(stored)
    first = rows[0]  # a row is an ordinary frozen HistoryRow, however the service built it
    assert first == replace(first) and hash(first) == hash(replace(first))
    with pytest.raises(FrozenInstanceError):
        first.status = "signed"  # type: ignore[misc]
    assert any(r.started_at for r in rows) and any(r.ended_at for r in rows)
    for row in rows:
        p, orm = plain[row.session_id], stored[row.session_id]
        for moment, expected in (
            (row.created_at, orm.created_at),
            (row.started_at, orm.started_at),
            (row.ended_at, orm.ended_at),
        ):
            assert moment == expected
            assert moment is None or moment.tzinfo is UTC
        assert (row.version, row.chair, row.patient_id, row.protocol_id) == (
            orm.version, orm.chair, orm.patient_id, orm.protocol_id
        )  # fmt: skip
        assert (row.infusion_number, row.nurse_id, row.nurse_name) == (
            orm.infusion_number, p.nurse_id, p.nurse
        )  # fmt: skip
        assert row.patient_name == f"{p.family_name.upper()}, {p.given_name}"
        assert row.record_number == p.record_number
        assert row.protocol_name == protocol(row.protocol_id).display_name
        assert (row.duration_min, row.volume_infused_ml, row.highest_news2, row.worst_grade) == (
            p.duration_min, p.volume, p.news2, p.grade
        )  # fmt: skip
        assert (row.status, row.needs_review, row.amended) == (p.status, p.needs_review, p.amended)


@pytest.mark.parametrize(
    "stored_text",
    [
        "2026-01-05 09:30:00.250000",  # what the record writes on SQLite
        "2026-01-05 09:30:00",
        "2026-01-05T09:30:00.5",
        "2026-01-05 10:30:00+01:00",  # a zone in the text: converted to UTC
        "2026-01-05 09:30:00Z",
    ],
)
def test_times_read_as_the_record_reads_them_whatever_the_stored_text(
    db: Database, staff: Staff, seeded: list[Plain], stored_text: str
) -> None:
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE infusion_sessions SET started_at = :t WHERE id = 3"), {"t": stored_text}
        )
    [row] = [
        r
        for r in history.history_page(db, staff.charge, HistoryFilter(), limit=1000)
        if r.session_id == 3
    ]
    with db.read() as s:
        expected = s.get_one(InfusionSession, 3).started_at
    assert expected is not None and expected.tzinfo is UTC
    assert row.started_at == expected and row.started_at.tzinfo is UTC


def test_the_seed_gives_each_filter_something_to_find(seeded: list[Plain]) -> None:
    assert any(r.grade for r in seeded)
    assert any(r.status == "signed" for r in seeded)
    assert any(r.amended for r in seeded)
    assert len({r.protocol_id for r in seeded}) >= 3


STATUS_ORDER = {"planned": 0, "in_progress": 1, "ended": 2, "signed": 3, "cosigned": 4}
SORT_VALUES = {
    "date": lambda r: (r.created_at,),
    "chair": lambda r: (r.chair,),
    "patient": lambda r: (r.family_name, r.given_name),
    "record_number": lambda r: (r.record_number,),
    "protocol": lambda r: (r.protocol_id,),
    "nurse": lambda r: (r.nurse,),
    "duration": lambda r: (r.duration_min,),
    "volume": lambda r: (r.volume,),
    "news2": lambda r: (r.news2,),
    "grade": lambda r: (r.grade,),
    "status": lambda r: (STATUS_ORDER[r.status],),
    "amended": lambda r: (r.amended,),
}


def null_first(values: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple((v is not None, v if v is not None else 0) for v in values)


@pytest.mark.parametrize("key", history.SORT_KEYS)
def test_sorting_by_every_column_both_ways(
    db: Database, staff: Staff, seeded: list[Plain], key: str
) -> None:
    ascending = [
        r.id for r in sorted(seeded, key=lambda r: (null_first(SORT_VALUES[key](r)), r.id))
    ]
    assert all_ids(db, staff, HistoryFilter(), HistorySort(key, False)) == ascending
    assert all_ids(db, staff, HistoryFilter(), HistorySort(key, True)) == ascending[::-1]


def test_every_sort_key_has_a_rule_here() -> None:
    assert set(SORT_VALUES) == set(history.SORT_KEYS)


def test_a_nurse_may_look_an_administrator_may_not(db: Database, staff: Staff) -> None:
    assert history.history_page(db, staff.nurse, HistoryFilter()) == []
    with pytest.raises(PermissionDenied):
        history.history_page(db, staff.admin, HistoryFilter())


def test_bad_requests_are_refused(db: Database, staff: Staff) -> None:
    with pytest.raises(InvalidInput, match="Sort"):
        history.history_page(db, staff.charge, HistoryFilter(), HistorySort("weather"))
    with pytest.raises(InvalidInput, match="Status"):
        history.history_page(db, staff.charge, HistoryFilter(status="lost"))
    with pytest.raises(InvalidInput, match="Reaction grade"):
        history.history_page(db, staff.charge, HistoryFilter(min_grade=9))
    with pytest.raises(InvalidInput, match="Page"):
        history.history_page(db, staff.charge, HistoryFilter(), limit=5000)
    with pytest.raises(InvalidInput, match="time zone"):
        history.history_page(db, staff.charge, HistoryFilter(since=datetime(2026, 1, 1)))


def test_filter_choices(db: Database, staff: Staff) -> None:
    nurses = history.nurse_choices(db, staff.charge)
    assert {c.label for c in nurses} == {"Ana Nurse", "Ben Charge"}
    treatments = [c.value for c in history.treatment_choices()]
    assert treatments[:3] == ["natalizumab", "ocrelizumab", "rituximab"]
    assert "ocrevus-iv-standard" in treatments
