"""Binding a pump to a chair's session, and ending the binding: a pump's messages are kept
for the session it is bound to, and only logged while it is bound to none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nurse_monitor.services.actors import CHARTING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound
from nurse_monitor.storage.models import PumpBinding
from nurse_monitor.storage.repositories import pump as pump_repo
from nurse_monitor.storage.repositories import sessions

PUMP_ID_FORBIDDEN = set("|^~\\&\r\n\t")


@dataclass(frozen=True)
class PumpBindingRecord:
    id: int
    pump_id: str
    session_id: int
    bound_at: datetime


def clean_pump_id(pump_id: str) -> str:
    """A pump identifier as scanned from its label or typed; refused with what is allowed."""
    text = pump_id.strip()
    if not 1 <= len(text) <= 64:
        raise InvalidInput("Pump", "scan or type the pump's identifier (1 to 64 characters)")
    if PUMP_ID_FORBIDDEN & set(text) or not text.isprintable():
        raise InvalidInput("Pump", "letters, digits and - . _ : only (no | ^ ~ \\ &)")
    return text


def bind_pump(db: Database, actor: Actor, session_id: int, pump_id: str) -> PumpBindingRecord:
    """Bind a pump to this chair's session (one pump per session, one session per pump)."""
    require_role(actor, CHARTING, "bind a pump")
    pump = clean_pump_id(pump_id)
    now = db.clock.now()
    with db.write() as s:
        row = sessions.session_by_id(s, session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        if row.status in ("signed", "cosigned"):
            raise InvalidInput("Pump", "the session is signed; a pump can no longer be bound")
        elsewhere = pump_repo.active_binding_for_pump(s, pump)
        if elsewhere is not None:
            other = sessions.session_by_id(s, elsewhere.session_id)
            chair = other.chair if other is not None else "?"
            raise InvalidInput(
                "Pump", f"pump {pump} is bound to chair {chair}; unbind it there first"
            )
        if pump_repo.active_binding_for_session(s, session_id) is not None:
            raise InvalidInput("Pump", "this session already has a pump; unbind it first")
        binding = PumpBinding(
            pump_id=pump, session_id=session_id, bound_at=now, bound_by_id=actor.user_id
        )
        pump_repo.add(s, binding)
        write_audit(s, actor, "pump_bind", now, "session", session_id, pump_id=pump)
        return PumpBindingRecord(binding.id, pump, session_id, now)


def unbind_pump(db: Database, actor: Actor, session_id: int) -> None:
    """End the binding: the pump's later messages are logged, not kept for this session."""
    require_role(actor, CHARTING, "unbind a pump")
    now = db.clock.now()
    with db.write() as s:
        binding = pump_repo.active_binding_for_session(s, session_id)
        if binding is None:
            raise InvalidInput("Pump", "no pump is bound to this session")
        binding.unbound_at = now
        binding.unbound_by_id = actor.user_id
        s.flush()
        write_audit(s, actor, "pump_unbind", now, "session", session_id, pump_id=binding.pump_id)
