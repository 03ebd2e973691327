"""A session's follow-up call in full, for the patient's history (issue 18): every timed
attempt and who made it, reached or not, each delayed symptom with its onset, severity and
whether it resolved, the triage and its action, the prescriber informed, the free text, and a
charge nurse's additions or cancellation with the reason. Read back without trusting it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from nurse_monitor.services.follow_ups import CallOutcome, call_outcome
from nurse_monitor.storage.models import FollowUpEntry


@dataclass(frozen=True)
class CallStep:
    """An attempt not answered, or a charge nurse adding or cancelling the call."""

    kind: str  # attempt, added, cancelled
    at: datetime
    by: str
    reason: str = ""  # the charge nurse's reason, or the attempt's note (e.g. "voicemail")
    due_date: date | None = None


@dataclass(frozen=True)
class FollowUpRecord:
    steps: tuple[CallStep, ...]  # in time order
    outcome: CallOutcome | None  # the signed call (reached, or not reached with what was done)

    @property
    def attempts(self) -> int:
        """Unanswered attempts, plus the call itself when it reached the patient."""
        tries = sum(1 for s in self.steps if s.kind == "attempt")
        return tries + (1 if self.outcome is not None and self.outcome.reached else 0)


def follow_up_record(s: Session, session_id: int) -> FollowUpRecord | None:
    """Everything the record holds of the session's follow-up (None: nothing recorded)."""
    entries = s.scalars(
        select(FollowUpEntry)
        .where(FollowUpEntry.session_id == session_id)
        .order_by(FollowUpEntry.at, FollowUpEntry.id)
    ).all()
    if not entries:
        return None
    steps = []
    for e in entries:
        if e.kind == "call":
            continue
        payload: Any = e.payload if isinstance(e.payload, dict) else {}
        reason = payload.get("note" if e.kind == "attempt" else "reason")
        steps.append(
            CallStep(e.kind, e.at, e.by_name, reason if isinstance(reason, str) else "", e.due_date)
        )
    calls = [e for e in entries if e.kind == "call"]
    return FollowUpRecord(tuple(steps), call_outcome(calls[-1]) if calls else None)
