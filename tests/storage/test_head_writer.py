"""The record chain's head file is written off the committing thread (storage/head_writer.py):
a commit returns while the file is still being written, several commits waiting are taken into
one write, and every reader in the process (verify included) sees the newest heads."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from pathlib import Path

import pytest

from nurse_monitor.clock import FakeClock
from nurse_monitor.services.database import open_database
from nurse_monitor.services.record_admin import verify_record
from nurse_monitor.storage import record_chain
from nurse_monitor.storage.head_writer import head_writer

from .conftest import make_staff
from .ledger_rows import one_row_in_each
from .test_record_chain import newest_id


def test_a_commit_does_not_wait_for_the_head_file(
    sqlite_database_url: str, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = open_database(sqlite_database_url, clock)
    staff = make_staff(db)
    assert db.status.file is not None
    head_file = record_chain.head_file_for(db.status.file)
    release = threading.Event()
    writes: list[dict[str, tuple[int, str]]] = []
    write = record_chain._HEAD_WRITER._write

    def held_write(path: Path, heads: Mapping[str, tuple[int, str]]) -> None:
        assert release.wait(10), "the test never released the writer"
        writes.append(dict(heads))
        write(path, heads)

    monkeypatch.setattr(record_chain._HEAD_WRITER, "_write", held_write)
    try:
        # Three units of work commit while the file's writer is held: none of them waits.
        for n in range(3):
            one_row_in_each(db, staff, record_number=f"MRN-7B000{n}")
        assert not writes
        release.set()
        heads = record_chain.read_head_file(head_file)  # waits for what is pending
        assert heads is not None
        assert heads["audit_log"][0] == newest_id(db, "audit_log")
        assert heads["session_events"][0] == newest_id(db, "session_events")
        assert 1 <= len(writes) <= 3  # the commits that waited were taken together
        assert verify_record(db).intact
    finally:
        release.set()
        db.close()


def test_a_forked_child_neither_inherits_pending_heads_nor_waits_for_the_parents_thread(
    tmp_path: Path,
) -> None:
    """A station's worker process forked while heads were waiting: it used to wait for ever
    in `flush` (closing its database) for a writer thread that only the parent has."""
    written: list[dict[str, tuple[int, str]]] = []
    release = threading.Event()

    def held_write(path: Path, heads: Mapping[str, tuple[int, str]]) -> None:
        assert release.wait(10)
        written.append(dict(heads))

    writer = head_writer(held_write)
    writer.submit(tmp_path / "a.db-chain", {"audit_log": (1, "a" * 64)})
    release.set()  # the parent writes what it had before forking
    pid = os.fork()
    if pid == 0:  # the child
        clean = not writer._pending and not writer._writing and writer._thread is None
        writer.flush()  # returns at once
        os._exit(0 if clean and written == [{"audit_log": (1, "a" * 64)}] else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert written == [{"audit_log": (1, "a" * 64)}]


def test_commits_of_one_moment_are_one_write_and_a_reader_has_it_written_at_once(
    tmp_path: Path,
) -> None:
    """The writer waits a moment after a commit (so its work does not land in the station's
    update and paint after a save); a reader waiting in `flush` has it written now."""
    written: list[dict[str, tuple[int, str]]] = []
    writer = head_writer(lambda path, heads: written.append(dict(heads)), write_after_s=600)
    path = tmp_path / "a.db-chain"
    for n in range(1, 6):
        writer.submit(path, {"audit_log": (n, f"{n:064x}")})
    flushing = threading.Thread(target=writer.flush)
    flushing.start()
    flushing.join(10)
    assert not flushing.is_alive(), "flush waited for the quiet moment instead of writing now"
    assert written == [{"audit_log": (5, f"{5:064x}")}]  # five commits, one write, the newest


def test_without_a_reader_the_heads_are_written_after_the_moment(tmp_path: Path) -> None:
    done = threading.Event()
    written: list[dict[str, tuple[int, str]]] = []

    def write(path: Path, heads: Mapping[str, tuple[int, str]]) -> None:
        written.append(dict(heads))
        done.set()

    writer = head_writer(write, write_after_s=0.01)
    writer.submit(tmp_path / "a.db-chain", {"session_events": (7, "b" * 64)})
    assert done.wait(10), "the heads were never written"
    assert written == [{"session_events": (7, "b" * 64)}]
