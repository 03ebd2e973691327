"""Orphaned sessions (issue 16, defect 15): a charge nurse gives a session whose nurse has left
to another nurse, so it can be finished and signed; the change is audited with the reason."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from nurse_monitor.services.actors import CHARTING, REVIEWING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.conversions import session_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.services.records import SessionRecord
from nurse_monitor.services.sessions import load_for_change
from nurse_monitor.storage.models import InfusionSession, User
from nurse_monitor.storage.repositories import users

MIN_REASON_LENGTH = 5  # our design default, as for amendments


def reassign_session(
    db: Database,
    actor: Actor,
    session_id: int,
    to_user_id: int,
    reason: str,
    *,
    expected_version: int | None = None,
) -> SessionRecord:
    """Give an unsigned session whose nurse is no longer active to an active nurse."""
    require_role(actor, REVIEWING, "reassign a session", db)
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise InvalidInput("Reason", f"required, at least {MIN_REASON_LENGTH} characters")
    now = db.clock.now()
    with db.write() as s:
        row = load_for_change(s, session_id, expected_version)
        current = users.user_by_id(s, row.nurse_id)
        if current is not None and current.active:
            raise InvalidInput(
                "Nurse",
                f"{current.full_name} still works here: only a session whose nurse has left "
                "can be reassigned",
            )
        target = users.user_by_id(s, to_user_id)
        if target is None or not target.active or target.role not in CHARTING:
            raise InvalidInput("Nurse", "an active nurse or charge nurse")
        row.nurse_id = target.id  # the version column moves: open screens are told it changed
        write_audit(
            s,
            actor,
            "reassign",
            now,
            "session",
            session_id,
            from_user_id=current.id if current is not None else None,
            to_user_id=target.id,
            reason=reason.strip(),
        )
        s.flush()
        return session_record(row)


@dataclass(frozen=True)
class NurseChoice:
    """An active nurse or charge nurse a session can be given to."""

    user_id: int
    name: str  # "Full Name, RN (username)"


def nurses_to_reassign_to(db: Database, actor: Actor) -> list[NurseChoice]:
    """Every active nurse and charge nurse, by name (the reassign dialog's choices)."""
    require_role(actor, REVIEWING, "reassign a session", db)
    with db.read() as s:
        found = s.scalars(
            select(User)
            .where(User.active.is_(True), User.role.in_(CHARTING))
            .order_by(User.full_name)
        )
        return [NurseChoice(u.id, _name(u)) for u in found]


def _name(user: User) -> str:
    credentials = f", {user.credentials}" if user.credentials else ""
    return f"{user.full_name}{credentials} ({user.username})"


def sessions_whose_nurse_left(db: Database, session_ids: Iterable[int]) -> frozenset[int]:
    """Of these sessions, those whose nurse's account is no longer active (one read)."""
    wanted = list(session_ids)
    if not wanted:
        return frozenset()
    with db.read() as s:
        found = s.scalars(
            select(InfusionSession.id)
            .join(User, User.id == InfusionSession.nurse_id)
            .where(InfusionSession.id.in_(wanted), User.active.is_(False))
        )
        return frozenset(found)
