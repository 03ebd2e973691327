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
    """The Actor for valid credentials; SignInFailed otherwise (failures counted and audited).

    The password is checked before the unit of work opens (issue 16, defect 14): argon2 takes
    about half a second, and inside a write transaction it held every other station's writes.
    An unknown, inactive or locked account is checked against a dummy hash, so the time taken
    does not tell that it exists or is locked.
    """
    now = db.clock.now()
    name = username.strip()
    with db.read() as s:
        found = users.user_by_username(s, name)
        stored = found.password_hash if found is not None and found.active else None
        locked = found is not None and found.locked_until is not None and now < found.locked_until
    verified = False
    if stored is None or locked:
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(_nobody(), password)
    else:
        with contextlib.suppress(VerificationError, InvalidHashError):
            verified = _hasher.verify(stored, password)
    rehashed = _hasher.hash(password) if verified and _needs_rehash(stored) else None
    with db.write() as s:
        user = users.user_by_username(s, name)  # again: another station may have changed it
        if user is None or not user.active or user.password_hash is None:
            write_audit(s, None, "login_failed", now, "user", None, username=username[:64])
        elif user.locked_until is not None and now < user.locked_until:
            write_audit(
                s, None, "login_failed", now, "user", user.id, username=user.username, locked=True
            )
        elif not verified or user.password_hash != stored:
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
            if rehashed is not None:
                user.password_hash = rehashed
            actor = actor_for(user)
            write_audit(s, actor, "login", now, "user", user.id)
            return actor
    raise SignInFailed(FAILED)


def _needs_rehash(stored: str | None) -> bool:
    return stored is not None and _hasher.check_needs_rehash(stored)


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
