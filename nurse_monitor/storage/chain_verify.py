"""`nurse-monitor db verify`: walk each record chain and hold it to the heads kept outside it.

Issue 16, defect 7b; how the chain is built is in storage.record_chain. The walk reads each
chained table once, in id order, streaming (benchmarks/verify_chain.py measures it against a
plain read of the same rows).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, select

from nurse_monitor.storage.record_chain import (
    FORMS,
    GENESIS,
    WORDS,
    RowForm,
    anchored_heads,
    read_head_file,
)


@dataclass(frozen=True)
class ChainBreak:
    """The first row that does not match, or the head that points at a row that is gone."""

    table: str
    row_id: int
    problem: str

    def __str__(self) -> str:
        return f"{self.table} row {self.row_id}: {self.problem}"


@dataclass(frozen=True)
class ChainReport:
    """What `nurse-monitor db verify` found."""

    rows: dict[str, int] = field(default_factory=dict)
    broken: ChainBreak | None = None

    @property
    def intact(self) -> bool:
        return self.broken is None

    def summary(self) -> str:
        counts = ", ".join(f"{self.rows.get(n, 0):,} {w}" for n, w in WORDS.items())
        if self.broken is None:
            return f"Record chain intact: {counts}; every head matches."
        return f"Record chain broken at {self.broken}."


def verify_chain(conn: Connection, head_file: Path | None = None) -> ChainReport:
    """Walk each chain in id order and hold its newest rows to the heads kept outside it."""
    table_heads = anchored_heads(conn)
    file_heads = read_head_file(head_file) if head_file is not None else None
    rows: dict[str, int] = {}
    if head_file is not None and file_heads is None and table_heads:
        first = next(iter(table_heads))
        return ChainReport(rows, ChainBreak(first, 0, f"the head file {head_file} is gone"))
    for name, form in FORMS.items():
        wanted = _wanted_heads(name, table_heads, file_heads)
        count, broken = _walk(conn, form, wanted)
        rows[name] = count
        if broken is not None:
            return ChainReport(rows, broken)
        if count and name not in table_heads:
            return ChainReport(rows, ChainBreak(name, 0, "no head was ever kept for these rows"))
    return ChainReport(rows)


def _wanted_heads(
    name: str,
    table_heads: Mapping[str, tuple[int, str]],
    file_heads: Mapping[str, tuple[int, str]] | None,
) -> dict[int, list[str]]:
    wanted: dict[int, list[str]] = {}
    for heads in (table_heads, file_heads or {}):
        if name in heads:
            last_id, chain_hash = heads[name]
            wanted.setdefault(last_id, []).append(chain_hash)
    return wanted


def _walk(
    conn: Connection, form: RowForm, wanted: dict[int, list[str]]
) -> tuple[int, ChainBreak | None]:
    table = form.table
    name = table.name
    query = select(*form.columns, table.c.chain_hash).order_by(table.c.id)
    previous = GENESIS
    count = 0
    content = form.content
    jsonb = conn.dialect.name == "postgresql"
    sha256 = hashlib.sha256
    result = conn.execution_options(yield_per=5000).execute(query)
    for row in result:
        stored = row[-1]
        expected = sha256(previous.encode("ascii") + content(row[:-1], jsonb=jsonb)).hexdigest()
        if stored != expected:
            result.close()
            return count, ChainBreak(name, int(row[0]), "does not match its hash (changed)")
        count += 1
        row_id = int(row[0])
        if row_id in wanted and any(h != stored for h in wanted.pop(row_id)):
            result.close()
            return count, ChainBreak(name, row_id, "does not match the chain's head")
        previous = stored
    if wanted:
        gone = min(wanted)
        return count, ChainBreak(name, gone, "is gone: the newest rows were deleted")
    return count, None
