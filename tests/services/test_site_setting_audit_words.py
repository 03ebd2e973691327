"""The audit log says a site setting change in words (review of issue 18): the "follow-up calls
from" date is named as on screen, with its day, never the stored key or its raw value."""

from __future__ import annotations

from datetime import timedelta

from nurse_monitor.clock import local_date
from nurse_monitor.services.audit import audit_trail
from nurse_monitor.services.database import Database
from nurse_monitor.services.site_settings import update_follow_up_calls_from
from nurse_monitor.ui.review.audit_words import audit_sentence
from tests.storage.conftest import Staff


def test_moving_the_follow_up_calls_from_date_reads_in_words(db: Database, staff: Staff) -> None:
    day = local_date(db.clock.now()) - timedelta(days=30)
    update_follow_up_calls_from(db, staff.admin, day)
    update_follow_up_calls_from(db, staff.admin, None)

    settings = [e for e in audit_trail(db, staff.admin) if e.action == "site_setting"]
    moved, cleared = sorted(settings, key=lambda e: e.id)[-2:]

    assert (
        audit_sentence(moved, "Ada", {}) == f"Ada set follow-up calls from to “{day.isoformat()}”."
    )
    assert audit_sentence(cleared, "Ada", {}) == "Ada set follow-up calls from to “every infusion”."
