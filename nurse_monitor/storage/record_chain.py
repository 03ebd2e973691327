"""The record chain: each append-only row carries sha256(previous row's hash + its own content).

Issue 16, defect 7b. Events, vital sign readings, amendments and audit entries each form a chain
in id order. A row changed, inserted or removed in the middle no longer matches its hash; the
newest rows removed (or a table emptied) are caught by the chain's head, kept outside the rows it
covers: the append-only `record_chain_heads` table, written in the same unit of work (on
PostgreSQL the runtime role may only insert into it), and on SQLite also a head file beside the
record (`record.db-chain`), written after each commit off the committing thread
(storage/head_writer.py).

Rows get their ids and hashes in the unit of work that adds them (a `before_flush` listener);
on PostgreSQL an advisory lock held to the commit keeps two stations from chaining onto the same
row. The hash covers every column but the hash itself, in a canonical JSON form that reads back
the same from both databases. Adding a column to a chained table changes that form: such a
migration must rebuild the chain (`rebuild_chain`).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    Integer,
    Table,
    bindparam,
    event,
    insert,
    select,
    text,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, UOWTransaction

from nurse_monitor.storage.base import Base, JSONDocument, UTCDateTime
from nurse_monitor.storage.engine import sqlite_path
from nurse_monitor.storage.head_writer import head_writer
from nurse_monitor.storage.models import (
    Amendment,
    AuditEntry,
    ChainHead,
    SessionEvent,
    VitalSignReading,
)

CHAINED_MODELS: tuple[type[Base], ...] = (SessionEvent, VitalSignReading, Amendment, AuditEntry)
GENESIS = "0" * 64
# pg_advisory_xact_lock key ("nmch"): one chain writer at a time, until its commit.
CHAIN_LOCK_KEY = 0x6E6D6368
HEAD_FILE_SUFFIX = "-chain"
_HEADS = "record_chain_heads"
_LOCKED = "record_chain_locked"
_HEAD_FILE = "record_chain_head_file"

WORDS = {
    "session_events": "events",
    "vital_sign_readings": "readings",
    "amendments": "amendments",
    "audit_log": "audit entries",
}


def _as_text(value: Any) -> str:
    """Dates and times in the canonical JSON (the encoder asks only for what JSON cannot hold)."""
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    raise TypeError(f"a chained row holds a {type(value).__name__}")


def _json_value(value: Any) -> Any:
    """JSON as PostgreSQL's JSONB gives it back: it turns 1e20 into 100000...0 (an integer)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    return value


def _kind(column: Column[Any]) -> str:
    kind = column.type
    for name, types in (
        ("utc", UTCDateTime),
        ("json", JSONDocument),
        ("float", Float),
        ("bool", Boolean),
        ("int", Integer),
    ):
        if isinstance(kind, types):
            return name
    return ""


class RowForm:
    """The canonical content of one chained table's rows: JSON of the values as read back.

    Read back, rows need no conversion (UTC datetimes, floats, booleans and JSON arrive as
    they were stored), so the walk only encodes them; on PostgreSQL JSON numbers are first put
    the way JSONB gives them back. Rows about to be written are first put the way the database
    will give them back (`stored_values`).
    """

    def __init__(self, table: Table) -> None:
        self.table = table
        self.columns = [c for c in table.columns if c.name != "chain_hash"]
        self.names = [c.name for c in self.columns]
        self.kinds = [_kind(c) for c in self.columns]
        self.json_positions = [i for i, k in enumerate(self.kinds) if k == "json"]
        self._encode = json.JSONEncoder(
            sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_as_text
        ).encode

    def content(self, values: Sequence[Any], *, jsonb: bool = False) -> bytes:
        """The bytes hashed for a row read back (`jsonb`: from PostgreSQL)."""
        canonical = list(values)
        if jsonb:
            for i in self.json_positions:
                canonical[i] = _json_value(canonical[i])
        return self._encode(canonical).encode()

    def stored_values(self, values: Mapping[str, Any]) -> list[Any]:
        """Values about to be written, as the database will give them back."""
        stored = []
        for name, kind in zip(self.names, self.kinds, strict=True):
            value = values[name]
            if value is not None:
                if kind == "utc":
                    value = value.astimezone(UTC)
                elif kind == "json":
                    value = json.loads(json.dumps(value))
                elif kind == "float":
                    value = float(value)
                elif kind == "bool":
                    value = bool(value)
                elif kind == "int" and isinstance(value, float) and value.is_integer():
                    value = int(value)
            stored.append(value)
        return stored


TABLES: dict[str, Table] = {m.__tablename__: m.__table__ for m in CHAINED_MODELS}  # type: ignore[misc]
FORMS = {name: RowForm(table) for name, table in TABLES.items()}


def link(previous: str, content: bytes) -> str:
    """A row's hash: its content chained onto the previous row's hash."""
    return hashlib.sha256(previous.encode("ascii") + content).hexdigest()


def lock_chain(conn: Connection, info: dict[str, Any]) -> None:
    """One chain writer at a time (PostgreSQL), until the commit."""
    if conn.dialect.name == "postgresql" and not info.get(_LOCKED):
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
        info[_LOCKED] = True


# Each chained table's newest row: plain SQL, the same on both databases (no parameters, no
# types to convert), sent as it is (a compiled statement cost a save about 30 microseconds).
_TIPS = {name: f"SELECT id, chain_hash FROM {name} ORDER BY id DESC LIMIT 1" for name in TABLES}


def tip(conn: Connection, table: Table) -> tuple[int, str]:
    """The id and hash of the table's newest row (0 and the genesis hash when empty)."""
    row = conn.exec_driver_sql(_TIPS[table.name]).first()
    if row is None:
        return 0, GENESIS
    return int(row[0]), str(row[1] or "")


def _default(column: Column[Any]) -> Any:
    default = column.default
    if default is not None and default.is_scalar:
        return default.arg  # type: ignore[attr-defined]
    return None


def _chain_new_rows(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    new = [o for o in session.new if isinstance(o, CHAINED_MODELS)]
    if not new:
        return
    new.sort(key=lambda o: sa_inspect(o).insert_order or 0)
    conn = session.connection()
    lock_chain(conn, session.info)
    jsonb = conn.dialect.name == "postgresql"
    by_table: dict[str, list[Any]] = {}
    for obj in new:
        by_table.setdefault(obj.__tablename__, []).append(obj)
    for name, objects in by_table.items():
        form = FORMS[name]
        last_id, previous = tip(conn, form.table)
        for obj in objects:
            values = chained_values(form, obj, last_id, previous, jsonb)
            last_id, previous = obj.id, values["chain_hash"]
        session.info.setdefault(_HEADS, {})[name] = (last_id, previous)


def chained_values(
    form: RowForm, obj: Any, last_id: int, previous: str, jsonb: bool
) -> dict[str, Any]:
    """Give `obj` its id (the next after `last_id`) and its hash; its column values."""
    state = sa_inspect(obj)
    for column in form.columns:
        if column.key not in state.dict and not column.primary_key:
            setattr(obj, column.key, _default(column))
    if obj.id is None:
        obj.id = last_id + 1
    elif obj.id <= last_id:
        raise ValueError(f"{form.table.name} row {obj.id} would not be the newest in the chain")
    values = {n: getattr(obj, n) for n in form.names}
    obj.chain_hash = link(previous, form.content(form.stored_values(values), jsonb=jsonb))
    values["chain_hash"] = obj.chain_hash
    return values


def keep_head(session: Session, name: str, last_id: int, chain_hash: str) -> None:
    """The table's newest chained row in this unit of work, anchored at its commit."""
    session.info.setdefault(_HEADS, {})[name] = (last_id, chain_hash)


def chain_rows(s: Session, name: str, rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows for a bulk insert (seeding) with their hashes; ids given, above the newest."""
    form = FORMS.get(name)
    if form is None:
        return [dict(r) for r in rows]
    conn = s.connection()
    lock_chain(conn, s.info)
    jsonb = conn.dialect.name == "postgresql"
    last_id, previous = tip(conn, form.table)
    chained = []
    for row in sorted(rows, key=lambda r: int(r["id"])):
        full = {c.name: row[c.name] if c.name in row else _default(c) for c in form.columns}
        if int(full["id"]) <= last_id:
            raise ValueError(f"{name} row {full['id']} would not be the newest in the chain")
        last_id = int(full["id"])
        previous = link(previous, form.content(form.stored_values(full), jsonb=jsonb))
        full["chain_hash"] = previous
        chained.append(full)
    if chained:
        s.info.setdefault(_HEADS, {})[name] = (last_id, previous)
    return chained


def _anchor_heads(session: Session) -> None:
    """Before the commit: the heads of what this unit of work chained, in the same commit."""
    session.flush()
    heads: dict[str, tuple[int, str]] | None = session.info.get(_HEADS)
    if not heads:
        return
    conn = session.connection()
    conn.execute(
        _ANCHOR,
        [{"table_name": n, "last_id": i, "chain_hash": h} for n, (i, h) in heads.items()],
    )
    path = _head_file_record(conn)
    if path is not None:
        session.info[_HEAD_FILE] = path


_ANCHOR = insert(ChainHead)
_RECORD_PATHS: dict[URL, Path | None] = {}  # the SQLite file behind each URL (parsed once)


def _head_file_record(conn: Connection) -> Path | None:
    url = conn.engine.url
    if url not in _RECORD_PATHS:
        _RECORD_PATHS[url] = sqlite_path(url)
    return _RECORD_PATHS[url]


def _write_head_after_commit(session: Session) -> None:
    heads = session.info.pop(_HEADS, None)
    path = session.info.pop(_HEAD_FILE, None)
    session.info.pop(_LOCKED, None)
    if heads and path is not None:
        # Off this thread, several commits in one write (storage/head_writer.py): the file may
        # lag the database by a moment, which never raises a false alarm.
        _HEAD_WRITER.submit(head_file_for(path), heads)


def _forget(session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        for key in (_HEADS, _HEAD_FILE, _LOCKED):
            session.info.pop(key, None)


def install_record_chain() -> None:
    """Listen on every Session (idempotent)."""
    for name, listener in (
        ("before_flush", _chain_new_rows),
        ("before_commit", _anchor_heads),
        ("after_commit", _write_head_after_commit),
        ("after_transaction_end", _forget),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


# --- the head file (SQLite) -------------------------------------------------------------------


def head_file_for(record: Path) -> Path:
    return record.with_name(record.name + HEAD_FILE_SUFFIX)


def read_head_file(path: Path) -> dict[str, tuple[int, str]] | None:
    """The heads a head file holds; None when there is no file, {} when it cannot be read.
    The heads this process committed are written first."""
    _HEAD_WRITER.flush()
    return _read_head_file(path)


def flush_head_files() -> None:
    """Return once the head file holds every head this process committed."""
    _HEAD_WRITER.flush()


def _read_head_file(path: Path) -> dict[str, tuple[int, str]] | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    heads: dict[str, tuple[int, str]] = {}
    if isinstance(raw, dict):
        for name, head in raw.items():
            if (
                name in TABLES
                and isinstance(head, list)
                and len(head) == 2
                and isinstance(head[0], int)
                and isinstance(head[1], str)
            ):
                heads[name] = (head[0], head[1])
    return heads


def write_head_file(path: Path, heads: Mapping[str, tuple[int, str]]) -> None:
    """Merge `heads` into the file (never moving a head backwards), atomically, owner-only.
    The heads waiting for the writer thread are written first (it writes through here too)."""
    _HEAD_WRITER.flush()
    merged = dict(_read_head_file(path) or {})
    for name, (last_id, chain_hash) in heads.items():
        if name not in merged or merged[name][0] <= last_id:
            merged[name] = (last_id, chain_hash)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    try:
        os.write(fd, json.dumps({n: list(h) for n, h in sorted(merged.items())}).encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)


_HEAD_WRITER = head_writer(write_head_file)


def anchored_heads(conn: Connection) -> dict[str, tuple[int, str]]:
    """The newest head the record_chain_heads table holds for each chained table."""
    heads = ChainHead.__table__
    rows = conn.execute(
        select(heads.c.table_name, heads.c.last_id, heads.c.chain_hash).order_by(heads.c.id)
    )
    return {str(name): (int(last_id), str(h)) for name, last_id, h in rows}


# --- building and walking the chain ---------------------------------------------------------


def rebuild_chain(conn: Connection, name: str) -> tuple[int, str] | None:
    """Hash every row of a table in id order (a migration, with its UPDATE trigger off)."""
    form = FORMS[name]
    table = form.table
    previous = GENESIS
    last_id = 0
    updates = []
    jsonb = conn.dialect.name == "postgresql"
    for row in conn.execute(select(*form.columns).order_by(table.c.id)):
        previous = link(previous, form.content(row, jsonb=jsonb))
        last_id = int(row[0])
        updates.append({"row_id": last_id, "h": previous})
    if not updates:
        return None
    conn.execute(
        table.update().where(table.c.id == bindparam("row_id")).values(chain_hash=bindparam("h")),
        updates,
    )
    conn.execute(
        insert(ChainHead),
        [{"table_name": name, "last_id": last_id, "chain_hash": previous}],
    )
    return last_id, previous
