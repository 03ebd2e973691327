"""Closing the session: discharge teaching, discharge and the nurse's signature.

Each action is one unit of work through `charting()`; clinical refusals say why and cite the rule.
"""

from __future__ import annotations

from datetime import date

from nurse_monitor.clock import local_date
from nurse_monitor.domain.checklist import TEACHING_TOPICS, ChartType, Step
from nurse_monitor.services.actors import Actor
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.chair_actions.preparation import recorded_once
from nurse_monitor.services.charting import charting
from nurse_monitor.services.conversions import event_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, PermissionDenied
from nurse_monitor.services.records import EventRecord


def record_teaching(
    db: Database,
    actor: Actor,
    session_id: int,
    topics: list[str],
    next_dose_on: date | None,
    note: str = "",
    *,
    expected_version: int | None = None,
) -> EventRecord:
    """Discharge teaching given (clinical-reference section 8) and the next dose date."""
    unknown = sorted(set(topics) - set(TEACHING_TOPICS))
    if unknown:
        raise InvalidInput("Teaching", f"unknown topic {', '.join(unknown)}")
    missing = [TEACHING_TOPICS[t] for t in TEACHING_TOPICS if t not in topics]
    if missing:
        raise InvalidInput("Teaching", "not yet covered: " + "; ".join(missing))
    with charting(db, actor, session_id, expected_version) as c:
        if next_dose_on is not None and next_dose_on <= local_date(c.now):
            raise InvalidInput("Next dose", "must be after today")
        payload = {
            "topics": list(topics),
            "next_dose_on": next_dose_on.isoformat() if next_dose_on else None,
            "note": note.strip(),
        }
        return event_record(recorded_once(c, ChartType.TEACHING_GIVEN, payload))


def discharge(
    db: Database,
    actor: Actor,
    session_id: int,
    override_reason: str = "",
    *,
    expected_version: int | None = None,
) -> EventRecord:
    """Discharge: refused while the engine says not yet, unless the nurse gives a reason."""
    with charting(db, actor, session_id, expected_version) as c:
        view = c.view()
        if not any(t.event.type == ChartType.TEACHING_GIVEN for t in view.timeline):
            raise InvalidInput("Discharge", "record the discharge teaching and next dose first")
        sheet = view.checklist.step(Step.TAKE_HOME_SHEET)
        if not sheet.done:
            raise InvalidInput(
                "Discharge",
                f"not yet: {sheet.title} — print or save it for the patient, or record why "
                "it was not given",
            )
        blockers = view.status.discharge_blockers
        if blockers and not override_reason.strip():
            raise InvalidInput(
                "Discharge",
                "not yet: " + "; ".join(blockers) + ". Give a reason to discharge anyway.",
            )
        event = c.add("discharged", {})
        if blockers:
            c.add(
                ChartType.NOTE,
                {"text": f"Discharged before: {'; '.join(blockers)}", "reason": override_reason},
            )
        return event_record(event)


def sign_session(
    db: Database, actor: Actor, session_id: int, *, expected_version: int | None = None
) -> EventRecord:
    """The nurse signs their own session once the patient is discharged."""
    with charting(db, actor, session_id, expected_version) as c:
        if c.row.nurse_id != actor.user_id:
            raise PermissionDenied(
                f"{actor.full_name} may not sign this session: only its nurse signs it "
                "(a charge nurse co-signs)."
            )
        if c.view().status.phase.value != "ended":
            raise InvalidInput("Sign", "discharge the patient before signing the session")
        event = c.add(ChartType.SESSION_SIGNED, {"signature": actor.signature})
        c.row.signed_by_id = actor.user_id
        c.row.signed_at = c.now
        write_audit(c.s, actor, "sign", c.now, "session", session_id)
        return event_record(event)
