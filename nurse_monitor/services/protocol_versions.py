"""The version of a protocol today against the version the patient's previous session used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nurse_monitor.domain.protocol_versions import protocol_changes
from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.database import Database
from nurse_monitor.services.protocol_library import pinned_copy, protocol_files
from nurse_monitor.storage.repositories import protocol_copies, sessions


@dataclass(frozen=True)
class ProtocolVersion:
    """One version of a protocol file: its hash, when its source was checked, where it is."""

    protocol_id: str
    sha256: str
    checked_on: date
    origin: str

    @property
    def short(self) -> str:
        """What the screen shows: "version 3f2a9c41d0, source checked 2026-11-21"."""
        return f"version {self.sha256[:10]}, source checked {self.checked_on.isoformat()}"


@dataclass(frozen=True)
class VersionComparison:
    """Today's version; the previous session's (if the patient had one) and what changed."""

    current: ProtocolVersion
    previous: ProtocolVersion | None
    previous_session_on: date | None
    changes: tuple[str, ...]


def compare_with_previous(
    db: Database, actor: Actor, patient_id: int, protocol_id: str
) -> VersionComparison:
    """Today's file of `protocol_id` against the copy the patient's latest session of it kept."""
    require_role(actor, CHARTING, "start a session")
    file = protocol_files()[protocol_id]
    current = ProtocolVersion(
        protocol_id, file.sha256, file.protocol.source.checked_on, file.origin
    )
    with db.read() as s:
        earlier = [
            r for r in sessions.sessions_for_patient(s, patient_id) if r.protocol_id == protocol_id
        ]
        copies = protocol_copies.copies_for_sessions(s, [r.id for r in earlier])
        for row in reversed(earlier):
            copy = copies.get(row.id)
            if copy is None:
                continue
            old = pinned_copy(copy)
            previous = ProtocolVersion(protocol_id, copy.sha256, old.source.checked_on, copy.origin)
            changes = () if copy.sha256 == file.sha256 else protocol_changes(old, file.protocol)
            return VersionComparison(current, previous, row.created_at.date(), changes)
    return VersionComparison(current, None, None, ())
