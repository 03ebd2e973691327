"""Other stations' commits, noticed within a second: the far end of the change edge.

- PostgreSQL: every committed write sends `NOTIFY` (see `Database.write`); `NotifyListener`
  holds one autocommit connection that `LISTEN`s on a worker thread (psycopg 3
  `conn.notifies()`) and hands each other station's `Changes` to a callback.
- SQLite (processes sharing one file on one machine): `DataVersionWatch.moved()` reads
  `PRAGMA data_version` on a connection of its own, which changes when any other connection
  commits. It is cheap enough to ask every half second. The commit numbers tell this station's
  own commits from others' (storage/commit_marks.py). It cannot say what changed, so screens
  read again what they show (`Changes.everything`).

No Qt here: the station's change edge (ui/station.py) polls and listens through these.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from nurse_monitor.services.changes import EVERYTHING_ELSEWHERE, Changes
from nurse_monitor.services.database import NOTIFY_CHANNEL, Database
from nurse_monitor.storage.commit_marks import MARKS_WRAP, OwnCommits


class DataVersionWatch:
    """`PRAGMA data_version` of a SQLite database, on one connection held for the purpose, and
    the commit numbers (storage/commit_marks.py) that tell this station's commits from others'.
    """

    def __init__(self, db: Database) -> None:
        self._own = db.own_commits
        self._connection: Any = db.engine.raw_connection()
        self._seen, self._seen_mark = self._read()
        self._held: int | None = None  # a number not yet known at the last look

    def _read(self) -> tuple[int, int]:
        """data_version and the last commit's number, from one snapshot (one read
        transaction): a commit landing between the two reads would otherwise show the file
        moved with no new number, which reads as a writer that does not count (everything
        read again), many times a minute beside a busy pump listener."""
        cursor = self._connection.cursor()
        try:
            cursor.execute("BEGIN")
            try:
                cursor.execute("PRAGMA data_version")
                version = int(cursor.fetchone()[0])
                cursor.execute("PRAGMA user_version")
                mark = int(cursor.fetchone()[0])
            finally:
                cursor.execute("COMMIT")
            return version, mark
        finally:
            cursor.close()

    def moved(self) -> bool:
        """True once for each look after a commit by another station; this station's own
        commits (on any of its connections, or its pump listener's process) are not counted,
        whenever they happened.

        The listener process tells its commit numbers just after each commit: a number not
        yet told is given until the next look to be told (so another station's commit is
        noticed within two looks, a second at most), rather than read as another station's
        and every screen reading everything again."""
        now, mark = self._read()
        if now == self._seen and self._held is None:
            return False
        moved_now, self._seen = now != self._seen, now
        after, held, self._held = self._seen_mark, self._held, None
        if mark == after:  # the file changed with no new number: a writer that does not count
            return moved_now
        if held is not None:  # the numbers up to `held` have had a look's time to be told
            if not self._own.all_ours(after, held):
                self._seen_mark = mark
                return True
            after = self._seen_mark = held
            if mark == after:
                return False
        if self._own.all_ours(after, mark):
            self._seen_mark = mark
            return False
        if self._own.told_late:
            self._held = mark  # look again next time, once the listener has told its numbers
            return False
        self._seen_mark = mark
        return True

    def close(self) -> None:
        self._connection.close()


class NotifyListener:
    """LISTENs for other stations' commits on a worker thread of its own."""

    def __init__(self, db: Database, on_changes: Callable[[Changes], None]) -> None:
        self._url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._token = db.station_token
        self._on_changes = on_changes
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="station-feed", daemon=True)
        self.ready = threading.Event()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        import psycopg  # the postgres extra; only a PostgreSQL station gets here

        again = False
        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    self.ready.set()
                    if again:  # whatever was missed while not listening: screens read again
                        self._on_changes(EVERYTHING_ELSEWHERE)
                    again = True
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            self._heard(note.payload)
            except psycopg.Error:
                # The server went away: the 30-second safety poll covers the gap; try again.
                self._stop.wait(2.0)

    def _heard(self, payload: str) -> None:
        token, _, body = payload.partition(":")
        if token != self._token:
            self._on_changes(Changes.from_json(body))


def commits_told_are_plausible(db: Database, marks: list[int]) -> list[bool]:
    """For each commit number a listener process says it committed (SQLite): whether it can
    be one. A process tells a number only after that commit, so a true number is at most the
    record's last one and among the recent ones; anything else (a number far ahead, out of
    range) would, if believed, hide another station's commit when it reaches that number. When
    the record cannot be read, none is believed: the cost is screens reading again."""
    try:
        with db.engine.connect() as connection:
            last = int(connection.exec_driver_sql("PRAGMA user_version").scalar() or 0)
    except Exception:  # a slot's helper: never raise into the event loop
        return [False] * len(marks)
    recent = OwnCommits().keep
    return [0 <= m < MARKS_WRAP and (last - m) % MARKS_WRAP < recent for m in marks]
