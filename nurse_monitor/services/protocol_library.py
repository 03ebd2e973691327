"""The cited protocol library (bundled, plus a site's own folder), and each session's pinned copy.

A session stores the exact protocol file it began with (text and SHA-256); everything that shows
or computes an existing session reads that copy, so editing a protocol file never changes an
old session. A site adds protocols from its own folder (`NURSE_MONITOR_PROTOCOLS_DIR`, else the
station's preference), validated exactly like the bundled ones.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy.orm import Session

from nurse_monitor.domain.protocol_files import (
    ProtocolFileError,
    protocol_fingerprint,
    protocol_from_text,
    read_protocol_text,
)
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.paths import protocols_dir
from nurse_monitor.services.errors import InvalidInput, ServiceError
from nurse_monitor.storage.models import InfusionSession, SessionProtocol
from nurse_monitor.storage.repositories import protocol_copies

SITE_PROTOCOLS_ENV = "NURSE_MONITOR_PROTOCOLS_DIR"
BUNDLED = "bundled"

_site_preference: str = ""


@dataclass(frozen=True)
class ProtocolFile:
    """One protocol as read: its validated content, its text, the text's hash and origin."""

    protocol: Protocol
    text: str
    sha256: str
    origin: str  # "bundled", or the site folder it came from


class PinnedProtocolDamaged(ServiceError):
    """A session's stored protocol copy does not match its own hash: refuse to compute on it."""


def use_site_protocols(folder: str) -> None:
    """The station's preference for a site protocol folder ("" for none); the env var wins."""
    global _site_preference
    _site_preference = folder.strip()
    _library_files.cache_clear()


def site_protocols_dir() -> Path | None:
    """The site's own protocol folder, if one is set."""
    chosen = os.environ.get(SITE_PROTOCOLS_ENV, "").strip() or _site_preference
    return Path(chosen).expanduser() if chosen else None


def _read_folder(folder: Path, origin: str) -> dict[str, ProtocolFile]:
    found: dict[str, ProtocolFile] = {}
    for path in sorted(folder.glob("*.toml")):
        text = read_protocol_text(path)
        protocol = protocol_from_text(text, path.name)
        found[protocol.id] = ProtocolFile(protocol, text, protocol_fingerprint(text), origin)
    return found


@lru_cache(maxsize=4)
def _library_files(bundled: Path, site: Path | None) -> dict[str, ProtocolFile]:
    files = _read_folder(bundled, BUNDLED)
    if not files:
        raise ProtocolFileError(str(bundled), "(folder)", "holds no protocol files")
    if site is not None:
        if not site.is_dir():
            raise ProtocolFileError(str(site), "(folder)", "the site protocol folder is missing")
        for protocol_id, file in _read_folder(site, str(site)).items():
            if protocol_id in files:
                raise ProtocolFileError(
                    f"{protocol_id}.toml",
                    "id",
                    f"{protocol_id!r} is already a bundled protocol; give the site's own an id",
                )
            files[protocol_id] = file
    return files


def protocol_files() -> dict[str, ProtocolFile]:
    """Every protocol file by id (bundled and site); a bad file refuses the whole library."""
    return _library_files(protocols_dir(), site_protocols_dir())


def protocol_library() -> dict[str, Protocol]:
    """Every protocol by id; a malformed file refuses the whole library with its message."""
    return {pid: file.protocol for pid, file in protocol_files().items()}


def reload_protocol_library() -> None:
    """Read the files again (after a file or the site folder changed)."""
    _library_files.cache_clear()


def protocol(protocol_id: str) -> Protocol:
    """Today's library version of a protocol (for a new session; see session_protocol)."""
    try:
        return protocol_library()[protocol_id]
    except KeyError:
        known = ", ".join(sorted(protocol_library()))
        raise InvalidInput(
            "Protocol", f"{protocol_id!r} is not in the library; one of {known}"
        ) from None


@lru_cache(maxsize=64)
def _pinned(text: str, file: str) -> Protocol:
    return protocol_from_text(text, file)


def pinned_copy(copy: SessionProtocol) -> Protocol:
    """The protocol a stored copy holds, checked against its hash and validated again."""
    if protocol_fingerprint(copy.content) != copy.sha256:
        raise PinnedProtocolDamaged(
            f"session {copy.session_id}: its stored protocol {copy.protocol_id} does not match "
            "its recorded version; the record may be damaged"
        )
    try:
        return _pinned(copy.content, f"{copy.protocol_id}.toml")
    except ProtocolFileError as error:
        raise PinnedProtocolDamaged(
            f"session {copy.session_id}: its stored protocol is not valid: {error}"
        ) from None


def session_protocol(s: Session, row: InfusionSession) -> Protocol:
    """The exact protocol this session began with; the library's for a session from before
    copies were kept."""
    copy = protocol_copies.copy_for_session(s, row.id)
    if copy is None:
        return protocol(row.protocol_id)
    return pinned_copy(copy)


def pin_protocol(s: Session, row: InfusionSession, now: datetime) -> ProtocolFile:
    """Store the library's current file for a new session (its text, hash and origin)."""
    file = protocol_files().get(row.protocol_id)
    if file is None:
        protocol(row.protocol_id)  # raises InvalidInput naming the known ids
        raise AssertionError("unreachable")
    protocol_copies.add_copy(
        s,
        SessionProtocol(
            session_id=row.id,
            protocol_id=row.protocol_id,
            sha256=file.sha256,
            content=file.text,
            origin=file.origin,
            stored_at=now,
        ),
    )
    return file
