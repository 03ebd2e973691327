"""Values the databases cannot keep, refused before any SQL is sent (issue 16, defect 11).

A text longer than its column, a NUL character, or NaN or infinity (in a number column or
inside a JSON document) each raised a raw DataError on PostgreSQL, and SQLite silently kept what
PostgreSQL refuses. A flush that holds one is refused here, naming the field, on both databases.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import String, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, UOWTransaction

from nurse_monitor.storage.base import JSONDocument


class UnstorableValue(Exception):
    """A value no database column may hold. `field` names the column in words."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


def field_words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _json_problem(value: Any, depth: int = 0) -> str | None:
    if depth > 64:
        return "nested too deeply"
    if isinstance(value, float) and not math.isfinite(value):
        return "must be a number (not NaN or infinity)"
    if isinstance(value, str):
        return "must not hold a NUL character" if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            problem = _json_problem(str(key), depth + 1) or _json_problem(item, depth + 1)
            if problem:
                return problem
    if isinstance(value, list | tuple):
        for item in value:
            problem = _json_problem(item, depth + 1)
            if problem:
                return problem
    return None


def check_storable(obj: Any) -> None:
    """Raise UnstorableValue for the first column of `obj` that no database may hold."""
    state = sa_inspect(obj)
    for column in state.mapper.columns:
        value = state.dict.get(column.key)
        if value is None:
            continue
        kind = column.type
        problem = None
        if isinstance(value, str):
            if "\x00" in value:
                problem = "must not hold a NUL character"
            elif isinstance(kind, String) and kind.length and len(value) > kind.length:
                problem = f"at most {kind.length} characters"
        elif isinstance(value, float) and not math.isfinite(value):
            problem = "must be a number (not NaN or infinity)"
        elif isinstance(kind, JSONDocument):
            problem = _json_problem(value)
        if problem:
            raise UnstorableValue(field_words(column.key), problem)


def _refuse_unstorable(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    for obj in (*session.new, *session.dirty):
        check_storable(obj)


def install_storable_check() -> None:
    """Listen on every Session (idempotent)."""
    if not event.contains(Session, "before_flush", _refuse_unstorable):
        event.listen(Session, "before_flush", _refuse_unstorable)
