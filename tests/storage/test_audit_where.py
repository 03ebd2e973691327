"""Audit entries say where, through what and with what outcome; refusals and reads are audited
(issue 16, defect 7d)."""

from __future__ import annotations

import getpass
import socket

import pytest

from nurse_monitor.services import audit, patients
from nurse_monitor.services.chair_view import open_workspace
from nurse_monitor.services.database import Database, Origin
from nurse_monitor.services.errors import PermissionDenied

from .conftest import Staff
from .ledger_rows import one_row_in_each


def entries(db: Database, staff: Staff) -> list[audit.AuditRecord]:
    return audit.audit_trail(db, staff.charge)


def test_each_entry_names_the_station_the_user_and_the_desktop(db: Database, staff: Staff) -> None:
    one_row_in_each(db, staff)
    rows = entries(db, staff)
    assert rows
    assert {(r.station, r.os_user, r.channel, r.outcome) for r in rows} == {
        (socket.gethostname(), getpass.getuser(), "desktop", "done")
    }


def test_the_command_line_says_so(db: Database, staff: Staff) -> None:
    db.origin = Origin.here("command line")
    patients.find_patients(db, staff.nurse, "Morgan")
    row = entries(db, staff)[-1]
    assert (row.action, row.channel) == ("search", "command line")


def test_a_refused_attempt_is_audited(db: Database, staff: Staff) -> None:
    with pytest.raises(PermissionDenied):
        audit.audit_trail(db, staff.nurse)
    row = entries(db, staff)[-1]
    assert (row.action, row.outcome, row.username) == ("refused", "refused", "nurse.a")
    assert row.detail == {"attempted": "read the audit log"}


def test_patient_search_and_opening_a_workspace_are_audited(db: Database, staff: Staff) -> None:
    session_id = one_row_in_each(db, staff)
    patients.find_patients(db, staff.nurse, "Morg")
    open_workspace(db, staff.nurse, session_id)
    trail = entries(db, staff)
    search = [e for e in trail if e.action == "search"]
    views = [e for e in trail if e.action == "view" and e.record_id == session_id]
    assert len(search) == 1 and search[0].detail == {"query": "Morg", "found": 1}
    assert len(views) == 1
