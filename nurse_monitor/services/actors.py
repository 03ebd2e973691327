"""Who is acting: every service function takes the acting user, and checks the role here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from nurse_monitor.services.errors import PermissionDenied

if TYPE_CHECKING:
    from nurse_monitor.services.database import Database

ROLE_LABELS = {"nurse": "Nurse", "charge_nurse": "Charge nurse", "admin": "Administrator"}


@dataclass(frozen=True)
class Actor:
    """The signed-in user, as services see them."""

    user_id: int
    username: str
    full_name: str
    role: str
    credentials: str = ""

    @property
    def signature(self) -> str:
        """Name and credentials, as written on the record."""
        return f"{self.full_name}, {self.credentials}" if self.credentials else self.full_name


def require_role(
    actor: Actor, allowed: tuple[str, ...], action: str, db: Database | None = None
) -> None:
    """Raise PermissionDenied naming the action and who may do it; with `db`, the refused
    attempt is audited (issue 16, 7d)."""
    if actor.role not in allowed:
        if db is not None:
            from nurse_monitor.services.audit import write_refusal

            write_refusal(db, actor, action)
        who = ", ".join(ROLE_LABELS[r].lower() for r in allowed)
        raise PermissionDenied(
            f"{ROLE_LABELS.get(actor.role, actor.role)} {actor.full_name} may not {action}; "
            f"only a {who} may."
        )


CHARTING = ("nurse", "charge_nurse")
REVIEWING = ("charge_nurse",)
ADMINISTERING = ("admin",)
