"""After the infusion: the line flushed as the protocol's label asks (natalizumab)."""

from __future__ import annotations

from nurse_monitor.domain.checklist import ChartType
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.charting import charting
from nurse_monitor.services.conversions import event_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import EventRecord


def record_line_flush(
    db: Database,
    actor: Actor,
    session_id: int,
    *,
    solution: str = "0.9% sodium chloride",
    expected_version: int | None = None,
) -> EventRecord:
    """The line flushed after the infusion ended, with the solution used."""
    if not solution.strip():
        raise InvalidInput("Solution", "name the flush solution")
    with charting(db, actor, session_id, expected_version) as c:
        if c.protocol.flush_after is None:
            raise InvalidInput("Flush", f"{c.protocol.display_name} has no flush step")
        if c.view().status.ended_at is None:
            raise InvalidInput("Flush", "record the end of the infusion first")
        payload = {"solution": solution.strip(), "rule": c.protocol.flush_after}
        return event_record(c.add(ChartType.LINE_FLUSHED, payload))
