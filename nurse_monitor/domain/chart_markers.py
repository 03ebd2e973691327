"""What the vital-signs chart marks on its time line, decided from the record, not by the chart.

A premedication given, a rate set (start, change, resume) and a reaction: each is a marker at
the moment it happened, with a short label. The chart only draws what it is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

MARKER_KINDS = ("premedication", "rate", "reaction")
RATE_EVENTS = ("infusion_started", "rate_changed", "resumed")
MARKED_EVENTS = frozenset({"premedication_given", *RATE_EVENTS, "reaction"})  # marker_for's


@dataclass(frozen=True)
class ChartMarker:
    """Something given or done at a moment: a premedication, a rate change, a reaction."""

    at: datetime
    kind: str  # one of MARKER_KINDS
    label: str


def marker_for(event_type: str, at: datetime, payload: Mapping[str, Any]) -> ChartMarker | None:
    """The chart's marker for one recorded entry (its payload as amended), or None."""
    if event_type == "premedication_given":
        return ChartMarker(at, "premedication", str(payload.get("drug")))
    if event_type in RATE_EVENTS:
        rate = payload.get("rate_ml_h")
        return ChartMarker(at, "rate", f"{rate:g}" if isinstance(rate, int | float) else str(rate))
    if event_type == "reaction":
        return ChartMarker(at, "reaction", str(payload.get("severity")))
    return None
