"""Staff accounts: the first administrator, new users, and the Actor a signed-in user becomes."""

from __future__ import annotations

from argon2 import PasswordHasher

from nurse_monitor.services.actors import ADMINISTERING, Actor, require_role
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.conversions import user_record
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, NotFound, PermissionDenied
from nurse_monitor.services.password_rules import check_new_password
from nurse_monitor.services.records import UserRecord
from nurse_monitor.storage.models import ROLES, User
from nurse_monitor.storage.repositories import users

_hasher = PasswordHasher()


def _validate(
    username: str, full_name: str, role: str, password: str | None, demo_account: bool = False
) -> None:
    if not username.strip() or len(username) > 64 or any(c.isspace() for c in username):
        raise InvalidInput("Username", "1 to 64 characters, no spaces")
    if not full_name.strip():
        raise InvalidInput("Full name", "must not be empty")
    if role not in ROLES:
        raise InvalidInput("Role", f"one of {', '.join(ROLES)}")
    if password is not None and not demo_account:  # the demo record's accounts are exempt
        check_new_password(username.strip(), password)


def has_users(db: Database) -> bool:
    with db.read() as s:
        return users.count_users(s) > 0


def create_first_administrator(
    db: Database, username: str, full_name: str, password: str, *, demo_account: bool = False
) -> Actor:
    """The administrator account asked for on first start; refused once any user exists.

    `demo_account` only for the demo record (its accounts share a short published password)."""
    _validate(username, full_name, "admin", password, demo_account)
    password_hash = _hasher.hash(password)  # before the unit of work: it holds other writers
    now = db.clock.now()
    with db.write() as s:
        if users.count_users(s) > 0:
            raise PermissionDenied("An administrator already exists; sign in instead.")
        user = users.add_staff_member(
            s,
            username=username.strip(),
            full_name=full_name.strip(),
            credentials="",
            role="admin",
            password_hash=password_hash,
            now=now,
        )
        actor = actor_for(user)
        write_audit(s, actor, "create", now, "user", user.id, role="admin", first_start=True)
        return actor


def create_user(
    db: Database,
    actor: Actor,
    *,
    username: str,
    full_name: str,
    role: str,
    credentials: str = "",
    password: str | None = None,
    demo_account: bool = False,
) -> UserRecord:
    """An administrator adds a member of staff (`demo_account`: the demo record's only)."""
    require_role(actor, ADMINISTERING, "manage users", db)
    _validate(username, full_name, role, password, demo_account)
    password_hash = _hasher.hash(password) if password else None  # outside the unit of work
    now = db.clock.now()
    with db.write() as s:
        if users.user_by_username(s, username) is not None:
            raise InvalidInput("Username", f"{username!r} is taken; choose another")
        user = users.add_staff_member(
            s,
            username=username.strip(),
            full_name=full_name.strip(),
            credentials=credentials.strip(),
            role=role,
            password_hash=password_hash,
            now=now,
        )
        write_audit(s, actor, "create", now, "user", user.id, role=role)
        return user_record(user)


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.username, user.full_name, user.role, user.credentials)


def actor_by_username(db: Database, username: str) -> Actor:
    """The Actor for a known account (used by --demo and the command line)."""
    with db.read() as s:
        user = users.user_by_username(s, username)
        if user is None or not user.active:
            raise NotFound(f"no active user named {username!r}")
        return actor_for(user)


def user_names(db: Database) -> dict[int, str]:
    """Every user's signature (name, credentials) by id, for showing who did what."""
    with db.read() as s:
        return {
            u.id: f"{u.full_name}, {u.credentials}" if u.credentials else u.full_name
            for u in users.all_users(s)
        }


def list_users(db: Database, actor: Actor) -> list[UserRecord]:
    """Every account, for the administrator's user list."""
    require_role(actor, ADMINISTERING, "manage users", db)
    with db.read() as s:
        return [user_record(u) for u in users.all_users(s)]
