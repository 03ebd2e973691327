"""Staff accounts."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nurse_monitor.storage.models import User


def add_user(s: Session, user: User) -> User:
    s.add(user)
    s.flush()
    return user


def user_by_id(s: Session, user_id: int) -> User | None:
    return s.get(User, user_id)


def user_by_username(s: Session, username: str) -> User | None:
    return s.scalars(select(User).where(func.lower(User.username) == username.lower())).first()


def count_users(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(User)) or 0


def all_users(s: Session) -> list[User]:
    return list(s.scalars(select(User).order_by(User.full_name)))
