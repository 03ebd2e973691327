"""The pump's lines of a session's record (timeline, chart, PDF), read inside the chair view's
unit of work: one line per change of the pump's rate or status, event or alarm."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from nurse_monitor.domain.pump_link import PumpChannelReport, PumpEvent
from nurse_monitor.domain.pump_log import PumpLogLine, pump_changes
from nurse_monitor.storage.repositories import pump as pump_repo

_EVENTS = {e.value for e in PumpEvent}


def pump_lines(s: Session, session_id: int, names: Mapping[int, str]) -> tuple[PumpLogLine, ...]:
    """The session's pump changes, oldest first. Values read back are checked, not trusted: a
    rate that is not a finite number at or above zero is left out, an unknown event dropped."""
    return lines_from(pump_repo.observation_lines(s, session_id), names)


def lines_from(rows: Iterable[Any], names: Mapping[int, str]) -> tuple[PumpLogLine, ...]:
    """`pump_lines` from rows already read (repositories.pump.OBSERVATION_LINE columns)."""
    lines = []
    for row in rows:
        report = PumpChannelReport(
            channel=row.channel,
            rate_ml_h=_rate(row.rate_ml_h),
            current_rate_ml_h=_rate(row.current_rate_ml_h),
            infusing=row.infusing if isinstance(row.infusing, bool) else None,
        )
        lines.append(
            PumpLogLine(
                received_at=row.received_at,
                observed_at=row.observed_at,
                pump_id=row.pump_id,
                channel=row.channel,
                rate_ml_h=report.delivering_rate(),
                infusing=report.infusing,
                event=row.event if row.event in _EVENTS else None,
                alarm=row.alarm or None,
                other_patient=bool(row.patient_mismatch),
                charted_by=names.get(row.charted_by_id, "?") if row.charted_by_id else "",
            )
        )
    return pump_changes(lines)


def _rate(value: object) -> float | None:
    if isinstance(value, int | float) and 0 <= value < float("inf"):
        return float(value)
    return None
