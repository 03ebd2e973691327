"""An audit entry as a sentence: who did what to whose record, and the details that matter.

"Dana Whitfield exported the record of Morgan, Alice (MRN-100234), Chair 1 on 04 Dec 2026 as a
PDF (MRN-100234 2026-12-04 ocrelizumab.pdf)", not "session 65 / user 2 / bytes: 27780".
"""

from __future__ import annotations

from typing import Any

from nurse_monitor.services.charting import field_label
from nurse_monitor.services.records import AuditRecord

FORMATS = {"pdf": "a PDF", "fhir": "a FHIR file", "csv": "a spreadsheet (CSV)", "handoff": "a PDF"}
ROLES = {"nurse": "nurse", "charge_nurse": "charge nurse", "admin": "administrator"}
SETTINGS = {
    "us_checklists": "US program checklists (TOUCH)",
    "site_protocols_dir": "the site's protocol folder",
    "centre": "the centre's follow-up settings",
    "follow_up_triage": "the follow-up triage questions",
    "follow_up_calls_from": "follow-up calls from",
}
FOLLOW_UP = {
    "call": "recorded the follow-up call to",
    "attempt": "tried the follow-up call to",
    "added": "added a follow-up call for",
    "cancelled": "cancelled the follow-up call for",
    "phone": "recorded the phone number of",
}
# Details that say nothing to a reader of the log (sizes, internal flags).
QUIET = {"bytes", "demo", "seed", "first_start", "again", "format", "file"}


def _record(entry: AuditRecord, names: dict[tuple[str, int], str]) -> str:
    if entry.record_type is None or entry.record_id is None:
        return ""
    name = names.get((entry.record_type, entry.record_id))
    if name:
        return name
    return f"{entry.record_type} {entry.record_id}"


def audit_sentence(entry: AuditRecord, who: str, names: dict[tuple[str, int], str]) -> str:
    """One entry in words. `who` is the person's name; `names` from audit_record_names."""
    d: dict[str, Any] = entry.detail
    whose = _record(entry, names)
    kind = entry.record_type
    action = entry.action
    if action == "login":
        text = f"{who} signed in"
    elif action == "logout":
        text = f"{who} signed out"
    elif action == "login_failed":
        text = f"A sign-in as {d.get('username') or whose or 'an unknown user'} failed"
    elif action == "account_locked":
        text = f"The account of {whose or d.get('username', '?')} was locked after failed sign-ins"
    elif action == "handover":
        text = f"{who} took over the station from {whose or d.get('from_user', '?')}"
    elif action == "create" and kind == "user":
        role = ROLES.get(str(d.get("role", "")), str(d.get("role", "")))
        text = f"{who} created the account of {whose} ({role})"
    elif action == "create" and kind == "patient":
        text = f"{who} registered {whose}"
    elif action == "create" and kind == "session":
        text = f"{who} started a session for {whose}"
    elif action == "view":
        text = f"{who} opened the record of {whose}"
        if d.get("workspace"):
            text += " at the chair"
    elif action == "search":
        found = d.get("found")
        text = f"{who} searched the patients for “{d.get('query', '')}”"
        if found is not None:
            text += f" ({found} found)"
    elif action == "follow_up":
        done = FOLLOW_UP.get(str(d.get("entry", "")), "recorded a follow-up entry for")
        text = f"{who} {done} {whose}"
    elif action == "export":
        as_what = FORMATS.get(str(d.get("format", "")), "a file")
        if d.get("format") == "handoff" or not whose:
            text = f"{who} saved the handoff sheet of the chairs in use as {as_what}"
        else:
            text = f"{who} exported the record of {whose} as {as_what}"
        if d.get("file"):
            text += f" ({d['file']})"
    elif action == "sign":
        text = f"{who} signed the session of {whose}"
    elif action == "cosign":
        text = f"{who} co-signed the session of {whose}"
        if d.get("comment"):
            text += f": “{d['comment']}”"
    elif action == "amend":
        field = field_label(str(d.get("field", "")))
        text = f"{who} amended {field} in the record of {whose}"
    elif action == "alarm_snooze":
        item = str(d.get("item", "an alarm")).replace("_", " ")
        text = f"{who} snoozed the {item} alarm for {whose}"
    elif action == "seed":
        text = f"The seed command added {d.get('sessions', 'some')} sample sessions"
    elif action == "pump_log_read":
        raw = " with the raw messages" if d.get("raw") else ""
        text = f"{who} read the pump message log{raw}"
    elif action == "site_setting":
        setting = SETTINGS.get(str(d.get("setting", "")), str(d.get("setting", "a setting")))
        value = _setting_value(d.get("value"))
        text = f"{who} set {setting} to “{value}”" if value else f"{who} changed {setting}"
    else:
        text = f"{who}: {action.replace('_', ' ')} {whose}".rstrip()
    if d.get("demo") or d.get("seed"):
        text += " (demo data)"
    return text + "."


def _setting_value(value: object) -> str:
    """A site setting's value in words: a date setting's day ("every infusion" when cleared);
    a setting stored as several fields is not spelled out (the settings screen shows it)."""
    if isinstance(value, dict):
        if "date" not in value:
            return ""
        day = value.get("date")
        return str(day) if isinstance(day, str) and day else "every infusion"
    return "" if value is None else str(value)


def audit_detail(entry: AuditRecord) -> str:
    """The details the sentence does not already say, labelled in words."""
    said = QUIET | {"username", "from_user", "role", "chair", "comment", "field", "item"}
    said |= {"sessions", "setting", "value"} if entry.action in ("seed", "site_setting") else set()
    said |= {"workspace", "query", "found", "entry"}  # the sentence says them
    parts = [
        f"{field_label(k)}: {_value(v)}"
        for k, v in entry.detail.items()
        if k not in said and v not in ("", None)
    ]
    return "; ".join(parts)


def _value(value: Any) -> str:
    """A detail's value in words: yes or no for a flag, never "True"."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
