"""The session history: every session, filtered and sorted in the database, one page at a time.

Charge nurses review all history and nurses may look; both read through here. Rows are frozen
`HistoryRow`s; a page is at most `limit` rows, never the whole table.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from nurse_monitor.domain.alarm_log import AlarmLogLine, responded_slower_than
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.protocol_library import protocol_library
from nurse_monitor.storage.repositories import alarm_log, history, users
from nurse_monitor.storage.repositories.history import HistoryCriteria

READING = CHARTING  # nurses and charge nurses
SORT_KEYS = tuple(history.SORT_KEYS)
# What the status filter offers, in the nurse's words, and the stored statuses behind each.
STATUS_CHOICES: dict[str, tuple[str, ...]] = {
    "in_progress": ("planned", "in_progress"),
    "ended": ("ended",),
    "signed": ("signed",),
    "cosigned": ("cosigned",),
}
MAX_PAGE = 1000
# The response-time filter's range in minutes: a design default of ours (a working day), not a
# clinical number.
SLOW_RESPONSE_RANGE = (1, 720)


@dataclass(frozen=True)
class HistoryFilter:
    """What the history window asks for; the defaults match every session.

    Times are aware datetimes: `since` inclusive, `until` exclusive (the UI turns local days into
    them). `treatment` is a drug (ocrelizumab), a brand (Ocrevus) or a protocol id.
    """

    since: datetime | None = None
    until: datetime | None = None
    patient_text: str = ""
    nurse_id: int | None = None
    treatment: str = ""
    min_grade: int | None = None
    status: str = ""  # "", or a key of STATUS_CHOICES
    awaiting_cosign: bool = False
    # Sessions whose alarm log shows a first response (acknowledged, snoozed or ended) more than
    # this many minutes after an alarm was raised; None: no such filter.
    slow_response_min: int | None = None


@dataclass(frozen=True)
class HistorySort:
    key: str = "date"  # one of SORT_KEYS
    descending: bool = True


@dataclass(frozen=True)
class HistoryRow:
    """One session as the history window lists it."""

    session_id: int
    version: int
    created_at: datetime
    chair: str
    patient_id: int
    patient_name: str
    record_number: str
    protocol_id: str
    protocol_name: str
    infusion_number: int
    nurse_id: int
    nurse_name: str
    started_at: datetime | None
    ended_at: datetime | None
    duration_min: int | None
    volume_infused_ml: float | None
    highest_news2: int | None
    worst_grade: int | None
    status: str
    needs_review: bool
    amended: bool

    @property
    def awaiting_cosign(self) -> bool:
        return self.status == "signed" or (self.status == "cosigned" and self.needs_review)


@dataclass(frozen=True)
class Choice:
    """One entry of a filter's drop-down: the value sent back, and the label shown."""

    value: str
    label: str


def treatment_protocol_ids(treatment: str) -> tuple[str, ...] | None:
    """The protocol ids a treatment filter means (None: no filter; empty: matches nothing)."""
    wanted = treatment.strip().casefold()
    if not wanted:
        return None
    return tuple(
        sorted(
            p.id
            for p in protocol_library().values()
            if wanted in (p.id.casefold(), p.drug.casefold(), p.brand.casefold())
        )
    ) or (treatment.strip(),)


def criteria(f: HistoryFilter) -> HistoryCriteria:
    if f.status and f.status not in STATUS_CHOICES:
        raise InvalidInput("Status", f"one of {', '.join(STATUS_CHOICES)}")
    if f.min_grade is not None and not 1 <= f.min_grade <= 5:
        raise InvalidInput("Reaction grade", "1 to 5")
    for moment in (f.since, f.until):
        if moment is not None and moment.tzinfo is None:
            raise InvalidInput("Dates", "need a time zone")
    low, high = SLOW_RESPONSE_RANGE
    if f.slow_response_min is not None and not low <= f.slow_response_min <= high:
        raise InvalidInput("Alarm response slower than", f"{low} to {high} minutes")
    return HistoryCriteria(
        created_from=f.since,
        created_before=f.until,
        patient_text=f.patient_text,
        nurse_id=f.nurse_id,
        protocol_ids=treatment_protocol_ids(f.treatment),
        min_grade=f.min_grade,
        statuses=STATUS_CHOICES[f.status] if f.status else None,
        awaiting_cosign=f.awaiting_cosign,
    )


def _with_slow_responses(
    s: Session | Connection, f: HistoryFilter, wanted: HistoryCriteria
) -> HistoryCriteria:
    """The criteria narrowed to the sessions whose alarms were answered slower than asked: the
    alarm log read in one query (from the filter's first day on), never one query per row."""
    if f.slow_response_min is None:
        return wanted
    limit = timedelta(minutes=f.slow_response_min)
    slow = [
        session_id
        for session_id, rows in groupby(alarm_log.entries_since(s, f.since), key=itemgetter(0))
        if responded_slower_than(
            (AlarmLogLine(r[1], r[2], r[3], tuple(r[4].split(",")), r[5]) for r in rows), limit
        )
    ]
    return replace(wanted, session_ids=tuple(slow))


@lru_cache(maxsize=1)
def _protocol_names() -> dict[str, str]:
    """Protocol display names by id, built once: the library is read once per process too."""
    return {p.id: p.display_name for p in protocol_library().values()}


def _rows(stored: Iterable[Sequence[Any]]) -> list[HistoryRow]:
    """HistoryRows from the repository's rows (`HISTORY_COLUMNS`, in that order).

    Each row is unpacked in one step and its fields put in its `__dict__` at once (every field
    of HistoryRow and nothing else, tests/services/test_history_in_lists.py): the same frozen
    HistoryRow (equal, same hash) as `HistoryRow(...)` makes, without the frozen `__init__`'s
    one guarded `object.__setattr__` per field (4.1 against 1.0 microseconds a row), nor one
    index lookup per column and a zip (1.45 against 1.15; a page of 51 rows was a third of the
    history page's time over sqlite3's, benchmarks/history_scale.py).
    """
    names = _protocol_names()
    make = object.__new__
    rows: list[HistoryRow] = []
    append = rows.append
    for (
        session_id,
        version,
        created_at,
        chair,
        patient_id,
        family_name,
        given_name,
        record_number,
        protocol_id,
        infusion_number,
        nurse_id,
        nurse_name,
        started_at,
        ended_at,
        duration_min,
        volume_infused_ml,
        highest_news2,
        worst_grade,
        status,
        needs_review,
        amended,
    ) in stored:
        row = make(HistoryRow)
        row.__dict__.update(
            {
                "session_id": session_id,
                "version": version,
                "created_at": created_at,
                "chair": chair,
                "patient_id": patient_id,
                "patient_name": f"{family_name.upper()}, {given_name}",
                "record_number": record_number,
                "protocol_id": protocol_id,
                "protocol_name": names.get(protocol_id, protocol_id),
                "infusion_number": infusion_number,
                "nurse_id": nurse_id,
                "nurse_name": nurse_name,
                "started_at": started_at,
                "ended_at": ended_at,
                "duration_min": duration_min,
                "volume_infused_ml": volume_infused_ml,
                "highest_news2": highest_news2,
                "worst_grade": worst_grade,
                "status": status,
                "needs_review": bool(needs_review),
                "amended": bool(amended),
            }
        )
        append(row)
    return rows


def _checked_page(
    actor: Actor, f: HistoryFilter, sort: HistorySort, offset: int, limit: int
) -> HistoryCriteria:
    require_role(actor, READING, "read the session history")
    if sort.key not in SORT_KEYS:
        raise InvalidInput("Sort", f"one of {', '.join(SORT_KEYS)}")
    if offset < 0 or not 1 <= limit <= MAX_PAGE:
        raise InvalidInput("Page", f"offset 0 or more, limit 1 to {MAX_PAGE}")
    return criteria(f)


def history_page(
    db: Database,
    actor: Actor,
    f: HistoryFilter,
    sort: HistorySort = HistorySort(),
    offset: int = 0,
    limit: int = 200,
) -> list[HistoryRow]:
    """One page of the sessions matching `f`, in `sort` order (ties broken by session id)."""
    wanted = _checked_page(actor, f, sort, offset, limit)
    if f.slow_response_min is not None:  # the alarm log first, then the page: one snapshot
        with db.read_rows() as conn:
            wanted = _with_slow_responses(conn, f, wanted)
            stored = history.history_rows(conn, wanted, sort.key, sort.descending, offset, limit)
    else:
        with db.read_rows(one_statement=True) as conn:
            stored = history.history_rows(conn, wanted, sort.key, sort.descending, offset, limit)
    return _rows(stored)


@dataclass(frozen=True)
class HistoryFirstPage:
    """How many sessions match a filter, and the first of them in the order asked."""

    total: int
    rows: list[HistoryRow]


def history_first_page(
    db: Database,
    actor: Actor,
    f: HistoryFilter,
    sort: HistorySort = HistorySort(),
    limit: int = 200,
) -> HistoryFirstPage:
    """The count and the first page of a filter (what the window shows first), in one read.

    One unit of work instead of two: on SQLite the count and the rows see the same snapshot.
    """
    wanted = _checked_page(actor, f, sort, 0, limit)
    with db.read_rows() as conn:
        wanted = _with_slow_responses(conn, f, wanted)
        total = history.history_count(conn, wanted)
        stored = history.history_rows(conn, wanted, sort.key, sort.descending, 0, limit)
    return HistoryFirstPage(total, _rows(stored))


def history_count(db: Database, actor: Actor, f: HistoryFilter) -> int:
    """How many sessions match `f`."""
    require_role(actor, READING, "read the session history", db)
    wanted = criteria(f)
    with db.read_rows() as conn:
        return history.history_count(conn, _with_slow_responses(conn, f, wanted))


def history_session_ids(db: Database, actor: Actor, f: HistoryFilter) -> list[int]:
    """Every session id matching `f` (for exporting a whole filter), oldest first."""
    require_role(actor, READING, "read the session history", db)
    wanted = criteria(f)
    with db.read() as s:
        return history.history_ids(s, _with_slow_responses(s, f, wanted))


def nurse_choices(db: Database, actor: Actor) -> list[Choice]:
    """Staff who chart (nurses and charge nurses), for the nurse filter."""
    require_role(actor, READING, "read the session history", db)
    with db.read() as s:
        return [
            Choice(str(u.id), u.full_name)
            for u in users.all_users(s)
            if u.role in ("nurse", "charge_nurse")
        ]


def treatment_choices() -> list[Choice]:
    """Drugs first (every protocol of the drug), then each protocol."""
    library = list(protocol_library().values())
    drugs = sorted({p.drug for p in library})
    return [Choice(drug, f"{drug.capitalize()}, every protocol") for drug in drugs] + [
        Choice(p.id, p.display_name) for p in sorted(library, key=lambda p: p.display_name)
    ]
