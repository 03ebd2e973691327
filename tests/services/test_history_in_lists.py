"""The history page's rows hold exactly HistoryRow's fields. Its IN lists (statuses, a drug's
protocols): a few values take one parameter each, an empty or long list expands; every length
finds exactly the sessions whose value is listed, in the page, its count and the export's ids."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest
from sqlalchemy import event

from nurse_monitor.services.database import Database
from nurse_monitor.services.history import HistoryFilter, HistoryRow, history_page
from nurse_monitor.services.seed import seed_sessions
from nurse_monitor.storage.repositories import history
from nurse_monitor.storage.repositories.history import HistoryCriteria
from tests.services.test_history import Plain, plain_rows
from tests.storage.conftest import Staff

STATUSES = ("planned", "in_progress", "ended", "signed", "cosigned")


@pytest.fixture
def seeded(db: Database, staff: Staff) -> list[Plain]:
    seed_sessions(db, 60, days=30, rng_seed=11, chunk=30)
    return plain_rows(db)


def found(db: Database, criteria: HistoryCriteria) -> tuple[set[int], int, set[int]]:
    with db.read() as s:
        rows = history.history_rows(s, criteria, "date", True, 0, 1000)
        count = history.history_count(s, criteria)
        ids = history.history_ids(s, criteria)
    return {r[0] for r in rows}, count, set(ids)


@pytest.mark.parametrize(
    "statuses", [(), ("signed",), ("signed", "cosigned"), STATUSES, (*STATUSES, *STATUSES)]
)
def test_sessions_with_a_listed_status(
    db: Database, seeded: list[Plain], statuses: tuple[str, ...]
) -> None:
    expected = {p.id for p in seeded if p.status in statuses}
    rows, count, ids = found(db, HistoryCriteria(statuses=statuses))
    assert rows == ids == expected and count == len(expected)


def test_sessions_of_listed_protocols_however_many(db: Database, seeded: list[Plain]) -> None:
    protocols = sorted({p.protocol_id for p in seeded})
    assert len(protocols) > 1
    padded = (*protocols, *(f"no-such-protocol-{i}" for i in range(9)))  # past the fixed lists
    for listed in ((), tuple(protocols[:1]), tuple(protocols), padded):
        expected = {p.id for p in seeded if p.protocol_id in listed}
        rows, count, ids = found(db, HistoryCriteria(protocol_ids=listed))
        assert rows == ids == expected and count == len(expected), listed


def test_a_page_row_holds_every_field_of_a_history_row_and_nothing_else(
    db: Database, staff: Staff, seeded: list[Plain]
) -> None:
    rows = history_page(db, staff.charge, HistoryFilter(), limit=5)
    assert rows
    for row in rows:
        assert list(vars(row)) == [f.name for f in fields(HistoryRow)]
        assert row == replace(row)


def test_a_page_of_one_statement_reads_without_begin_and_sees_committed_rows(
    db: Database, staff: Staff, seeded: list[Plain]
) -> None:
    """SQLite reads one statement on one snapshot by itself: the page's read sends no BEGIN
    (a read of several statements still does); on PostgreSQL nothing changes."""
    sent: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        sent.append(statement.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        rows = history_page(db, staff.charge, HistoryFilter(status="signed"), limit=1000)
        page_sent = list(sent)
        sent.clear()
        with db.read_rows() as conn:
            history.history_count(conn, HistoryCriteria())
        several_sent = list(sent)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert {r.session_id for r in rows} == {p.id for p in seeded if p.status == "signed"}
    if db.engine.dialect.name == "sqlite":
        assert page_sent == ["SELECT"]
        assert several_sent == ["BEGIN", "SELECT"]
