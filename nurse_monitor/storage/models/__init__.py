"""The record store's tables, as typed SQLAlchemy models."""

from nurse_monitor.storage.base import Base
from nurse_monitor.storage.models.people import ROLES, DrugDiscontinuation, Patient, User
from nurse_monitor.storage.models.record import Amendment, AuditEntry, ChainHead
from nurse_monitor.storage.models.sessions import (
    SESSION_STATUSES,
    InfusionSession,
    Reaction,
    SessionEvent,
    VitalSignReading,
)

__all__ = [
    "ROLES",
    "SESSION_STATUSES",
    "Amendment",
    "AuditEntry",
    "Base",
    "ChainHead",
    "DrugDiscontinuation",
    "InfusionSession",
    "Patient",
    "Reaction",
    "SessionEvent",
    "User",
    "VitalSignReading",
]
