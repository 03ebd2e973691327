"""The pump link's site settings and housekeeping: allowed gateways, reading and purging the
raw message log. The raw messages carry patient data (PID), so reading or purging them is an
administrator's action, audited like any other look at patient data."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from nurse_monitor.services.actors import ADMINISTERING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput
from nurse_monitor.storage.models import PumpGateway, PumpMessageLog
from nurse_monitor.storage.repositories import pump as pump_repo

LOG_KEPT_FOR = timedelta(days=30)  # issue 19: the raw pump messages are purged after 30 days
COMMAND_ACTOR = "nurse-monitor pump"  # how a headless command names itself in the audit log


@dataclass(frozen=True)
class LogEntry:
    id: int
    received_at: datetime
    peer: str
    pump_id: str
    control_id: str
    ack_code: str
    reason: str
    raw: str


def clean_address(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        raise InvalidInput("Gateway", "an IP address such as 10.1.2.3 or fd00::5") from None


def allow_gateway(db: Database, actor: Actor | None, address: str, label: str = "") -> None:
    """Accept a pump gateway's address when the listener is bound to a network interface."""
    if actor is not None:
        require_role(actor, ADMINISTERING, "change the pump gateways", db)
    clean = clean_address(address)
    now = db.clock.now()
    with db.write() as s:
        if pump_repo.gateway(s, clean) is not None:
            return
        pump_repo.add(
            s,
            PumpGateway(
                address=clean,
                label=label.strip()[:100],
                added_at=now,
                added_by_id=actor.user_id if actor else None,
            ),
        )
        write_audit(
            s, actor, "pump_gateway", now, username=COMMAND_ACTOR, address=clean, label=label
        )


def allowed_gateways(db: Database) -> frozenset[str]:
    with db.read() as s:
        return frozenset(pump_repo.gateway_addresses(s))


def purge_pump_log(db: Database, actor: Actor, *, now: datetime | None = None) -> int:
    """Delete raw pump messages older than 30 days (the charted data stays); audited."""
    require_role(actor, ADMINISTERING, "purge the pump message log", db)
    when = now or db.clock.now()
    before = when - LOG_KEPT_FOR
    with db.write() as s:
        count = pump_repo.purge_log_before(s, before)
        write_audit(
            s,
            actor,
            "pump_log_purge",
            when,
            username=COMMAND_ACTOR,
            before=before.isoformat(),
            deleted=count,
        )
    return count


def recent_log(
    db: Database, actor: Actor, limit: int = 100, *, raw: bool = False
) -> list[LogEntry]:
    """The latest messages (newest first) and the answer each got; with `raw`, the messages
    themselves. Audited, the raw read named as such."""
    require_role(actor, ADMINISTERING, "read the pump message log", db)
    now = db.clock.now()
    with db.write() as s:
        entries = [_entry(e, raw) for e in pump_repo.log_entries(s, limit)]
        write_audit(s, actor, "pump_log_read", now, messages=len(entries), raw=raw)
    return entries


def _entry(e: PumpMessageLog, raw: bool) -> LogEntry:
    text = e.raw if raw else ""
    return LogEntry(
        e.id, e.received_at, e.peer, e.pump_id, e.control_id, e.ack_code, e.reason, text
    )


def record_listener_started(db: Database, host: str, port: int) -> None:
    """The headless listener records itself as the actor of what it receives."""
    now = db.clock.now()
    with db.write() as s:
        write_audit(
            s, None, "pump_listen", now, username=f"pump listener {host}:{port}", host=host,
            port=port,
        )  # fmt: skip
