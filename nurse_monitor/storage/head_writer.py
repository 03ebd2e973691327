"""The record chain's head file, written off the thread that committed.

Each SQLite commit that chains rows used to write the head file (`record.db-chain`) with its own
fsync before the action returned: a second durable write per user action, on the UI thread. The
file only has to catch the newest rows deleted together with their heads in the database, and a
file that lags the database by a moment never raises a false alarm (verify holds each head the
file names to the row of that id, so an older head still matches; it never moves backwards). So
the heads are handed to one writer thread, which takes every commit waiting into one write.

The writer waits `WRITE_AFTER_S` after a commit before it writes, taking every commit of that
moment into one write. Written at once, its work landed in the middle of the station's own work
after a save (the view's update and the chart's paint, on the UI thread, waited for the
interpreter's lock): reading the session again right after a commit took 1.0 ms instead of
0.4 ms. A nurse's saves are minutes apart, so the write falls in the idle time between them.

Anything that reads the file in this process has what is pending written at once and waits for
it (`flush`), as does closing the database and the interpreter's exit; a crash in between leaves
the file behind the database by the commits not yet written, which is the lag the design
already accepts.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

Heads = Mapping[str, tuple[int, str]]
_log = logging.getLogger(__name__)
WRITE_AFTER_S = 0.25  # ours: later than a save's update and paint, long before the next save


class HeadWriter:
    """Writes heads with `write(path, heads)` on a daemon thread, several commits at once."""

    def __init__(
        self, write: Callable[[Path, Heads], None], write_after_s: float = WRITE_AFTER_S
    ) -> None:
        self._write = write
        self.write_after_s = write_after_s
        self._start_afresh()

    def _start_afresh(self) -> None:
        """No thread, nothing pending (also in a forked child: the thread is the parent's,
        and so are the heads it had to write)."""
        self._changed = threading.Condition()
        self._pending: dict[Path, dict[str, tuple[int, str]]] = {}
        self._writing = False
        self._hurry = False  # someone waits in `flush`: write what is pending now
        self._thread: threading.Thread | None = None

    def submit(self, path: Path, heads: Heads) -> None:
        """Write `heads` into `path` soon (the newest head of each table wins)."""
        with self._changed:
            waiting = self._pending.setdefault(path, {})
            for name, head in heads.items():
                if name not in waiting or waiting[name][0] <= head[0]:
                    waiting[name] = head
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="record-chain-head-file", daemon=True
                )
                self._thread.start()
            self._changed.notify_all()

    def flush(self) -> None:
        """Return once every head submitted so far is written."""
        if threading.current_thread() is self._thread:
            return
        with self._changed:
            if self._pending:
                self._hurry = True
                self._changed.notify_all()
            while self._pending or self._writing:
                self._changed.wait()

    def _run(self) -> None:
        while True:
            with self._changed:
                while not self._pending:
                    self._changed.wait()
                write_at = time.monotonic() + self.write_after_s
                while not self._hurry and (left := write_at - time.monotonic()) > 0:
                    self._changed.wait(left)
                batch, self._pending = self._pending, {}
                self._hurry = False
                self._writing = True
            try:
                for path, heads in batch.items():
                    # The commits stand; a file that cannot be written only lags (never a false
                    # alarm), so a full disk here must not tell the nurse nothing was recorded.
                    try:
                        self._write(path, heads)
                    except OSError:
                        pass
                    except Exception as error:  # the thread must live on: flush waits for it
                        _log.warning("head file not written: %s", type(error).__name__)
            finally:
                with self._changed:
                    self._writing = False
                    self._changed.notify_all()


_writers: list[HeadWriter] = []


def head_writer(
    write: Callable[[Path, Heads], None], write_after_s: float = WRITE_AFTER_S
) -> HeadWriter:
    """A writer flushed at the interpreter's exit."""
    writer = HeadWriter(write, write_after_s)
    _writers.append(writer)
    return writer


@atexit.register
def _flush_all() -> None:
    for writer in _writers:
        writer.flush()


def _afresh_in_child() -> None:
    for writer in _writers:
        writer._start_afresh()


# A process forked (a station's worker, a test's stations) neither inherits the parent's pending
# heads nor waits for its writer thread, which does not exist in the child: the parent writes
# what it had first, and the child starts with a writer of its own.
os.register_at_fork(before=_flush_all, after_in_child=_afresh_in_child)
