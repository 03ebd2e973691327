"""The audit log in sentences: the screenshots still showed "Workspace: True", "search." with
"Query: …; Found: 1", and follow-up entries as "Entry: call" / "Entry: phone"."""

from __future__ import annotations

from datetime import UTC, datetime

from nurse_monitor.services.records import AuditRecord
from nurse_monitor.ui.review.audit_words import audit_detail, audit_sentence

AT = datetime(2026, 12, 4, 21, 41, tzinfo=UTC)
ALICE = "Morgan, Alice (MRN-100234)"


def entry(action: str, record_type: str | None, **detail: object) -> AuditRecord:
    return AuditRecord(1, AT, 2, "demo.nurse", action, record_type, 7, dict(detail))


def said(record: AuditRecord) -> tuple[str, str]:
    names = {(record.record_type or "", 7): ALICE}
    return audit_sentence(record, "Dana Whitfield", names), audit_detail(record)


def test_opening_a_record_at_the_chair_is_said_in_words() -> None:
    assert said(entry("view", "session", workspace=True)) == (
        f"Dana Whitfield opened the record of {ALICE} at the chair.",
        "",
    )


def test_a_search_says_what_was_looked_for_and_how_many_were_found() -> None:
    assert said(entry("search", "patient", query="MRN-100234", found=1)) == (
        "Dana Whitfield searched the patients for “MRN-100234” (1 found).",
        "",
    )


def test_follow_up_entries_say_what_was_done() -> None:
    assert said(entry("follow_up", "session", entry="call"))[0] == (
        f"Dana Whitfield recorded the follow-up call to {ALICE}."
    )
    assert said(entry("follow_up", "patient", entry="phone"))[0] == (
        f"Dana Whitfield recorded the phone number of {ALICE}."
    )
    assert said(entry("follow_up", "session", entry="cancelled"))[1] == ""


def test_a_flag_left_in_the_details_reads_yes_or_no() -> None:
    assert "True" not in said(entry("unlock", None, forced=True))[1]
    assert said(entry("unlock", None, forced=True))[1].endswith(": yes")
