"""Each session's pinned protocol as this station read and checked it, kept for its next save.

A session's stored copy (`session_protocols`) is append-only: written once when the session
begins, never changed (the ORM guard and the database's triggers refuse it). So once read and
checked against its hash (`protocol_library.pinned_copy`), it is the same protocol at every later
save: parsing and validating its text again was a tenth of a vital-signs save. A session without a
copy (from before copies were kept) is not kept: a copy may be pinned later.

Nothing read back is trusted blindly: each save still reads the copy's hash and text as stored and
compares them with the ones checked (a string comparison, no parse). A copy changed underneath
(by someone bypassing the record's guards, or a record restored) is checked afresh, so a damaged
one is refused at every save as before it was kept (PinnedProtocolDamaged).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from sqlalchemy.orm import Session

from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.services.protocol_library import pinned_copy, protocol
from nurse_monitor.storage.models import InfusionSession
from nurse_monitor.storage.repositories import protocol_copies


class PinnedProtocols:
    """The checked pinned protocols of the sessions this station saved to most recently."""

    def __init__(self, capacity: int = 256) -> None:
        self._capacity = capacity
        # session id -> (the session, the copy's hash and text as checked, its protocol)
        self._kept: OrderedDict[int, tuple[tuple[object, ...], Protocol]] = OrderedDict()
        self._lock = threading.Lock()

    def of(self, s: Session, row: InfusionSession) -> Protocol:
        """`protocol_library.session_protocol(s, row)`, read once per session."""
        stored = protocol_copies.stored_copy(s, row.id)
        if stored is None:
            return protocol(row.protocol_id)
        # This session, not another, and its copy as it was checked.
        which = (row.protocol_id, row.patient_id, row.created_at, *stored)
        with self._lock:
            kept = self._kept.get(row.id)
        if kept is not None and kept[0] == which:
            return kept[1]
        copy = protocol_copies.copy_for_session(s, row.id)
        if copy is None:
            return protocol(row.protocol_id)
        found = pinned_copy(copy)  # raises PinnedProtocolDamaged: nothing kept
        with self._lock:
            self._kept[row.id] = (which, found)
            self._kept.move_to_end(row.id)
            while len(self._kept) > self._capacity:
                self._kept.popitem(last=False)
        return found
