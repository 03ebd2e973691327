"""Sign-in and roles, called through the services directly (not only by hiding buttons)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from nurse_monitor.clock import FakeClock
from nurse_monitor.services import chair_actions as chair
from nurse_monitor.services import users
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import PermissionDenied
from nurse_monitor.services.records import PatientRecord
from nurse_monitor.services.sign_in import FAILED, SignInFailed, sign_in
from nurse_monitor.storage.models import User
from nurse_monitor.storage.repositories import users as user_repo
from tests.storage.conftest import Staff

from .chair_walk import NORMAL_VITALS, begin_initial


@pytest.fixture
def rn(db: Database, staff: Staff) -> str:
    users.create_user(
        db, staff.admin, username="dana", full_name="Dana W", role="nurse", password="correct horse"
    )
    return "dana"


def test_the_right_password_signs_in_and_is_audited(db: Database, staff: Staff, rn: str) -> None:
    actor = sign_in(db, "Dana", "correct horse")
    assert actor.username == "dana" and actor.role == "nurse"
    assert audit_trail(db, staff.charge, user_id=actor.user_id)[0].action == "login"


def test_a_failure_says_the_same_whoever_is_asking(db: Database, staff: Staff, rn: str) -> None:
    for name, password in (("dana", "wrong"), ("nobody", "correct horse"), ("", "")):
        with pytest.raises(SignInFailed) as failed:
            sign_in(db, name, password)
        assert str(failed.value) == FAILED
    actions = [e.action for e in audit_trail(db, staff.charge)]
    assert actions.count("login_failed") == 3


def test_five_failures_lock_the_account_for_fifteen_minutes(
    db: Database, staff: Staff, rn: str, clock: FakeClock
) -> None:
    for _ in range(5):
        with pytest.raises(SignInFailed):
            sign_in(db, "dana", "guess")
    with pytest.raises(SignInFailed) as locked:
        sign_in(db, "dana", "correct horse")  # the right password, but locked
    assert str(locked.value) == FAILED
    assert "account_locked" in [e.action for e in audit_trail(db, staff.charge)]
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(SignInFailed):
        sign_in(db, "dana", "correct horse")
    clock.advance(seconds=1)
    assert sign_in(db, "dana", "correct horse").username == "dana"


def test_a_hash_made_with_older_parameters_is_rehashed_at_sign_in(
    db: Database, staff: Staff, clock: FakeClock
) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192).hash("old password")
    with db.write() as s:
        s.add(
            User(
                username="old",
                full_name="Old Hash",
                credentials="RN",
                role="nurse",
                password_hash=weak,
                active=True,
                failed_logins=0,
                created_at=clock.now(),
            )
        )
    sign_in(db, "old", "old password")
    with db.read() as s:
        user = user_repo.user_by_username(s, "old")
        assert user is not None and user.password_hash != weak
        assert not PasswordHasher().check_needs_rehash(user.password_hash)
    assert sign_in(db, "old", "old password").username == "old"


def test_an_administrator_does_not_chart_and_a_nurse_does_not_manage_users(
    db: Database, staff: Staff, alice: PatientRecord
) -> None:
    session = begin_initial(db, staff.nurse, alice)
    with pytest.raises(PermissionDenied, match="Administrator Cy Admin may not chart an infusion"):
        chair.record_vitals(db, staff.admin, session.id, NORMAL_VITALS)
    with pytest.raises(PermissionDenied, match="may not manage users; only a administrator may"):
        users.create_user(db, staff.nurse, username="x", full_name="X", role="nurse")


def test_the_first_administrator_only_on_an_empty_database(db: Database) -> None:
    admin = users.create_first_administrator(db, "root", "Site Admin", "long enough pw")
    assert admin.role == "admin"
    with pytest.raises(PermissionDenied, match="already exists"):
        users.create_first_administrator(db, "root2", "Another", "long enough pw")
    assert sign_in(db, "root", "long enough pw").role == "admin"
