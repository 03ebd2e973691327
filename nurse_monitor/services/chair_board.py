"""Every chair in use at a glance: what is due next at each and what it alarms, computed by the
engine from the recorded times (never from timer state), so a restart or a clock change shows
the same board. Ordered by alarm priority, then due time (clinical-reference.md section 10).

Used by the chair board, the handoff view and the handoff sheet.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from nurse_monitor.domain.alarm_priority import (
    AlarmCondition,
    DueTime,
    alarm_condition,
    rate_step_is_due,
    status_alert_codes,
    status_due_times,
)
from nurse_monitor.domain.due_times import DEFAULT_GRACE, SNOOZE_MINUTES, DueState, due_state
from nurse_monitor.domain.pump_link import PumpAlert
from nurse_monitor.services.actors import Actor, require_role
from nurse_monitor.services.chair_view import OPEN_STATUSES, ChairView, build_view, chair_view
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import ServiceError
from nurse_monitor.services.pump_link import (
    BoundPump,
    PumpRecordFacts,
    bound_pump_alerts,
    bound_pumps,
    pump_alerts_against,
    record_facts,
)
from nurse_monitor.services.reassignment import sessions_whose_nurse_left
from nurse_monitor.services.session_reads import BoardReads
from nurse_monitor.services.sessions import CLOSED_STATUSES
from nurse_monitor.storage.models import InfusionSession
from nurse_monitor.storage.repositories import sessions

_log = logging.getLogger(__name__)
NURSE_LEFT = "nurse has left: reassign"

# A chair's own items: reactions first, then overdue before due, soonest first.
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

    def overdue(self, now: datetime, grace: timedelta = DEFAULT_GRACE) -> bool:
        """By the one due rule (due_times.py); a reaction is not a due item."""
        return (
            self.kind != "reaction"
            and due_state(self.due_at, now, grace, can_be_overdue=self.kind != "observation")
            is DueState.OVERDUE
        )

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
    alert_codes: tuple[str, ...] = ()  # the engine's codes, a reaction named by its severity
    due_times: tuple[DueTime, ...] = ()  # every due item, snoozes applied
    nurse_left: bool = False  # the session's nurse's account is deactivated: reassign it
    # The record's side of the pump comparison, and the alarms without the pump's: a pump's
    # next report is judged against these without reading the chair again (pump_reports).
    pump_facts: PumpRecordFacts | None = None
    record_alerts: tuple[str, ...] = ()
    record_codes: tuple[str, ...] = ()

    @property
    def next_due(self) -> DueItem | None:
        return self.due_items[0] if self.due_items else None

    def alarm(self, now: datetime, grace: timedelta = DEFAULT_GRACE) -> AlarmCondition | None:
        """This chair's alarm at `now` (clinical-reference.md section 10 priorities)."""
        return alarm_condition(self.alert_codes, self.due_times, now, grace)


def due_items(view: ChairView) -> tuple[DueItem, ...]:
    """What is due at this chair, most urgent first."""
    return view.once(_due_items)


def _due_items(view: ChairView) -> tuple[DueItem, ...]:
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
    if rate_step_is_due(status):  # not while abnormal vital signs hold the titration
        assert status.next_rate_due_at is not None and status.next_rate_ml_h is not None
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
    for entry in view.snoozes:
        # Never longer than the cap from when it was recorded, whatever the stored end says.
        longest = entry.event.occurred_at + timedelta(minutes=SNOOZE_MINUTES[1])
        until = min(datetime.fromisoformat(str(entry.payload["until"])), longest)
        if until > view.now:
            snoozes[str(entry.payload["item"])] = until
    return snoozes


_SNOOZE_NAME = {"observation_end": "observation"}  # snooze items keep their recorded names


def alarm_due_times(view: ChairView) -> tuple[DueTime, ...]:
    """The due items the alarm rule judges: the engine's, plus the start and premedications."""
    return view.once(_alarm_due_times)


def _alarm_due_times(view: ChairView) -> tuple[DueTime, ...]:
    snoozes = active_snoozes(view)
    due = list(status_due_times(view.status))
    for item in due_items(view):
        if item.kind in ("start", "premedication"):
            due.append(DueTime(item.kind, item.due_at))
    return tuple(
        replace(d, snoozed_until=snoozes.get(_SNOOZE_NAME.get(d.kind, d.kind))) for d in due
    )


def summarise(view: ChairView, pump: Sequence[PumpAlert] = ()) -> ChairSummary:
    """One chair as the board shows it; `pump`: the alarms of its bound pump, if any, which
    join the engine's codes so the row, the banner and the sound follow them."""
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
        alerts=(*(a.message for a in pump), *(a.message for a in status.alerts)),
        alert_codes=(*status_alert_codes(status), *(a.code for a in pump)),
        due_times=alarm_due_times(view),
        pump_facts=record_facts(view),
        record_alerts=tuple(a.message for a in status.alerts),
        record_codes=tuple(status_alert_codes(status)),
    )


def with_pump_reports(
    db: Database, actor: Actor, chairs: Sequence[ChairSummary], session_ids: Collection[int]
) -> list[ChairSummary]:
    """The board after pumps spoke: only the pump alarms of these chairs judged again, against
    what each row already holds of its record (no chair is read again: its record did not
    change; a pump's report bumps no version)."""
    facts = {
        c.session_id: c.pump_facts
        for c in chairs
        if c.session_id in session_ids and c.pump_facts is not None
    }
    found = pump_alerts_against(db, actor, facts)
    return [_with_pump(c, found[c.session_id]) if c.session_id in found else c for c in chairs]


def _with_pump(chair: ChairSummary, pump: Sequence[PumpAlert]) -> ChairSummary:
    return replace(
        chair,
        alerts=(*(a.message for a in pump), *chair.record_alerts),
        alert_codes=(*chair.record_codes, *(a.code for a in pump)),
    )


def board_order(
    chairs: list[ChairSummary], now: datetime, grace: timedelta = DEFAULT_GRACE
) -> list[ChairSummary]:
    """By alarm priority (high first), then by due time; chairs with nothing due last."""

    def key(c: ChairSummary) -> tuple[int, datetime, str]:
        alarm = c.alarm(now, grace)
        item = c.next_due
        due = item.due_at if item is not None else datetime.max.replace(tzinfo=now.tzinfo)
        return (-(int(alarm.priority) if alarm else 0), due, c.chair)

    return sorted(chairs, key=key)


def chair_summaries(db: Database, actor: Actor) -> list[ChairSummary]:
    """Every chair with an unsigned session, most urgent first."""
    require_role(actor, ("nurse", "charge_nurse"), "see the chairs", db)
    # One read of every chair, one query per table (session_reads.BoardReads).
    with db.read() as s:
        rows = sessions.sessions_with_status(s, OPEN_STATUSES)
        db.records.make_room(len(rows))  # every chair's rows stay parsed between reloads
        reads = BoardReads(s, rows, db.records)
        now = db.clock.now()
        built = [_built_or_failed(s, row, now, reads) for row in rows]
    read = [v if isinstance(v, ChairView) else unreadable_chair(db, v) for v in built]
    views = [v for v in read if isinstance(v, ChairView)]
    pumps = bound_pump_alerts(db, actor, views)
    chairs = [
        summarise(v, pumps.get(v.session.id, ())) if isinstance(v, ChairView) else v for v in read
    ]
    return board_order(marked_if_nurse_left(db, chairs), db.clock.now())


def chair_summary(db: Database, actor: Actor, session_id: int) -> ChairSummary | None:
    """One chair as the board shows it; None once its session is signed (off the board)."""
    require_role(actor, ("nurse", "charge_nurse"), "see the chairs", db)
    try:
        view = chair_view(db, actor, session_id)
    except (SQLAlchemyError, OSError, ServiceError):
        raise
    except Exception as error:  # any value the reader cannot parse
        _log.warning("session %s cannot be read: %s", session_id, error)
        return unreadable_chair(db, session_id)
    if view.session.status in CLOSED_STATUSES:
        return None
    return with_pump(db, actor, view)


def marked_if_nurse_left(db: Database, chairs: list[ChairSummary]) -> list[ChairSummary]:
    """Chairs whose nurse has left are marked, so a charge nurse sees them (defect 15)."""
    left = sessions_whose_nurse_left(db, (c.session_id for c in chairs))
    if not left:
        return chairs
    return [_nurse_left(c) if c.session_id in left else c for c in chairs]


def _nurse_left(chair: ChairSummary) -> ChairSummary:
    """The mark is one of the record's alerts: a pump's next report keeps it (_with_pump)."""
    return replace(
        chair,
        nurse_left=True,
        alerts=(*chair.alerts, NURSE_LEFT),
        record_alerts=(*chair.record_alerts, NURSE_LEFT),
    )


def with_pump(db: Database, actor: Actor, view: ChairView) -> ChairSummary:
    """One chair's summary with its bound pump's alarms (a workspace's fresh view, too)."""
    return judged_chair(view, chair_reads(db, actor, view), db.clock.now())


@dataclass(frozen=True)
class ChairReads:
    """What a chair's row is judged from besides its view, read from the record: whether the
    account of its nurse (`nurse_id`) is deactivated, and its bound pump (None: none). The
    board keeps these beside the row while no change could have altered them."""

    nurse_id: int
    nurse_left: bool
    pump: BoundPump | None


def chair_reads(db: Database, actor: Actor, view: ChairView) -> ChairReads:
    session_id = view.session.id
    pump = bound_pumps(db, actor, [session_id]).get(session_id)
    left = session_id in sessions_whose_nurse_left(db, [session_id])
    return ChairReads(view.session.nurse_id, left, pump)


def judged_chair(view: ChairView, reads: ChairReads, now: datetime) -> ChairSummary:
    """The chair's row from its view and what was read beside it, its pump judged at `now`."""
    pump = reads.pump.alerts(record_facts(view), now) if reads.pump is not None else ()
    chair = summarise(view, pump)
    return _nurse_left(chair) if reads.nurse_left else chair


def _built_or_failed(
    s: Session, row: InfusionSession, now: datetime, reads: BoardReads
) -> ChairView | int:
    """One chair's view, or its session id when an entry cannot be parsed: that never hides
    the other chairs. The record itself unreachable (a database error) is raised: the board
    says so as a whole."""
    try:
        return build_view(s, row, now, reads=reads)
    except (SQLAlchemyError, OSError, ServiceError):
        raise
    except Exception as error:  # any value the reader cannot parse
        _log.warning("session %s cannot be read: %s", row.id, error)
        return row.id


def unreadable_chair(db: Database, session_id: int) -> ChairSummary:
    """A chair whose entry cannot be read: shown, and alarming high (entry_unreadable)."""
    chair = f"Session {session_id}"
    version = 0
    with db.read() as s:
        row = sessions.session_by_id(s, session_id)
        if row is not None:
            chair, version = str(row.chair), int(row.version)
    return ChairSummary(
        session_id=session_id,
        session_version=version,
        chair=chair,
        patient_name="entry cannot be read",
        record_number="—",
        protocol_name="—",
        drug="—",
        phase="unknown",
        rate_ml_h=0.0,
        volume_infused_ml=0.0,
        bag_volume_ml=0.0,
        due_items=(),
        news2_total=None,
        news2_band=None,
        reaction=None,
        last_vitals="entry cannot be read",
        last_vitals_at=None,
        observation_ends_at=None,
        alerts=("An entry of this session cannot be read: check the record",),
        alert_codes=("entry_unreadable",),
    )
