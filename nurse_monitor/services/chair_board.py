"""Every chair in use at a glance: what is due next at each, computed by the engine from the
recorded times (never from timer state), so a restart or a clock change shows the same board.

Used by the chair board, the handoff view and the handoff sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from nurse_monitor.services.actors import Actor, require_role
from nurse_monitor.services.chair_view import ChairView, chair_view, open_session_ids
from nurse_monitor.services.database import Database

# Reaction alarms outrank everything; then overdue before due, soonest first.
PRIORITY = {
    "reaction": 0,
    "vitals": 1,
    "rate_step": 2,
    "start": 3,
    "premedication": 4,
    "observation": 5,
}


@dataclass(frozen=True)
class DueItem:
    """One thing the nurse must do at a chair, and when."""

    kind: str  # reaction, vitals, rate_step, start, premedication, observation
    label: str
    due_at: datetime
    snoozed_until: datetime | None = None

    def overdue(self, now: datetime) -> bool:
        return self.due_at < now

    def is_due(self, now: datetime) -> bool:
        return self.due_at <= now


@dataclass(frozen=True)
class ChairSummary:
    session_id: int
    session_version: int
    chair: str
    patient_name: str
    record_number: str
    protocol_name: str
    drug: str
    phase: str
    rate_ml_h: float
    volume_infused_ml: float
    bag_volume_ml: float
    due_items: tuple[DueItem, ...]
    news2_total: int | None
    news2_band: str | None
    reaction: str | None  # severity of the active reaction
    last_vitals: str
    last_vitals_at: datetime | None
    observation_ends_at: datetime | None
    alerts: tuple[str, ...]

    @property
    def next_due(self) -> DueItem | None:
        return self.due_items[0] if self.due_items else None


def due_items(view: ChairView) -> tuple[DueItem, ...]:
    """What is due at this chair, most urgent first."""
    status = view.status
    items: list[DueItem] = []
    reaction = status.current_reaction
    if reaction is not None:
        items.append(
            DueItem(
                "reaction",
                f"Reaction ({reaction.severity.value.replace('_', '-')})",
                reaction.onset_at,
            )
        )
    if status.vitals_due_at is not None:
        items.append(DueItem("vitals", "Vital signs", status.vitals_due_at))
    if status.next_rate_due_at is not None and status.next_rate_ml_h is not None:
        items.append(
            DueItem(
                "rate_step", f"Rate step to {status.next_rate_ml_h:g} mL/h", status.next_rate_due_at
            )
        )
    if status.started_at is None:
        earliest = view.checklist.earliest_start_at
        if earliest is not None and not view.checklist.start_blockers:
            items.append(DueItem("start", "Start infusion", earliest))
        for premed in view.checklist.premedications:
            if premed.window_passed_at is not None:
                items.append(
                    DueItem(
                        "premedication",
                        f"{premed.item.name.capitalize()} window ends",
                        premed.window_passed_at,
                    )
                )
    if status.observation_ends_at is not None and status.phase.value == "observing":
        items.append(DueItem("observation", "Observation ends", status.observation_ends_at))
    now = view.now
    snoozes = active_snoozes(view)
    items = [replace(i, snoozed_until=snoozes.get(i.kind)) for i in items]
    return tuple(
        sorted(
            items,
            key=lambda i: (i.kind != "reaction", not i.overdue(now), i.due_at, PRIORITY[i.kind]),
        )
    )


def active_snoozes(view: ChairView) -> dict[str, datetime]:
    """Item kind → when its snooze ends, for snoozes still running at the view's now."""
    snoozes: dict[str, datetime] = {}
    for entry in view.timeline:
        if entry.event.type != "alarm_snoozed":
            continue
        until = datetime.fromisoformat(str(entry.payload["until"]))
        if until > view.now:
            snoozes[str(entry.payload["item"])] = until
    return snoozes


def summarise(view: ChairView) -> ChairSummary:
    status = view.status
    latest = status.latest_vitals
    last = (
        f"BP {latest.systolic}/{latest.diastolic}, HR {latest.heart_rate}, RR "
        f"{latest.respiratory_rate}, T {latest.temperature_c:.1f} °C, SpO2 {latest.spo2}%"
        if latest
        else "none yet"
    )
    return ChairSummary(
        session_id=view.session.id,
        session_version=view.session.version,
        chair=view.session.chair,
        patient_name=view.patient.display_name,
        record_number=view.patient.record_number,
        protocol_name=view.protocol.display_name,
        drug=view.protocol.brand,
        phase=status.phase.value,
        rate_ml_h=status.rate_ml_h,
        volume_infused_ml=status.volume_infused_ml,
        bag_volume_ml=view.facts.bag_volume_ml,
        due_items=due_items(view),
        news2_total=status.news2.total if status.news2 else None,
        news2_band=status.news2.band.value if status.news2 else None,
        reaction=status.current_reaction.severity.value if status.current_reaction else None,
        last_vitals=last,
        last_vitals_at=status.latest_vitals_at,
        observation_ends_at=status.observation_ends_at,
        alerts=tuple(a.message for a in status.alerts),
    )


def board_order(chairs: list[ChairSummary], now: datetime) -> list[ChairSummary]:
    """Reactions first, then overdue, then what is due soonest; chairs with nothing due last."""

    def key(c: ChairSummary) -> tuple[int, int, datetime, str]:
        item = c.next_due
        if item is None:
            return (1, 1, datetime.max.replace(tzinfo=now.tzinfo), c.chair)
        return (
            0 if item.kind == "reaction" else 1,
            0 if item.overdue(now) else 1,
            item.due_at,
            c.chair,
        )

    return sorted(chairs, key=key)


def chair_summaries(db: Database, actor: Actor) -> list[ChairSummary]:
    """Every chair with an unsigned session, most urgent first."""
    require_role(actor, ("nurse", "charge_nurse"), "see the chairs", db)
    views = [chair_view(db, actor, session_id) for session_id in open_session_ids(db, actor)]
    return board_order([summarise(v) for v in views], db.clock.now())
