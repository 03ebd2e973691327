"""Hints to SQLite's query planner that PostgreSQL does not need (rendered as plain SQL there)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import NullType


class unlikely(FunctionElement[Any]):
    """`unlikely(condition)` on SQLite: the condition is rarely true, so an index on it pays.

    SQLite's statistics (after ANALYZE) only know how many rows a value has on average; for a
    column where one value holds nearly every row they make the planner scan the table.
    """

    # Untyped: typed Boolean, SQLAlchemy renders `unlikely(...) = 1` on SQLite, which the
    # planner no longer reads as a hint.
    type = NullType()
    name = "unlikely"
    inherit_cache = True


@compiles(unlikely)
def _plain(element: unlikely, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(unlikely, "sqlite")
def _sqlite(element: unlikely, compiler: SQLCompiler, **kw: Any) -> str:
    return f"unlikely({compiler.process(element.clauses, **kw)})"
