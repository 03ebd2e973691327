"""SQLite: the station's pump listener runs in a process of its own and tells the station its
commit numbers a moment after each commit. A number told by the next look is the station's own
(no screen reads everything again); one never told is another station's, noticed a look later."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import Database, open_database
from nurse_monitor.services.pump_receiving import receive_message
from nurse_monitor.services.station_feed import DataVersionWatch


@pytest.fixture
def station(sqlite_database_url: str, clock: FakeClock) -> Iterator[Database]:
    db = open_database(sqlite_database_url, clock)
    yield db
    db.close()


@pytest.fixture
def listener_process(sqlite_database_url: str, clock: FakeClock) -> Iterator[Database]:
    """The listener process's connection to the same file (its own commit numbers)."""
    db = open_database(sqlite_database_url, clock)
    yield db
    db.close()


def last_mark(db: Database) -> int:
    return db.own_commits._marks[-1]


def test_a_number_told_by_the_next_look_is_the_stations_own(
    station: Database, listener_process: Database
) -> None:
    station.own_commits.told_late = True  # the station runs its listener in a process
    watch = DataVersionWatch(station)
    try:
        receive_message(listener_process, "not a pump message")  # committed, not yet told
        assert not watch.moved()  # given a look's time
        station.own_commits.note(last_mark(listener_process))  # told on its pipe
        receive_message(listener_process, "not a pump message either")  # the next, untold
        assert not watch.moved()
        station.own_commits.note(last_mark(listener_process))
        assert not watch.moved()
        assert not watch.moved()
    finally:
        watch.close()


def test_a_number_never_told_is_another_stations_commit_seen_a_look_later(
    station: Database, listener_process: Database
) -> None:
    station.own_commits.told_late = True
    watch = DataVersionWatch(station)
    try:
        receive_message(listener_process, "another station's commit")
        assert not watch.moved()
        assert watch.moved()  # never told: another station's
        assert not watch.moved()  # once
    finally:
        watch.close()


def test_without_a_listener_process_another_stations_commit_is_seen_at_once(
    station: Database, listener_process: Database
) -> None:
    watch = DataVersionWatch(station)
    try:
        receive_message(listener_process, "another station's commit")
        assert watch.moved()
        assert not watch.moved()
    finally:
        watch.close()


class CommitBetweenReads:
    """The watch's connection, with the station's own commit landing between its reads of
    data_version and of the commit number (once)."""

    def __init__(self, connection: Any, commit: Callable[[], None]) -> None:
        self._connection = connection
        self._commit: Callable[[], None] | None = commit

    def cursor(self) -> Any:
        outer = self
        cursor = self._connection.cursor()

        class Cursor:
            def execute(self, sql: str) -> Any:
                if sql == "PRAGMA user_version" and outer._commit is not None:
                    commit, outer._commit = outer._commit, None
                    commit()
                return cursor.execute(sql)

            def __getattr__(self, name: str) -> Any:
                return getattr(cursor, name)

        return Cursor()

    def close(self) -> None:
        self._connection.close()


def test_the_stations_own_commit_between_the_two_reads_is_not_taken_for_another_program(
    station: Database,
) -> None:
    watch = DataVersionWatch(station)
    try:
        watch._connection = CommitBetweenReads(
            watch._connection, lambda: receive_message(station, "a pump's message")
        )
        receive_message(station, "the station's own commit")
        assert not watch.moved()  # the second commit lands mid-look
        assert not watch.moved()  # both the station's: nothing moved elsewhere
    finally:
        watch.close()
