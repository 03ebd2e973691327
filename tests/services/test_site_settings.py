"""Site settings in the record: an administrator sets them, audited; every station reads them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from nurse_monitor.services.database import Database
from nurse_monitor.services.errors import InvalidInput, PermissionDenied
from nurse_monitor.services.site_settings import (
    CentreSettings,
    centre_settings,
    parse_closed_days,
    store_triage_questions,
    triage_questions,
    update_centre_settings,
)
from nurse_monitor.storage.models import AuditEntry, SiteSetting
from tests.storage.conftest import Staff

CHRISTMAS = date(2026, 12, 25)


def test_an_administrator_sets_the_centre_and_every_reader_sees_it_audited(
    db: Database, staff: Staff
) -> None:
    assert centre_settings(db) == CentreSettings()
    update_centre_settings(
        db,
        staff.admin,
        name=" Riverside Infusion Centre ",
        phone="+44 1234 567890",
        out_of_hours_phone="0800 123 456",
        closed_days=[CHRISTMAS, date(2026, 12, 24), CHRISTMAS],
    )
    got = centre_settings(db)
    assert got.name == "Riverside Infusion Centre"
    assert got.closed_days == (date(2026, 12, 24), CHRISTMAS)
    with db.read() as s:
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "site_setting")).one()
    assert audit.username == staff.admin.username
    assert audit.detail["value"]["phone"] == "+44 1234 567890"


@pytest.mark.parametrize(
    ("name", "phone", "field"),
    [("", "0123 456", "Centre name"), ("Centre", "", "Phone"), ("Centre", "call us", "Phone")],
)
def test_bad_settings_name_the_field_and_write_nothing(
    db: Database, staff: Staff, name: str, phone: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        update_centre_settings(
            db, staff.admin, name=name, phone=phone, out_of_hours_phone="", closed_days=[]
        )
    assert refused.value.field == field
    with db.read() as s:
        assert s.scalars(select(SiteSetting)).all() == []


def test_only_an_administrator_changes_them(db: Database, staff: Staff) -> None:
    for who in (staff.nurse, staff.charge):
        with pytest.raises(PermissionDenied, match="only a administrator"):
            update_centre_settings(
                db, who, name="X", phone="0123 456", out_of_hours_phone="", closed_days=[]
            )
        with pytest.raises(PermissionDenied):
            store_triage_questions(db, who, "")


def test_closed_days_are_typed_as_dates() -> None:
    assert parse_closed_days("2026-12-25, 2026-12-26\n2027-01-01") == (
        CHRISTMAS,
        date(2026, 12, 26),
        date(2027, 1, 1),
    )
    with pytest.raises(InvalidInput, match="'25/12' is not a date"):
        parse_closed_days("25/12")


def test_the_centre_stores_its_own_triage_questions(db: Database, staff: Staff) -> None:
    shipped = triage_questions(db)
    assert shipped.question("pml") is not None
    with pytest.raises(InvalidInput, match=r"questions\[0\]\.severe: one of green, amber, red"):
        store_triage_questions(
            db,
            staff.admin,
            'source = "ours"\n[[questions]]\nid = "a"\nlabel = "A"\nasks = "A?"\n'
            'mild = "green"\nmoderate = "amber"\nsevere = "purple"\n',
        )
    own = store_triage_questions(
        db,
        staff.admin,
        'source = "Our centre, 2026"\n[[questions]]\nid = "headache"\nlabel = "Headache"\n'
        'asks = "Any headache?"\nmild = "amber"\nmoderate = "red"\nsevere = "red"\n',
    )
    assert triage_questions(db) == own
    assert [q.id for q in own.questions] == ["headache"]


def test_a_damaged_stored_value_reads_as_empty_not_a_crash(db: Database, staff: Staff) -> None:
    from datetime import UTC, datetime

    with db.write() as s:
        s.add(
            SiteSetting(
                key="centre",
                value={"name": 7, "phone": "0123", "closed_days": ["never", 3]},
                updated_at=datetime(2026, 3, 2, tzinfo=UTC),
            )
        )
        s.add(
            SiteSetting(
                key="follow_up_triage", value=[1], updated_at=datetime(2026, 3, 2, tzinfo=UTC)
            )
        )
    assert centre_settings(db) == CentreSettings(phone="0123")
    assert triage_questions(db).question("headache") is not None
