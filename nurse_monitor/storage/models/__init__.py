"""The record store's tables, as typed SQLAlchemy models."""

from nurse_monitor.storage.base import Base
from nurse_monitor.storage.models.actions import RecordedAction
from nurse_monitor.storage.models.alarms import AlarmLogEntry
from nurse_monitor.storage.models.follow_ups import FollowUpEntry, SiteSetting
from nurse_monitor.storage.models.people import ROLES, DrugDiscontinuation, Patient, User
from nurse_monitor.storage.models.protocol_copies import SessionProtocol
from nurse_monitor.storage.models.pump import (
    PumpBinding,
    PumpGateway,
    PumpMessageLog,
    PumpObservation,
)
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
    "AlarmLogEntry",
    "Amendment",
    "AuditEntry",
    "Base",
    "ChainHead",
    "DrugDiscontinuation",
    "FollowUpEntry",
    "InfusionSession",
    "Patient",
    "PumpBinding",
    "PumpGateway",
    "PumpMessageLog",
    "PumpObservation",
    "Reaction",
    "RecordedAction",
    "SessionEvent",
    "SessionProtocol",
    "SiteSetting",
    "User",
    "VitalSignReading",
]
