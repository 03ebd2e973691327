"""The alarm log: what the board raised and ended, and what a nurse acknowledged or snoozed.

Entries go to their own append-only table and never touch the session row, so logging an alarm
never changes a session's version (a nurse's save never collides with an alarm).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from nurse_monitor.domain.alarm_log import AlarmLogLine
from nurse_monitor.domain.alarm_priority import AlarmCondition
from nurse_monitor.services.actors import Actor, require_role
from nurse_monitor.services.database import Database
from nurse_monitor.storage.models import AlarmLogEntry
from nurse_monitor.storage.repositories import alarm_log as log

_OPEN = ("raised", "acknowledged", "snoozed")


@dataclass(frozen=True)
class AlarmChange:
    """One change to log: an alarm raised, acknowledged, snoozed or ended at a chair."""

    session_id: int
    what: str
    condition: AlarmCondition


def log_alarm_changes(db: Database, actor: Actor, changes: Sequence[AlarmChange]) -> int:
    """Append the changes in one unit of work; how many were written.

    A raise already open in the log (after a restart, or from another station) and an end of an
    alarm not open are left out, so each episode is written once.
    """
    require_role(actor, ("nurse", "charge_nurse"), "log alarms")
    if not changes:
        return 0
    now = db.clock.now()
    written: list[AlarmLogEntry] = []
    with db.write() as s:
        # Per session: (is an episode open, the last raise's priority and reasons).
        state: dict[int, tuple[bool, tuple[str, str] | None]] = {}
        for change in changes:
            if change.session_id not in state:
                state[change.session_id] = _open_state(s, change.session_id)
            is_open, raised = state[change.session_id]
            key = (change.condition.priority.word, ",".join(change.condition.reasons))
            if change.what == "raised" and is_open and raised == key:
                continue
            if change.what == "ended" and not is_open:
                continue
            person = change.what in ("acknowledged", "snoozed")
            written.append(
                AlarmLogEntry(
                    session_id=change.session_id,
                    at=now,
                    what=change.what,
                    priority=key[0],
                    reasons=key[1],
                    user_id=actor.user_id if person else None,
                    by_name=actor.signature if person else "",
                )
            )
            if change.what == "raised":
                state[change.session_id] = (True, key)
            elif change.what == "ended":
                state[change.session_id] = (False, None)
        log.add_entries(s, written)
    return len(written)


def _open_state(s: Session, session_id: int) -> tuple[bool, tuple[str, str] | None]:
    entries = log.entries_for_session(s, session_id)
    if not entries or entries[-1].what not in _OPEN:
        return False, None
    raised = [e for e in entries if e.what == "raised"]
    return True, (raised[-1].priority, raised[-1].reasons) if raised else None


def alarm_log(db: Database, actor: Actor, session_id: int) -> tuple[AlarmLogLine, ...]:
    """The session's alarm log, oldest first."""
    require_role(actor, ("nurse", "charge_nurse"), "read sessions")
    with db.read() as s:
        return log_lines(s, session_id)


def log_lines(s: Session, session_id: int) -> tuple[AlarmLogLine, ...]:
    """The session's log lines, read inside an open unit of work (chair_view uses it)."""
    return lines_from(log.entries_for_session(s, session_id))


def lines_from(entries: Sequence[AlarmLogEntry]) -> tuple[AlarmLogLine, ...]:
    """`log_lines` from entries already read (oldest first)."""
    return tuple(
        AlarmLogLine(
            e.at, e.what, e.priority, tuple(r for r in e.reasons.split(",") if r), e.by_name
        )
        for e in entries
    )
