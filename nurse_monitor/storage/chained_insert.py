"""One new row of a chained table inserted at once, without a flush of the unit of work.

A save's rows went through the ORM's flush one at a time (the event, then its reading, whose
`event_id` needs the event's id): each flush ran every listener and sorted the unit of work, most
of a vital-signs save's cost (benchmarks/vitals_save.py). `insert_row` writes the same row with
the same guarantees in one Core INSERT:

- the value checks of every flush first (`storable.check_storable`), so a refused value is never
  hashed nor written;
- the id and hash the flush listener gives (`record_chain`: the same tip, the same canonical
  form, the PostgreSQL advisory lock), and its head kept for the commit's anchor and head file;
- the object becomes the row's persistent object in the unit of work, as if loaded, so the
  append-only guard still refuses any change to it;
- the row is listed in `session.info[INSERTED]`, from which the change notes name it
  (services/changes.py): nothing written goes unnamed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert, insert
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, make_transient_to_detached

from nurse_monitor.storage import record_chain
from nurse_monitor.storage.base import Base
from nurse_monitor.storage.storable import check_storable

INSERTED = "nurse_monitor.inserted_rows"
"""`Session.info` key: the rows `insert_row` wrote, in order, until the change notes take them."""

_INSERTS: dict[str, Insert] = {}


def insert_row(s: Session, obj: Base) -> None:
    """Write `obj` (a new object of a chained or plain table) now, as the flush would."""
    if sa_inspect(obj).key is not None:
        raise ValueError(f"{type(obj).__name__} {getattr(obj, 'id', '')} is already stored")
    check_storable(obj)
    table: Any = obj.__table__
    name = table.name
    statement = _INSERTS.get(name)
    if statement is None:
        statement = _INSERTS[name] = insert(table)
    form = record_chain.FORMS.get(name)
    if form is None:
        values = {c.key: getattr(obj, c.key) for c in table.columns if c.key in obj.__dict__}
        result = s.connection().execute(statement, values)
        if getattr(obj, "id", 0) is None and result.inserted_primary_key is not None:
            obj.id = result.inserted_primary_key[0]  # type: ignore[attr-defined]
    else:
        if any(isinstance(o, record_chain.CHAINED_MODELS) for o in s.new):
            s.flush()  # rows waiting for a flush come first in the chain
        values = _chained(s, obj)
        s.connection().execute(statement, values)
    make_transient_to_detached(obj)
    s.add(obj)  # persistent and unchanged, as if read back
    s.info.setdefault(INSERTED, []).append(obj)


def _chained(s: Session, obj: Any) -> dict[str, Any]:
    """The row's values with the id and hash the flush listener would give it, after every row
    of its table this unit of work has flushed; its head kept for the commit."""
    form = record_chain.FORMS[obj.__tablename__]
    conn = s.connection()
    record_chain.lock_chain(conn, s.info)
    last_id, previous = record_chain.tip(conn, form.table)
    jsonb = conn.dialect.name == "postgresql"
    values = record_chain.chained_values(form, obj, last_id, previous, jsonb)
    record_chain.keep_head(s, form.table.name, obj.id, obj.chain_hash)
    return values
