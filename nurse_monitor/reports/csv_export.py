"""Readings and events of sessions as one CSV: a header row, one row per record, ISO 8601 times.

`kind` says whether a row is a vital-signs reading or a recorded event; event details are the
payload (amendments applied) as JSON, so nothing recorded is lost in the flattening.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from nurse_monitor.services.chair_view import UNREADABLE, ChairView

COLUMNS = (
    "session_id",
    "record_number",
    "kind",
    "type",
    "occurred_at",
    "recorded_at",
    "recorded_by",
    "systolic",
    "diastolic",
    "heart_rate",
    "respiratory_rate",
    "temperature_c",
    "spo2",
    "on_oxygen",
    "consciousness",
    "pain",
    "news2_total",
    "news2_band",
    "rate_ml_h",
    "detail",
    "amended",
)


def sessions_csv(views: Sequence[ChairView]) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read °C and names correctly)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for view in views:
        for row in session_rows(view):
            writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def session_rows(view: ChairView) -> list[dict[str, Any]]:
    common = {"session_id": view.session.id, "record_number": view.patient.record_number}
    rows: list[dict[str, Any]] = []
    for r in view.readings:
        rows.append(
            common
            | {
                "kind": "reading",
                "type": "vitals",
                "occurred_at": r.taken_at.isoformat(),
                "recorded_by": r.recorded_by,
                "systolic": r.systolic,
                "diastolic": r.diastolic,
                "heart_rate": r.heart_rate,
                "respiratory_rate": r.respiratory_rate,
                "temperature_c": r.temperature_c,
                "spo2": r.spo2,
                "on_oxygen": r.on_oxygen,
                "consciousness": r.consciousness,
                "pain": r.pain,
                "news2_total": r.news2_total,
                "news2_band": r.news2_band,
                "detail": r.note,
            }
        )
    for t in view.timeline:
        if t.event.type == "vitals":
            continue  # the reading row above holds it
        rows.append(
            common
            | {
                "kind": "event",
                "type": t.event.type,
                "occurred_at": t.event.occurred_at.isoformat(),
                "recorded_at": t.event.recorded_at.isoformat(),
                "recorded_by": t.by,
                "rate_ml_h": t.payload.get("rate_ml_h"),
                "detail": UNREADABLE
                if t.unreadable
                else json.dumps(t.payload, sort_keys=True, ensure_ascii=False, default=str),
                "amended": "yes" if t.amendments else "",
            }
        )
    rows.sort(key=lambda row: (row["occurred_at"], row["kind"] != "event"))
    return rows
