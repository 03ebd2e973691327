"""Numbered commits on SQLite: which commits to a shared file were this station's.

`PRAGMA data_version` tells a connection that some other connection committed, not whose commit
it was nor how many: a station's own commit and another station's in the same instant read as
one change. So every write transaction of the program also counts itself in the file's header
(`PRAGMA user_version`, which SQLite leaves to the application and which nothing else here
uses), under the write lock that BEGIN IMMEDIATE holds, so the numbers go up by exactly one per
commit. A station remembers the numbers of its own commits (`OwnCommits`); a number it did not
write is another station's commit. A process the station runs for itself (its pump listener,
services/pump_listener_process.py) tells the station its numbers, which count as the station's.
"""

from __future__ import annotations

import threading
from collections import deque

from sqlalchemy.orm import Session

MARKS_WRAP = 2**31  # user_version is a signed 32-bit integer


def next_mark(s: Session) -> int:
    """Count this write transaction (SQLite, inside the write lock); its number."""
    conn = s.connection()  # plain SQL on the unit of work's connection: no ORM, no compiling
    mark = (int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0) + 1) % MARKS_WRAP
    conn.exec_driver_sql(f"PRAGMA user_version = {mark:d}")
    return mark


class OwnCommits:
    """The numbers of this station's recent commits (any thread)."""

    def __init__(self, keep: int = 4096) -> None:
        self.keep = keep
        self._marks: deque[int] = deque(maxlen=keep)
        self._set: set[int] = set()
        self._lock = threading.Lock()
        # A process of this station's own (its pump listener) also commits and tells its
        # numbers a moment after each commit: a number not yet known may still be ours.
        self.told_late = False

    def note(self, mark: int) -> None:
        """A commit of ours went through with this number (noted only once it committed)."""
        with self._lock:
            if len(self._marks) == self._marks.maxlen:
                self._set.discard(self._marks[0])
            self._marks.append(mark)
            self._set.add(mark)

    def all_ours(self, after: int, upto: int) -> bool:
        """Whether every commit numbered after `after` up to `upto` was ours (False when more
        commits happened than are remembered)."""
        count = (upto - after) % MARKS_WRAP
        with self._lock:
            if count > len(self._set):
                return False
            return all((after + n) % MARKS_WRAP in self._set for n in range(1, count + 1))
