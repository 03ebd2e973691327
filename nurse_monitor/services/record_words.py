"""How the record names its entries and phases, the same on screen and on paper."""

from __future__ import annotations

ENTRY_TITLES = {
    "identity_confirmed": "Identity confirmed",
    "screening_recorded": "Screening recorded",
    "vitals": "Vital signs",
    "iv_access_recorded": "IV access",
    "premedication_given": "Premedication",
    "drug_verified": "Drug verified",
    "line_flushed": "Line flushed",
    "infusion_started": "Infusion started",
    "rate_changed": "Rate changed",
    "paused": "Paused",
    "resumed": "Resumed",
    "reaction": "Reaction",
    "reaction_intervention": "Reaction medicine",
    "reaction_resolved": "Reaction resolved",
    "infusion_ended": "Infusion ended",
    "infusion_stopped": "Infusion stopped",
    "drug_discontinued": "Drug discontinued",
    "teaching_given": "Discharge teaching",
    "take_home_sheet": "Take-home sheet given",
    "take_home_not_given": "Take-home sheet not given",
    "discharged": "Discharged",
    "session_signed": "Signed",
    "alarm_snoozed": "Alarm snoozed",
    "note": "Note",
}

PHASE_LABELS = {
    "not_started": "Not started",
    "premedicated": "Premedicated",
    "infusing": "Infusing",
    "paused": "Paused",
    "stopped": "Interrupted",
    "ended": "Discharged",
    "observing": "Observation",
    "ready_for_discharge": "Ready for discharge",
    "discontinued": "Discontinued",
}


def entry_title(kind: str) -> str:
    return ENTRY_TITLES.get(kind, kind.replace("_", " ").capitalize())


def phase_label(phase: str) -> str:
    return PHASE_LABELS.get(phase, phase.replace("_", " ").capitalize())
