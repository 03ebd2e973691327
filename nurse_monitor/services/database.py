"""The database as services see it: open (and migrate), then one unit of work per user action.

`Database.write()` is the unit of work: a SQLAlchemy Session in one transaction that begins
IMMEDIATE on SQLite and commits when the block ends, before the caller returns to the UI.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, event, inspect, text
from sqlalchemy.exc import (
    ArgumentError,
    IntegrityError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from nurse_monitor.clock import Clock
from nurse_monitor.services import action_ids
from nurse_monitor.services import changes as change_notes
from nurse_monitor.services.changes import Changes
from nurse_monitor.services.errors import (
    DatabaseUnavailable,
    InvalidInput,
    RecordUnreachable,
    SessionChanged,
)
from nurse_monitor.services.pinned_protocols import PinnedProtocols
from nurse_monitor.services.record_cache import RecordCache
from nurse_monitor.services.record_tally import RecordTallies
from nurse_monitor.storage import commit_marks, sqlite_file
from nurse_monitor.storage.append_only import install_append_only_guard
from nurse_monitor.storage.chain_verify import ChainReport
from nurse_monitor.storage.engine import (
    BEGIN_MODE_OPTION,
    ONE_STATEMENT,
    create_database_engine,
    sqlite_path,
    writing,
)
from nurse_monitor.storage.record_chain import flush_head_files, install_record_chain
from nurse_monitor.storage.sqlite_file import DatabaseRefused
from nurse_monitor.storage.storable import UnstorableValue, install_storable_check

__all__ = [
    "CANNOT_OPEN",
    "NOTIFY_CHANNEL",
    "ChainReport",
    "Database",
    "DatabaseRefused",
    "DatabaseStatus",
    "Origin",
    "open_database",
]

_log = logging.getLogger(__name__)

NOTIFY_CHANNEL = "nurse_monitor_changes"
"""PostgreSQL channel every committed change is announced on (see services.station_feed)."""


CANNOT_OPEN = (DatabaseRefused, DatabaseUnavailable)
"""What open_database raises for a database that cannot be used; each says why."""


@dataclass(frozen=True)
class DatabaseStatus:
    """Where the record is and what schema it holds."""

    url: str
    backend: str
    file: Path | None
    revision: str | None
    head: str
    backup: Path | None = None
    # False when the page-by-page check of a SQLite file was left for after the start
    # (open_database(full_check=False)); the caller then runs `Database.integrity_problems`.
    fully_checked: bool = True


ChangeListener = Callable[[Changes], None]


@dataclass(frozen=True)
class Origin:
    """Where actions come from, as audit entries record it (issue 16, 7d)."""

    station: str
    os_user: str
    channel: str  # "desktop" or "command line"

    @classmethod
    def here(cls, channel: str = "desktop") -> Origin:
        """This computer's name and the operating-system user running the program."""
        import getpass
        import socket

        try:
            os_user = getpass.getuser()
        except (OSError, KeyError, ImportError):  # no user name in the environment or passwd
            os_user = ""
        return cls(socket.gethostname()[:128], os_user[:64], channel)


class Database:
    """An open, migrated database and its two kinds of unit of work.

    Every committed write is handed, as one `Changes` value, to the listeners added with
    `add_change_listener` (on the thread that wrote), and on PostgreSQL announced to other
    stations with NOTIFY inside the same transaction (so it is delivered at the commit).
    """

    def __init__(self, engine: Engine, clock: Clock, status: DatabaseStatus) -> None:
        install_append_only_guard()
        install_storable_check()  # before the chain: a refused value is never hashed
        install_record_chain()
        self.engine = engine
        self.clock = clock
        self.status = status
        self._write = sessionmaker(bind=writing(engine), expire_on_commit=False)
        event.listen(self._write, "before_flush", change_notes.note_flush)
        event.listen(self._write, "after_flush", change_notes.note_new_sessions)
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        self.records = RecordCache()  # sessions' parsed rows; see record_cache
        self.tallies = RecordTallies()  # where the last save left each record; see record_tally
        self.pinned = PinnedProtocols()  # sessions' pinned protocols, read once
        self.write_refusal: str | None = None
        self.station_token = uuid.uuid4().hex[:16]  # tells this station's NOTIFYs from others'
        self._listeners: list[ChangeListener] = []
        self._local = threading.local()
        self._file_identity = _identity(status.file)
        self.origin = Origin.here("desktop")  # the command line sets its own
        self.actions = action_ids.ActionScope()  # the user action being performed, if any
        self._counts_commits = engine.dialect.name == "sqlite"
        self.own_commits = commit_marks.OwnCommits()  # SQLite: the numbers of our commits

    def add_change_listener(self, listener: ChangeListener) -> None:
        self._listeners.append(listener)

    def remove_change_listener(self, listener: ChangeListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def last_changes(self) -> Changes:
        """What the last write committed on this thread changed (empty before any)."""
        return getattr(self._local, "last", Changes())

    def record_problem(self) -> str | None:
        """Why the record file this station opened is no longer the one on disk (deleted,
        moved or replaced), or None. Cheap (one stat): checked before every write, and by the
        alarms, which raise "record unreachable" while it says something."""
        if self.status.file is None or self._file_identity is None:
            return None
        now = _identity(self.status.file)
        if now is None:
            return f"the record file {self.status.file} is missing (deleted or moved)"
        if now != self._file_identity:
            return f"the record file {self.status.file} was replaced by another file"
        return None

    def refuse_writes(self, reason: str) -> None:
        """From now on every write is refused with `reason` (a damaged file must not grow)."""
        self.write_refusal = reason

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One user action: committed when the block ends, rolled back whole if it raises."""
        if self.write_refusal is not None:
            raise DatabaseUnavailable(f"Nothing was recorded: {self.write_refusal}")
        problem = self.record_problem()
        if problem is not None:
            raise RecordUnreachable(
                f"Nothing was recorded: {problem}. Writing now would be lost. Keep the chairs "
                "going on paper and have the record restored; then restart this station."
            )
        attempt = self.actions.current
        committing = added = False
        try:
            with self._write() as s, s.begin():
                s.info["origin"] = self.origin
                yield s
                s.flush()
                changes = change_notes.notes_of(s).result(s)
                if attempt is not None and not attempt.written and changes:
                    first = changes.sessions[0].session_id if changes.sessions else None
                    try:
                        action_ids.add_recorded_action(s, attempt, self.clock.now(), first)
                        added = True
                    except IntegrityError:  # its id is in the record already: not twice
                        raise action_ids.ActionRecorded(
                            action_ids.ALREADY_RECORDED, first
                        ) from None
                # SQLite: number this commit, so other stations' commits are told from ours.
                mark = commit_marks.next_mark(s) if self._counts_commits else None
                if changes and self.engine.dialect.name == "postgresql":
                    payload = f"{self.station_token}:{changes.as_json()}"
                    s.execute(
                        text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": NOTIFY_CHANNEL, "payload": payload},
                    )
                committing = True  # the block ends: COMMIT is sent now
        except UnstorableValue as exc:
            raise InvalidInput(exc.field, f"{exc.problem}; nothing was recorded") from None
        except StaleDataError as exc:
            raise SessionChanged(
                "Another station changed this session a moment ago. Your change was not saved; "
                "the screen now shows the latest record."
            ) from exc
        except (OperationalError, InterfaceError) as exc:
            # A pooled connection may keep a fault (a file that was read-only opens read-only
            # and stays so): drop the pool, so the next action opens afresh and recovers.
            self.engine.dispose()
            if committing:  # lost while committing: the server may have committed
                self._after_lost_commit(attempt if added else None, changes, exc)
            raise DatabaseUnavailable(
                f"The record could not be saved: {plain_reason(exc)}. Nothing was recorded; "
                "try again when the database is back."
            ) from exc
        if attempt is not None and changes:
            attempt.written = True
        if mark is not None:
            self.own_commits.note(mark)
        self._committed(changes)

    def committed_for_us(self, changes: Changes) -> None:
        """What a process of this station's own committed (its pump listener, which says so
        on its pipe): handed to the listeners as this station's own commit."""
        self._tell(changes)

    def _committed(self, changes: Changes) -> None:
        self._local.last = changes
        self._tell(changes)

    def _tell(self, changes: Changes) -> None:
        if changes:
            for listener in list(self._listeners):
                try:
                    listener(changes)
                except Exception:  # committed already: a screen's failure must not undo "done"
                    _log.exception("a change listener failed after a commit")

    def _after_lost_commit(
        self, attempt: action_ids.Attempt | None, changes: Changes, exc: Exception
    ) -> None:
        """The connection dropped while committing: say what the record holds, never guess."""
        reason = plain_reason(exc)
        if attempt is None or not changes:
            raise action_ids.ConnectionLost(action_ids.NOT_KNOWN.format(reason=reason)) from None
        recorded = action_ids.outcome_after_loss(self.engine, attempt.action_id, reason)
        attempt.written = True
        self._committed(changes)  # it is in the record: every screen shows it
        raise recorded

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only look at the record."""
        try:
            with self._read() as s, s.begin():
                yield s
        except OperationalError as exc:
            raise DatabaseUnavailable(
                f"The record could not be read: {plain_reason(exc)}."
            ) from exc

    @contextmanager
    def read_rows(self, *, one_statement: bool = False) -> Iterator[Connection]:
        """A read-only look at the record through a plain Core connection, in one transaction:
        for reads of plain rows (no ORM objects), which the ORM session only slows down (the
        history page: 0.07 against 0.03 ms to begin and end, benchmarks/history_scale.py).
        `one_statement`: the caller runs a single statement, which reads one snapshot without
        a BEGIN on SQLite (storage/engine.py `ONE_STATEMENT`; 0.02 ms of the history page)."""
        try:
            with self.engine.connect() as conn:
                if one_statement:
                    conn.execution_options(**{BEGIN_MODE_OPTION: ONE_STATEMENT})
                with conn.begin():
                    yield conn
        except OperationalError as exc:
            raise DatabaseUnavailable(
                f"The record could not be read: {plain_reason(exc)}."
            ) from exc

    def integrity_problems(self) -> list[str]:
        """SQLite's quick_check of the file, on a connection of its own: safe on a worker
        thread. [] when intact (and always for PostgreSQL, which keeps its own)."""
        if self.status.file is None:
            return []
        return sqlite_file.integrity_problems(self.status.file)

    def integrity_ok(self) -> bool:
        """SQLite's integrity_check (PostgreSQL keeps its own)."""
        if self.engine.dialect.name != "sqlite":
            return True
        with self.engine.connect() as conn:
            return conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"

    def close(self) -> None:
        flush_head_files()  # the head file holds every commit before it closes
        self.engine.dispose()


def _identity(path: Path | None) -> tuple[int, int] | None:
    """The file's device and inode: a file deleted and recreated, or replaced, has others."""
    if path is None:
        return None
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def plain_reason(exc: Exception) -> str:
    """The driver's first line (no SQL, no parameters), or a plain "database error"."""
    orig = getattr(exc, "orig", None)
    first = str(orig).strip().splitlines()[:1] if orig is not None else []
    return first[0] if first else "database error"


def open_database(
    url: str, clock: Clock, *, migrate: bool = True, full_check: bool = True
) -> Database:
    """Check, back up, migrate and open the database at `url`.

    Raises DatabaseRefused (with a message for the user) for a corrupt file, a file that is not
    a database, or a database from a newer version; such a file is left untouched.

    `full_check=False` (the desktop start): a SQLite file already at the current schema gets
    only the quick look (header, schema, revision) here, and `status.fully_checked` is False:
    the caller must run `integrity_problems()` next, off the main thread. Any file that needs a
    migration is always checked in full first.
    """
    try:
        return _open(url, clock, migrate, full_check)
    except (ArgumentError, NoSuchModuleError, ValueError) as bad_url:
        raise DatabaseRefused(
            f"The database address is not usable ({bad_url}). Give a SQLite file path or a "
            "postgresql+psycopg://user@host/dbname URL."
        ) from bad_url
    except OperationalError as unreachable:
        raise DatabaseUnavailable(
            f"The database could not be reached: {plain_reason(unreachable)}. Check the "
            "address and that the server is running."
        ) from unreachable


def _open(url: str, clock: Clock, migrate: bool, full_check: bool) -> Database:
    path = sqlite_path(url)
    revisions = sqlite_file.schema_revisions()
    head = revisions.head
    fully_checked = True
    if path is not None:
        # Before the engine can write anything: a damaged file or a newer schema stays untouched.
        revision = sqlite_file.check_sqlite_file(path, full=full_check)
        sqlite_file.refuse_unknown_revision(revision, revisions)
        if not full_check and revision != head:  # a migration is due: never on a quick look
            sqlite_file.check_sqlite_file(path, full=True)
        fully_checked = full_check or revision != head
    engine = create_database_engine(url)
    try:
        backup = None
        revision = _stored_revision(engine)
        sqlite_file.refuse_unknown_revision(revision, revisions)
        if revision != head and migrate:
            from nurse_monitor.storage import migration_runner  # Alembic: only to migrate

            backup = migration_runner.upgrade(engine, clock.now(), file_checked=True).backup
            revision = _stored_revision(engine)
        status = DatabaseStatus(
            url=engine.url.render_as_string(hide_password=True),
            backend=engine.dialect.name,
            file=path,
            revision=revision,
            head=head,
            backup=backup,
            fully_checked=fully_checked,
        )
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, clock, status)


def _stored_revision(engine: Engine) -> str | None:
    """The schema revision recorded in the database (None before the first migration)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def sqlite_url_for(path: Path) -> str:
    """The URL of a SQLite file, for callers that may not import storage."""
    from nurse_monitor.storage.engine import sqlite_url

    return sqlite_url(path)
