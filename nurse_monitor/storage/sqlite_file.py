"""What can be learnt about a SQLite record file without writing to it, and without Alembic.

Two depths of check:
- the quick look (`check_sqlite_file(path, full=False)`): the header, the schema page and the
  schema revision, read from a read-only connection that sees the WAL as SQLite does (`mode=ro`,
  never `immutable=1`, which ignores the WAL and took an intact file plus its WAL for a damaged
  file). It refuses a file that is not a
  database, a truncated one, one whose schema page is damaged and one from a newer program, in
  milliseconds whatever the size of the file;
- the full check (`full=True`, or `integrity_problems` on a file in use): SQLite's
  `quick_check`, which reads every page. On a 1 GB record it takes over a second, so a start
  that needs no migration runs it after the window is shown (see services.database and
  ui.record_check); a migration never runs before it.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from nurse_monitor.paths import migrations_dir

SQLITE_HEADER = b"SQLite format 3\x00"
_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*[\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]+)?\s*=\s*(?:None|[\"']([^\"']+)[\"'])", re.MULTILINE)


class DatabaseRefused(Exception):
    """The database cannot be used; the message tells the user why and what to do."""


class NotADatabase(DatabaseRefused):
    """The file is not a SQLite database, or it is damaged."""


class BackupFailed(DatabaseRefused):
    """The backup before a migration could not be written (a full disk); nothing was changed."""


class NewerSchema(DatabaseRefused):
    """The database was written by a newer version of the program."""


@dataclass(frozen=True)
class Revisions:
    """The schema revisions in the migrations folder, and the newest (head)."""

    known: frozenset[str]
    head: str


def schema_revisions() -> Revisions:
    """Read from the revision files' `revision` and `down_revision` lines, without importing
    Alembic (a test holds this to Alembic's own reading). Linear history: one head."""
    known: set[str] = set()
    parents: set[str] = set()
    for script in sorted((migrations_dir() / "versions").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        revision = _REVISION.search(text)
        down = _DOWN.search(text)
        if revision is None or down is None:
            continue
        known.add(revision.group(1))
        if down.group(1):
            parents.add(down.group(1))
    heads = known - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations folder must hold one head, not {sorted(heads)}")
    return Revisions(frozenset(known), heads.pop())


def check_sqlite_file(path: Path, *, full: bool = True) -> str | None:
    """Refuse a file that is not an intact SQLite database, without writing to it.

    Returns the schema revision it holds (None for a new or empty file). `full=False` leaves out
    the page-by-page check (see the module's notes for when that is allowed).
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise NotADatabase(
            f"{path} is not a Nurse Monitor database (it is not a SQLite file). "
            "It has not been changed. Choose another file or move this one away."
        )
    try:
        # What a normal open would see. With commits waiting in a WAL, a read-only open that
        # reads it (mode=ro; immutable=1 would ignore it and take the file for damaged); with
        # none, immutable, which creates no -wal or -shm beside a file it must leave as it was.
        # "Restore a backup" is advised only when SQLite itself reports damage.
        wal = path.with_name(path.name + "-wal")
        waiting = wal.exists() and wal.stat().st_size > 0
        mode = "mode=ro" if waiting else "mode=ro&immutable=1"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
        # A damaged file can make quick_check report bytes that are not UTF-8.
        conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall() if full else [("ok",)]
            # Reading the schema parses every table's definition: a damaged schema page fails.
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            revision_row = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise DatabaseRefused(
                f"{path} could not be read just now ({exc}). It has not been changed and is "
                "not known to be damaged: close any other program using it and start again."
            ) from exc
        raise NotADatabase(
            f"{path} is damaged and cannot be opened ({exc}). It has not been changed. "
            "Restore the latest backup beside it (nurse-monitor*.backup-*.db)."
        ) from exc
    if rows != [("ok",)]:
        raise NotADatabase(
            f"{path} is damaged ({summary(rows)}). It has not been changed. "
            "Restore the latest backup beside it."
        )
    return str(revision_row[0]) if revision_row else None


_DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def is_damage(exc: sqlite3.DatabaseError) -> bool:
    """SQLite itself says the file is damaged (not busy, locked, unreadable or out of memory)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return "malformed" in str(exc) or "not a database" in str(exc)
    return (code & 0xFF) in _DAMAGE_CODES


def integrity_problems(path: Path) -> list[str]:
    """SQLite's quick_check of a file that may be in use: [] when it is intact.

    A read-only connection of its own (not immutable: other connections may be writing), so it
    can run on a worker thread while the program works.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == [("ok",)] else [str(r[0]) for r in rows]


def summary(rows: list[tuple[str]]) -> str:
    return "; ".join(str(r[0]) for r in rows[:3])


def refuse_unknown_revision(revision: str | None, revisions: Revisions | None = None) -> None:
    """A revision this program does not know was written by a newer one: refused."""
    revisions = revisions or schema_revisions()
    if revision is None or revision in revisions.known:
        return
    raise NewerSchema(
        f"This database was written by a newer version of Nurse Monitor (schema {revision}); "
        f"this version knows schemas up to {revisions.head}. It has not been changed. "
        "Install the newer version, or open another database."
    )
