"""Frozen views of the record that services hand to the UI and reports (never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    full_name: str
    credentials: str
    role: str
    active: bool


@dataclass(frozen=True)
class DiscontinuationRecord:
    drug: str
    reason: str
    discontinued_at: datetime
    session_id: int | None


@dataclass(frozen=True)
class PatientRecord:
    id: int
    record_number: str
    family_name: str
    given_name: str
    date_of_birth: date
    sex: str
    weight_kg: float | None
    allergies: str
    discontinued: tuple[DiscontinuationRecord, ...] = ()

    @property
    def display_name(self) -> str:
        """Family name first, as on a wristband: "MORGAN, Alice"."""
        return f"{self.family_name.upper()}, {self.given_name}"


@dataclass(frozen=True)
class SessionRecord:
    id: int
    patient_id: int
    protocol_id: str
    infusion_number: int
    chair: str
    dose_mg: float
    lot_number: str | None
    lot_expiry: date | None
    bag_volume_ml: float | None
    weight_kg: float | None
    status: str
    nurse_id: int
    created_at: datetime
    signed_by_id: int | None
    signed_at: datetime | None
    cosigned_by_id: int | None
    cosigned_at: datetime | None
    needs_review: bool
    version: int


@dataclass(frozen=True)
class EventRecord:
    id: int
    session_id: int
    type: str
    occurred_at: datetime
    recorded_at: datetime
    recorded_by_id: int
    payload: dict[str, Any]


@dataclass(frozen=True)
class AmendmentRecord:
    id: int
    session_id: int | None
    target_type: str
    target_id: int
    field: str
    original_value: Any
    new_value: Any
    reason: str
    amended_by_id: int
    amended_at: datetime


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    user_id: int | None
    username: str
    action: str
    record_type: str | None
    record_id: int | None
    detail: dict[str, Any]
    station: str = ""
    os_user: str = ""
    channel: str = ""
    outcome: str = "done"


@dataclass(frozen=True)
class ReadingRecord:
    """One set of vital signs with NEWS2 and the parameters that scored (abnormal)."""

    id: int
    taken_at: datetime
    systolic: int | None
    diastolic: int | None
    heart_rate: int | None
    respiratory_rate: int | None
    temperature_c: float | None
    spo2: int | None
    on_oxygen: bool
    consciousness: str
    pain: int | None
    news2_total: int | None
    news2_band: str | None
    note: str
    recorded_by: str
    parameter_scores: dict[str, int]
