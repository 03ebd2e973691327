"""The cited protocol library, loaded once from resources/protocols."""

from __future__ import annotations

from functools import lru_cache

from nurse_monitor.domain.protocol_files import load_protocol_library
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.paths import protocols_dir
from nurse_monitor.services.errors import InvalidInput


@lru_cache(maxsize=1)
def protocol_library() -> dict[str, Protocol]:
    """Every protocol by id; a malformed file refuses the whole library with its message."""
    return load_protocol_library(protocols_dir())


def protocol(protocol_id: str) -> Protocol:
    try:
        return protocol_library()[protocol_id]
    except KeyError:
        known = ", ".join(sorted(protocol_library()))
        raise InvalidInput(
            "Protocol", f"{protocol_id!r} is not in the library; one of {known}"
        ) from None
