"""The seeded staff read as a ward's accounts in the Users list: "g.holloway" beside Grace
Holloway, never a test account such as "seed.nurse12"."""

from __future__ import annotations

import re

from nurse_monitor.services.database import Database
from nurse_monitor.services.seed import login_name, seed_sessions
from nurse_monitor.services.users import list_users
from tests.storage.conftest import Staff


def test_login_names_are_initial_and_family_name() -> None:
    assert login_name("Grace Holloway") == "g.holloway"
    assert login_name("Anna de la Cruz") == "a.delacruz"


def test_the_users_list_shows_seeded_staff_by_ward_style_login_names(
    db: Database, staff: Staff
) -> None:
    seed_sessions(db, 3, days=2, rng_seed=5, chunk=3)
    listed = list_users(db, staff.admin)
    ours = {a.user_id for a in (staff.nurse, staff.charge, staff.admin)}
    seeded = [u for u in listed if u.id not in ours]
    assert len(seeded) == 14
    for user in seeded:
        assert "seed" not in user.username
        assert re.fullmatch(r"[a-z]\.[a-z]+", user.username), user.username
        assert user.username == login_name(user.full_name)
