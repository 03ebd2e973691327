"""What a service says when it refuses: each error carries a message fit to show the user."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every refusal a service makes on purpose."""


class PermissionDenied(ServiceError):
    """The acting user's role does not allow this action."""


class NotFound(ServiceError):
    """The record asked for does not exist."""


class InvalidInput(ServiceError):
    """Input outside what is allowed. `field` names it; the message says what is allowed."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.detail = message


class SessionChanged(ServiceError):
    """Another station changed the session first; reload and look before trying again."""


class DatabaseUnavailable(ServiceError):
    """The database could not be reached or written; nothing was recorded."""


class RecordUnreachable(DatabaseUnavailable):
    """The record file this station opened was deleted or replaced under it: every write is
    refused (it would be lost), and the alarms raise "record unreachable" until a restart."""
