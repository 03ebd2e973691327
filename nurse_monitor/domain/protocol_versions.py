"""What changed between two versions of one protocol, field by field, in words a nurse reads.

A session runs under the exact protocol file it began with; before the next session, the nurse
sees what changed since the version the patient's previous session used.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any


def _words(name: str) -> str:
    return name.replace("_", " ")


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
        return ", ".join(value) or "none"
    return str(value)


def _keyed(items: tuple[Any, ...]) -> dict[str, Any] | None:
    """Items of a list by their id or name, so a reordered list is not a change."""
    keys = [getattr(item, "id", None) or getattr(item, "name", None) for item in items]
    if all(isinstance(k, str) for k in keys) and len(set(keys)) == len(keys):
        return dict(zip(keys, items, strict=True))  # type: ignore[arg-type]
    return None


def _compare(label: str, old: Any, new: Any, out: list[str]) -> None:
    if old == new:
        return
    if is_dataclass(old) and is_dataclass(new) and type(old) is type(new):
        for f in fields(old):
            name = f"{label} › {_words(f.name)}" if label else _words(f.name)
            _compare(name, getattr(old, f.name), getattr(new, f.name), out)
        return
    if isinstance(old, tuple) and isinstance(new, tuple):
        old_keyed, new_keyed = _keyed(old), _keyed(new)
        if old_keyed is not None and new_keyed is not None and (old or new):
            for key in old_keyed.keys() - new_keyed.keys():
                out.append(f"{label}: {key} removed")
            for key in new_keyed.keys() - old_keyed.keys():
                out.append(f"{label}: {key} added")
            for key in sorted(old_keyed.keys() & new_keyed.keys()):
                _compare(f"{label} › {key}", old_keyed[key], new_keyed[key], out)
            return
    out.append(f"{label}: {_shown(old)} → {_shown(new)}")


def protocol_changes(old: Any, new: Any) -> tuple[str, ...]:
    """Each field that differs between two versions of a protocol ("observation › first dose
    minutes: 60 → 120"); empty when they are the same."""
    out: list[str] = []
    _compare("", old, new, out)
    return tuple(out)
