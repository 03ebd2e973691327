"""The vitals form's fields in the nurse's words: names, order, the domain's problems as text."""

from __future__ import annotations

from nurse_monitor.domain.vital_signs import VitalSignProblem

# ACVPU, typed by its first letter in the combo box.
CONSCIOUSNESS_CHOICES = (
    ("alert", "A — Alert"),
    ("new_confusion", "C — New confusion"),
    ("voice", "V — Responds to voice"),
    ("pain", "P — Responds to pain"),
    ("unresponsive", "U — Unresponsive"),
)

CONSCIOUSNESS_KEYS = {text[0]: value for value, text in CONSCIOUSNESS_CHOICES}

# Form rows top to bottom; a domain field maps onto the row that shows its problem.
ROWS_TOP_TO_BOTTOM = (
    "blood_pressure",
    "heart_rate",
    "respiratory_rate",
    "temperature",
    "spo2",
    "on_oxygen",
    "consciousness",
    "pain",
    "note",
)
ROW_OF_FIELD = {
    "systolic": "blood_pressure",
    "diastolic": "blood_pressure",
    "heart_rate": "heart_rate",
    "respiratory_rate": "respiratory_rate",
    "temperature": "temperature",
    "temperature_c": "temperature",
    "temperature_f": "temperature",
    "spo2": "spo2",
    "on_oxygen": "on_oxygen",
    "consciousness": "consciousness",
    "pain": "pain",
    "note": "note",
}
FIELD_NAMES = {
    "systolic": "Systolic",
    "diastolic": "Diastolic",
    "heart_rate": "Heart rate",
    "respiratory_rate": "Respiratory rate",
    "temperature": "Temperature",
    "temperature_c": "Temperature",
    "temperature_f": "Temperature",
    "spo2": "SpO₂",
    "on_oxygen": "Air or oxygen",
    "consciousness": "Consciousness",
    "pain": "Pain",
}


def parse_number(text: str, *, whole: bool) -> int | float | str | None:
    """Empty is "not entered" (None); a comma is a decimal point; junk is passed on as text,
    for the domain to refuse by name."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return int(text) if whole else float(text)
    except ValueError:
        return text


def error_text(problem: VitalSignProblem) -> str:
    """'Systolic 400: allowed range 40-300 mmHg' — field, value and the domain's own words."""
    name = FIELD_NAMES.get(problem.field, problem.field)
    if problem.value is None:
        if problem.field == "consciousness":
            return f"{name}: required (type A, C, V, P or U)"
        return f"{name}: required"
    if problem.field == "diastolic" and "systolic" in problem.problem:
        return f"{name} {problem.value}: {problem.problem}"
    value = f"{problem.value:g}" if isinstance(problem.value, float) else str(problem.value)
    return f"{name} {value}: {problem.problem}"
