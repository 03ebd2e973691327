"""Signing in: argon2 password check, lockout after repeated failures, all of it audited.

The message for a failed sign-in is the same whether the user exists, the password is wrong or
the account is locked, so it tells an outsider nothing.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from nurse_monitor.services.actors import Actor
from nurse_monitor.services.audit import write_audit
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import PermissionDenied
from nurse_monitor.services.users import actor_for
from nurse_monitor.storage.repositories import users

MAX_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
FAILED = (
    "Sign-in failed: check the username and password. After 5 failed attempts an account is "
    "locked for 15 minutes."
)
_hasher = PasswordHasher()


@lru_cache(maxsize=1)
def _nobody() -> str:
    """A hash to check an unknown username against, so the time taken tells nothing.

    Made on first use: hashing at import cost every start 0.15 s.
    """
    return _hasher.hash("no such user")


class SignInFailed(PermissionDenied):
    """The one refusal a sign-in gives, whatever the reason."""


def sign_in(db: Database, username: str, password: str) -> Actor:
    """The Actor for valid credentials; SignInFailed otherwise (failures counted and audited)."""
    now = db.clock.now()
    with db.write() as s:
        user = users.user_by_username(s, username.strip())
        if user is None or not user.active or user.password_hash is None:
            with contextlib.suppress(VerificationError):
                _hasher.verify(_nobody(), password)
            write_audit(s, None, "login_failed", now, "user", None, username=username[:64])
            failed = True
        elif user.locked_until is not None and now < user.locked_until:
            write_audit(
                s, None, "login_failed", now, "user", user.id, username=user.username, locked=True
            )
            failed = True
        else:
            try:
                _hasher.verify(user.password_hash, password)
                failed = False
            except (VerificationError, InvalidHashError):
                failed = True
            if failed:
                user.failed_logins += 1
                write_audit(s, None, "login_failed", now, "user", user.id, username=user.username)
                if user.failed_logins >= MAX_FAILURES:
                    user.locked_until = now + LOCK_FOR
                    user.failed_logins = 0
                    write_audit(
                        s,
                        None,
                        "account_locked",
                        now,
                        "user",
                        user.id,
                        username=user.username,
                        minutes=int(LOCK_FOR.total_seconds() // 60),
                    )
            else:
                user.failed_logins = 0
                user.locked_until = None
                if _hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = _hasher.hash(password)
                actor = actor_for(user)
                write_audit(s, actor, "login", now, "user", user.id)
                return actor
    raise SignInFailed(FAILED)


def record_handover(db: Database, from_actor: Actor, to_actor: Actor) -> None:
    """Another nurse took over this station from the locked screen."""
    now = db.clock.now()
    with db.write() as s:
        write_audit(
            s, to_actor, "handover", now, "user", from_actor.user_id, from_user=from_actor.username
        )


def sign_out(db: Database, actor: Actor) -> None:
    now = db.clock.now()
    with db.write() as s:
        write_audit(s, actor, "logout", now, "user", actor.user_id)
