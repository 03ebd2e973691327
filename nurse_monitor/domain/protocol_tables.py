"""A protocol file's TOML tables read with their dotted paths, so a bad value is refused naming
its file, field and problem (protocol_files.py builds the protocol from them)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

_Choice = TypeVar("_Choice", bound=StrEnum)


class ProtocolFileError(ValueError):
    """A protocol file that cannot be trusted: which file, which field, what is wrong."""

    def __init__(self, file: str, field: str, problem: str) -> None:
        super().__init__(f"{file}: {field}: {problem}")
        self.file = file
        self.field = field
        self.problem = problem


class _Table:
    """One TOML table read with its dotted path, so every error names its field."""

    def __init__(self, file: str, data: Mapping[str, Any], path: str = "") -> None:
        self.file = file
        self.data = data
        self.path = path

    def name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> ProtocolFileError:
        return ProtocolFileError(self.file, self.name(key), problem)

    def has(self, key: str) -> bool:
        return key in self.data

    def table(self, key: str) -> _Table:
        value = self.data.get(key)
        if not isinstance(value, Mapping):
            raise self.fail(key, "missing table" if value is None else "must be a table")
        return _Table(self.file, value, self.name(key))

    def tables(self, key: str) -> list[_Table]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
            raise self.fail(key, "must be an array of tables")
        return [_Table(self.file, v, f"{self.name(key)}[{i}]") for i, v in enumerate(value)]

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise self.fail(key, "missing")
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be non-empty text")
        return value

    def flag(self, key: str, default: bool | None = None) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "missing" if value is None else "must be true or false")
        return value

    def number(self, key: str, *, positive: bool = True) -> float:
        value = self.data.get(key)
        if value is None:
            raise self.fail(key, "missing")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number, got {value!r}")
        if not math.isfinite(value):
            raise self.fail(key, f"must be a finite number, got {value}")
        if positive and value <= 0:
            raise self.fail(key, f"must be greater than 0, got {value}")
        if value < 0:
            raise self.fail(key, f"must not be negative, got {value}")
        return float(value)

    def maybe_number(self, key: str, *, positive: bool = True) -> float | None:
        return self.number(key, positive=positive) if key in self.data else None

    def maybe_int(self, key: str) -> int | None:
        if key not in self.data:
            return None
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise self.fail(key, f"must be a whole number of at least 1, got {value!r}")
        return value

    def choice(self, key: str, kind: type[_Choice]) -> _Choice:
        value = self.text(key)
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(repr(v.value) for v in kind)
            raise self.fail(key, f"{value!r} is not one of {allowed}") from None

    def day(self, key: str) -> date:
        value = self.data.get(key)
        if not isinstance(value, date):
            raise self.fail(key, "missing" if value is None else "must be a date (YYYY-MM-DD)")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a list of text")
        return tuple(value)
