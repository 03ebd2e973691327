"""Fourteen stations starting at once on a new PostgreSQL record (issue 16, defect 13).

Before the migration lock, 8 of 14 crashed with an IntegrityError (two stations creating the
same tables). Now one migrates under an advisory lock and the others find the schema current.
"""

from __future__ import annotations

import threading

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import open_database
from nurse_monitor.storage import sqlite_file

STATIONS = 14


def test_fourteen_stations_start_at_once_on_a_new_record(
    postgres_database_url: str, clock: FakeClock
) -> None:
    start = threading.Barrier(STATIONS)
    failures: list[BaseException] = []
    revisions: list[str | None] = []

    def station() -> None:
        start.wait()
        try:
            db = open_database(postgres_database_url, clock)
            revisions.append(db.status.revision)
            db.close()
        except BaseException as failure:
            failures.append(failure)

    threads = [threading.Thread(target=station) for _ in range(STATIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)  # before the lock, stations could wait on each other forever
    assert not [t for t in threads if t.is_alive()]
    assert failures == []
    assert revisions == [sqlite_file.schema_revisions().head] * STATIONS
