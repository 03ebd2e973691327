"""The timeline's words: one line for what each recorded entry holds."""

from __future__ import annotations

from typing import Any

from nurse_monitor.domain.entry_fields import UNREADABLE
from nurse_monitor.domain.protocols import Answer, Protocol
from nurse_monitor.services.chair_view import DETAIL, TimelineEntry, original_entry
from nurse_monitor.services.record_words import ENTRY_TITLES

TITLES = ENTRY_TITLES


def describe(entry: TimelineEntry, protocol: Protocol | None = None) -> str:
    """One line of what an entry holds, in words."""
    if entry.unreadable:
        return UNREADABLE
    p = entry.payload
    kind = entry.event.type
    detail = p.get(DETAIL) or {}
    if kind in ("infusion_started", "rate_changed", "resumed"):
        why = f" — {detail['reason']}" if detail.get("reason") else ""
        return f"{p.get('rate_ml_h'):g} mL/h{why}"
    if kind == "vitals":
        temp = p.get("temperature_c")
        return (
            f"BP {p.get('systolic')}/{p.get('diastolic')}, HR {p.get('heart_rate')}, "
            f"RR {p.get('respiratory_rate')}, T {temp} °C, SpO2 {p.get('spo2')}%"
            + (" on O2" if p.get("on_oxygen") else "")
        )
    if kind == "premedication_given":
        return f"{p.get('drug')} {p.get('dose')} {p.get('route')}"
    if kind == "reaction":
        return f"{p.get('severity')}: {', '.join(p.get('symptoms', []))}"
    if kind == "iv_access_recorded":
        return (
            f"{p.get('gauge')} G {p.get('side')} {p.get('site')}, {p.get('attempts')} attempt(s), "
            f"by {p.get('placed_by')}"
        )
    if kind == "drug_verified":
        return f"lot {p.get('lot_number')}, expiry {p.get('expiry')}"
    if kind == "infusion_ended":
        return f"{detail.get('volume_infused_ml', '?')} mL infused"
    if kind == "teaching_given":
        return f"{len(p.get('topics', []))} topics; next dose {p.get('next_dose_on') or '—'}"
    if kind == "reaction_intervention":
        return f"{p.get('drug')} {p.get('dose')} {p.get('route')}"
    if kind == "identity_confirmed":
        return f"name and date of birth against {p.get('record_number')}"
    if kind == "screening_recorded" and protocol is not None:
        return screening_summary(p, protocol)
    text = p.get("reason") or p.get("note") or p.get("text") or ""
    return str(text)


def screening_summary(payload: dict[str, Any], protocol: Protocol) -> str:
    """The answers that matter (block or need a reason), in the question's words."""
    answers = payload.get("answers", {})
    overrides = payload.get("overrides", {})
    concerns = []
    for question in protocol.checklist:
        value = answers.get(question.id)
        if value is None:
            continue
        if (Answer.YES if value else Answer.NO) is question.triggers_on:
            reason = overrides.get(question.id)
            concerns.append(
                f"{question.text} {'Yes' if value else 'No'}"
                + (f" (override: {reason})" if reason else "")
            )
    unanswered = sum(1 for q in protocol.checklist if answers.get(q.id) is None)
    text = "; ".join(concerns) if concerns else "no concerns"
    return text + (f"; {unanswered} not asked" if unanswered else "")


def original_text(entry: TimelineEntry, protocol: Protocol, amended_note: str) -> str:
    """The entry as first recorded (an amended entry shows its original, struck through)."""
    if not entry.amendments:
        return describe(entry, protocol)
    text = describe(original_entry(entry), protocol) + amended_note
    return f"{text} — as amended, {UNREADABLE}" if entry.unreadable else text
