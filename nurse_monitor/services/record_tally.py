"""Each session's record as the last save on this station left it checked and summed up.

A save checks its entry against the whole record and recomputes the summary's start, end and
volume from it (services/charting.py): for a vital-signs save on a 300-reading session that was
reading every row, parsing every payload and replaying the record twice, each time. A save keeps
where both passes stood after it (`domain.record_tally`), under the version its commit gave the
session; the next save on this station steps its entry on from there, when:

- the session's row, locked in the save's own transaction, is still at that version: every
  change a co-signer reviews bumps it (services/changes.py `VERSIONED_KINDS`: every entry the
  engine reads, every amendment), whoever made it, on this station or another;
- the protocol, dose and bag it was checked against are the same;
- the entry is one that moves nothing the summary shows, timed at or after the last entry
  (`Delivery.follows`).

The summary's highest NEWS2, worst reaction grade and "amended" are kept too: while the version
holds, no reading, reaction or amendment was written since that save stored them, so after a
stepped save that wrote only its readings they are the kept ones with the new readings' scores
(services/charting.py `Charting.counts_after`).

Anything else (a back-timed entry, a rate, an amendment, another station's change, a second
entry in one action) checks and replays the whole record as before, and keeps the result. Only a
committed save keeps anything.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from nurse_monitor.domain.event_checks import SequenceCheck
from nurse_monitor.domain.protocols import Protocol
from nurse_monitor.domain.record_tally import Delivery
from nurse_monitor.storage.models import InfusionSession

SummaryCounts = tuple[int | None, int | None, bool]


@dataclass(frozen=True)
class Tally:
    """Where the checks and the summary stood after a committed save (never changed in place:
    `check` is copied before a step)."""

    version: int
    protocol: Protocol
    dose_mg: float
    bag_volume_ml: float | None
    check: SequenceCheck
    delivery: Delivery
    counts: SummaryCounts  # the summary's highest NEWS2, worst grade and amended, as stored

    def holds_for(self, row: InfusionSession, protocol: Protocol) -> bool:
        """Whether this is the record `row` (read under its lock) and `protocol` describe."""
        return (
            row.version == self.version
            and protocol is self.protocol
            and row.dose_mg == self.dose_mg
            and row.bag_volume_ml == self.bag_volume_ml
        )


def tally_for(
    row: InfusionSession,
    protocol: Protocol,
    check: SequenceCheck,
    delivery: Delivery,
    counts: SummaryCounts,
) -> Tally:
    """The tally of `row` as it stands now (after the unit of work's flush)."""
    return Tally(row.version, protocol, row.dose_mg, row.bag_volume_ml, check, delivery, counts)


class RecordTallies:
    """The tallies of the sessions this station saved to most recently (any thread)."""

    def __init__(self, capacity: int = 64) -> None:
        self._capacity = capacity
        self._kept: OrderedDict[int, Tally] = OrderedDict()
        self._lock = threading.Lock()

    def valid(self, row: InfusionSession, protocol: Protocol) -> Tally | None:
        """The session's tally, if it still holds for the row read under its lock."""
        with self._lock:
            tally = self._kept.get(row.id)
        if tally is None or not tally.holds_for(row, protocol):
            return None
        return tally

    def keep(self, session_id: int, tally: Tally) -> None:
        """After a commit: the tally of the session as committed."""
        with self._lock:
            self._kept[session_id] = tally
            self._kept.move_to_end(session_id)
            while len(self._kept) > self._capacity:
                self._kept.popitem(last=False)

    def forget(self, session_id: int) -> None:
        with self._lock:
            self._kept.pop(session_id, None)
