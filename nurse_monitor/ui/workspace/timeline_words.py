"""The timeline's words: one line for what each recorded entry holds."""

from __future__ import annotations

from typing import Any

from nurse_monitor.domain.entry_fields import UNREADABLE
from nurse_monitor.domain.protocols import Answer, Protocol
from nurse_monitor.domain.vital_signs import celsius_to_fahrenheit
from nurse_monitor.services.chair_view import DETAIL, TimelineEntry, original_entry
from nurse_monitor.services.record_words import ENTRY_TITLES

TITLES = ENTRY_TITLES


def describe(
    entry: TimelineEntry, protocol: Protocol | None = None, temperature_unit: str = "C"
) -> str:
    """One line of what an entry holds, in words (temperatures in the station's unit)."""
    if entry.unreadable:
        return UNREADABLE
    p = entry.payload
    kind = entry.event.type
    detail = p.get(DETAIL) or {}
    if kind in ("infusion_started", "rate_changed", "resumed"):
        why = f" — {detail['reason']}" if detail.get("reason") else ""
        if p.get("reason"):  # the engine's reason: this rate was above the plan
            why = f" — above the plan: {p['reason']}"
        rate = p.get("rate_ml_h")
        return (f"{rate:g} mL/h" if isinstance(rate, int | float) else "at its own pace") + why
    if kind == "vitals":
        temp = temperature(p.get("temperature_c"), temperature_unit)
        return (
            f"BP {p.get('systolic')}/{p.get('diastolic')}, HR {p.get('heart_rate')}, "
            f"RR {p.get('respiratory_rate')}, T {temp}, "
            f"SpO2 {p.get('spo2')}%" + (" on O2" if p.get("on_oxygen") else "")
        )
    if kind == "premedication_given":
        given = f"{p.get('drug')} {p.get('dose')} {p.get('route')}"
        if p.get("drug_class"):  # not on the protocol's list: its class, and why
            given += f" (as {p['drug_class']}; reason: {p.get('reason') or 'none given'})"
        return given
    if kind == "reaction":
        answer = p.get("hypersensitivity")
        kind_of = (
            ""
            if not isinstance(answer, bool)
            else "; hypersensitivity-type"
            if answer
            else "; not hypersensitivity-type"
        )
        return f"{p.get('severity')}: {', '.join(p.get('symptoms', []))}{kind_of}"
    if kind == "line_flushed":
        return f"with {p.get('solution')}"
    if kind == "iv_access_recorded":
        return (
            f"{p.get('gauge')} G {p.get('side')} {p.get('site')}, {p.get('attempts')} attempt(s), "
            f"by {p.get('placed_by')}"
        )
    if kind == "drug_verified":
        return f"lot {p.get('lot_number')}, expiry {p.get('expiry')}"
    if kind == "infusion_ended":
        early = f" — ended with volume left: {detail['reason']}" if detail.get("reason") else ""
        return f"{detail.get('volume_infused_ml', '?')} mL infused{early}"
    if kind == "teaching_given":
        return f"{len(p.get('topics', []))} topics; next dose {p.get('next_dose_on') or '—'}"
    if kind == "take_home_sheet":
        return "printed for the patient" if p.get("printed") else "saved as PDF for the patient"
    if kind == "take_home_not_given":
        return f"not given: {p.get('reason')}"
    if kind == "reaction_intervention":
        return f"{p.get('drug')} {p.get('dose')} {p.get('route')}"
    if kind == "identity_confirmed":
        return f"name and date of birth against {p.get('record_number')}"
    if kind == "screening_recorded" and protocol is not None:
        off = p.get("us_checklists_off") or []
        switched = (
            f"; {', '.join(map(str, off))} checklist switched off at this site" if off else ""
        )
        delayed = p.get("delayed_reaction")
        carried = ""
        if isinstance(delayed, dict) and isinstance(delayed.get("answer"), bool):
            carried = "; delayed reaction after the last infusion: " + (
                "yes" if delayed["answer"] else "no"
            )
        return screening_summary(p, protocol) + switched + carried
    if p.get("prescriber"):  # a dose before the minimum interval, agreed by a prescriber
        return f"{p.get('text')} — {p.get('reason')}; prescriber {p['prescriber']}"
    text = p.get("reason") or p.get("note") or p.get("text") or ""
    return str(text)


def temperature(celsius: Any, unit: str) -> str:
    """A stored Celsius value in the station's unit ("37.2 °C", "99.0 °F")."""
    if not isinstance(celsius, int | float) or isinstance(celsius, bool):
        return f"{celsius} °C"
    if unit == "F":
        return f"{celsius_to_fahrenheit(float(celsius)):.1f} °F"
    return f"{celsius:g} °C"


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


def original_text(
    entry: TimelineEntry, protocol: Protocol, amended_note: str, temperature_unit: str = "C"
) -> str:
    """The entry as first recorded (an amended entry shows its original, struck through)."""
    if not entry.amendments:
        return describe(entry, protocol, temperature_unit)
    text = describe(original_entry(entry), protocol, temperature_unit) + amended_note
    return f"{text} — as amended, {UNREADABLE}" if entry.unreadable else text
