"""Staff accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nurse_monitor.storage.models import User


def add_user(s: Session, user: User) -> User:
    s.add(user)
    s.flush()
    return user


def add_staff_member(
    s: Session,
    *,
    username: str,
    full_name: str,
    credentials: str,
    role: str,
    password_hash: str | None,
    now: datetime,
) -> User:
    """A new active account with no failed sign-ins."""
    return add_user(
        s,
        User(
            username=username,
            full_name=full_name,
            credentials=credentials,
            role=role,
            password_hash=password_hash,
            active=True,
            failed_logins=0,
            created_at=now,
        ),
    )


def user_by_id(s: Session, user_id: int) -> User | None:
    return s.get(User, user_id)


def user_by_username(s: Session, username: str) -> User | None:
    return s.scalars(select(User).where(func.lower(User.username) == username.lower())).first()


def count_users(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(User)) or 0


def all_users(s: Session) -> list[User]:
    return list(s.scalars(select(User).order_by(User.full_name)))
