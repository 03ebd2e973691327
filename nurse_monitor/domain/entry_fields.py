"""What each recorded entry holds, field by field: its kind, its allowed values, and whether an
amendment may change it.

An amendment passes the same checks as the entry it corrects (`check_field`), and every reader
of a stored entry first asks `check_entry` whether it can read it: a value that another version,
a bad amendment or a damaged row left is shown as "entry cannot be read", never raised.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from nurse_monitor.domain.checklist import TEACHING_TOPICS, ChartType
from nurse_monitor.domain.events import EventPayloadError, EventType, parse_event
from nurse_monitor.domain.reactions import KNOWN_SYMPTOMS, Severity
from nurse_monitor.domain.vital_signs import LIMITS, Consciousness

UNREADABLE = "entry cannot be read"
DETAIL = "detail"  # chart details (why, pump volume...) beside the engine's own fields
MAX_TEXT = 500  # ours: a free-text field's longest value, characters
MAX_SHEET_TEXT = 20_000  # ours: a take-home sheet's text (two large-type pages is ~4,000)
ROUTES = ("iv", "sc", "po", "oral", "intravenous", "subcutaneous")
SIDES = ("left", "right")
GAUGES = (14, 16, 18, 20, 22, 24)
MAX_ATTEMPTS = 10


class FieldKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    WHOLE_NUMBER = "whole_number"
    CHOICE = "choice"
    YES_NO = "yes_no"
    DATE = "date"
    DATE_TIME = "date_time"
    CHOICES = "choices"  # several of a list
    ANSWERS = "answers"  # screening: question -> yes / no / not asked
    REASONS = "reasons"  # screening: question -> override reason


@dataclass(frozen=True)
class EntryField:
    """One field of a recorded entry as the nurse reads it."""

    name: str
    label: str
    kind: FieldKind
    amendable: bool = True
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    optional: bool = False


def _text(name: str, label: str, *, amendable: bool = True, optional: bool = False) -> EntryField:
    return EntryField(name, label, FieldKind.TEXT, amendable, optional=optional)


def _vital(name: str, label: str, kind: FieldKind = FieldKind.WHOLE_NUMBER) -> EntryField:
    limit = LIMITS[name]
    return EntryField(name, label, kind, low=limit.low, high=limit.high)


_SYMPTOMS = tuple(sorted(KNOWN_SYMPTOMS))
_RATE = EntryField("rate_ml_h", "Rate (mL/h)", FieldKind.NUMBER, low=0.0)
_MEDICINE = (
    _text("drug", "Drug"),
    _text("dose", "Dose"),
    EntryField("route", "Route", FieldKind.CHOICE, choices=ROUTES),
)

ENTRY_FIELDS: Mapping[str, tuple[EntryField, ...]] = {
    EventType.PREMEDICATION_GIVEN: _MEDICINE,
    EventType.VITALS: (
        _vital("systolic", "Systolic"),
        _vital("diastolic", "Diastolic"),
        _vital("heart_rate", "Heart rate"),
        _vital("respiratory_rate", "Respiratory rate"),
        _vital("temperature_c", "Temperature (°C)", FieldKind.NUMBER),
        _vital("spo2", "SpO2"),
        EntryField("on_oxygen", "On oxygen", FieldKind.YES_NO),
        EntryField(
            "consciousness", "Consciousness", FieldKind.CHOICE, choices=tuple(Consciousness)
        ),
        EntryField("pain", "Pain", FieldKind.WHOLE_NUMBER, low=0, high=10, optional=True),
        EntryField("weight_kg", "Weight (kg)", FieldKind.NUMBER, low=20, high=300, optional=True),
    ),
    EventType.INFUSION_STARTED: (_RATE,),
    EventType.RATE_CHANGED: (_RATE,),
    EventType.RESUMED: (_RATE,),
    EventType.PAUSED: (_text("reason", "Reason", optional=True),),
    EventType.REACTION: (
        EntryField("severity", "Severity", FieldKind.CHOICE, choices=tuple(Severity)),
        EntryField(
            "symptoms", "Symptoms", FieldKind.CHOICES, choices=tuple(sorted(KNOWN_SYMPTOMS))
        ),
        _text("note", "Note", optional=True),
    ),
    EventType.REACTION_RESOLVED: (_text("note", "Note", optional=True),),
    EventType.INFUSION_ENDED: (),
    EventType.INFUSION_STOPPED: (_text("reason", "Reason"),),
    EventType.DRUG_DISCONTINUED: (_text("reason", "Reason"),),
    EventType.DISCHARGED: (),
    ChartType.IDENTITY_CONFIRMED: (
        EntryField("identifiers", "Identifiers", FieldKind.CHOICES, amendable=False),
        _text("record_number", "Record number", amendable=False),
    ),
    ChartType.SCREENING_RECORDED: (
        EntryField("answers", "Screening answers", FieldKind.ANSWERS),
        EntryField("overrides", "Override reasons", FieldKind.REASONS, optional=True),
    ),
    ChartType.IV_ACCESS_RECORDED: (
        _text("device", "Device"),
        _text("site", "Site"),
        EntryField("side", "Side", FieldKind.CHOICE, choices=SIDES),
        EntryField("gauge", "Gauge", FieldKind.WHOLE_NUMBER, choices=tuple(map(str, GAUGES))),
        EntryField("attempts", "Attempts", FieldKind.WHOLE_NUMBER, low=1, high=MAX_ATTEMPTS),
        _text("placed_by", "Placed by"),
    ),
    ChartType.DRUG_VERIFIED: (
        _text("lot_number", "Lot"),
        EntryField("expiry", "Expiry", FieldKind.DATE),
        _text("drug", "Drug", amendable=False),
        EntryField("dose_mg", "Dose (mg)", FieldKind.NUMBER, amendable=False, low=0.0),
    ),
    ChartType.REACTION_INTERVENTION: (
        EntryField("reaction_id", "Reaction", FieldKind.WHOLE_NUMBER, amendable=False, low=0),
        *_MEDICINE,
    ),
    ChartType.TEACHING_GIVEN: (
        EntryField("topics", "Topics", FieldKind.CHOICES, choices=tuple(TEACHING_TOPICS)),
        EntryField("next_dose_on", "Next dose", FieldKind.DATE, optional=True),
        _text("note", "Note", optional=True),
    ),
    # The sheet's text is what was printed: not amendable (a new sheet is a new entry).
    ChartType.TAKE_HOME_SHEET: (
        EntryField("text", "Sheet text", FieldKind.TEXT, amendable=False, high=MAX_SHEET_TEXT),
    ),
    ChartType.TAKE_HOME_NOT_GIVEN: (_text("reason", "Reason"),),
    ChartType.SESSION_SIGNED: (_text("signature", "Signature", amendable=False),),
    # A snooze is a time-bound act already lived through: its item, end and length are not
    # amendable (an amended end could silence an alarm past the 30-minute cap); its reason is.
    ChartType.ALARM_SNOOZED: (
        _text("item", "Alarm", amendable=False),
        EntryField("until", "Snoozed until", FieldKind.DATE_TIME, amendable=False),
        EntryField("minutes", "Minutes", FieldKind.WHOLE_NUMBER, amendable=False, low=1, high=30),
        _text("reason", "Reason"),
    ),
    ChartType.NOTE: (_text("text", "Note"), _text("reason", "Reason", optional=True)),
}


# Every recorded time can be amended (issue 17), except where the time is the act itself: the
# blind identity check and the signature are witnessed at the moment they were made, and a
# snooze's time bounds an alarm's silence (see its fields above).
TIME = "occurred_at"  # the pseudo-field an amendment of an entry's time names
TIME_FIELD = EntryField(TIME, "Time", FieldKind.DATE_TIME)
TIME_FIXED = frozenset(
    {ChartType.IDENTITY_CONFIRMED.value, ChartType.SESSION_SIGNED.value, ChartType.ALARM_SNOOZED}
)


def entry_field(entry_type: str, name: str) -> EntryField | None:
    if name == TIME:
        if entry_type not in ENTRY_FIELDS:
            return None
        return replace(TIME_FIELD, amendable=False) if entry_type in TIME_FIXED else TIME_FIELD
    return next((f for f in ENTRY_FIELDS.get(entry_type, ()) if f.name == name), None)


def field_words(entry_type: str, name: str) -> str:
    """The field's name as the nurse reads it."""
    spec = entry_field(entry_type, name)
    return spec.label if spec is not None else name.replace("_", " ").capitalize()


def amendable_fields(entry_type: str) -> tuple[EntryField, ...]:
    """The fields of this kind of entry an amendment may correct, in the form's order: its
    time first (unless the time is the act itself), then its values."""
    fields = tuple(f for f in ENTRY_FIELDS.get(entry_type, ()) if f.amendable)
    if entry_type not in ENTRY_FIELDS or entry_type in TIME_FIXED:
        return fields
    return (TIME_FIELD, *fields)


def check_field(
    spec: EntryField, value: object, *, questions: Collection[str] | None = None
) -> object:
    """The value as stored if it is a valid `spec`; else EventPayloadError naming the field."""
    if value is None and spec.optional:
        return None
    problem = _problem(spec, value, questions)
    if problem is not None:
        raise EventPayloadError(spec.name, problem)
    if spec.kind is FieldKind.TEXT:
        assert isinstance(value, str)
        return value.strip()
    if spec.kind is FieldKind.CHOICE:
        return str(value).strip().lower()
    return value


def check_entry(
    entry_type: str, at: datetime, payload: object, *, questions: Collection[str] | None = None
) -> None:
    """Whether a stored entry can be read: EventPayloadError naming the first field that cannot.

    Engine entries also pass the engine's own parse; every other entry must hold its required
    fields, and each field present a valid value.
    """
    if not isinstance(payload, Mapping):
        raise EventPayloadError("payload", "must be an object")
    detail = payload.get(DETAIL)
    if detail is not None and not isinstance(detail, Mapping):
        raise EventPayloadError(DETAIL, "must be an object")
    if entry_type in {t.value for t in EventType}:
        parse_event(entry_type, at, {k: v for k, v in payload.items() if k != DETAIL})
        return
    for spec in ENTRY_FIELDS.get(entry_type, ()):
        if spec.name in payload:
            check_field(spec, payload[spec.name], questions=questions)
        elif not spec.optional:
            raise EventPayloadError(spec.name, "missing")


def _problem(spec: EntryField, value: object, questions: Collection[str] | None) -> str | None:
    kind = spec.kind
    if kind is FieldKind.TEXT:
        if not isinstance(value, str) or not (value.strip() or spec.optional):
            return "must be text (not empty)"
        longest = int(spec.high) if spec.high is not None else MAX_TEXT
        if len(value) > longest:
            return f"at most {longest} characters"
        return None
    if kind in (FieldKind.NUMBER, FieldKind.WHOLE_NUMBER):
        return _number_problem(spec, value)
    if kind is FieldKind.CHOICE:
        allowed = spec.choices
        text = str(value).strip().lower() if isinstance(value, str | int) else None
        if isinstance(value, bool) or text is None or (allowed and text not in allowed):
            return f"one of {', '.join(allowed)}"
        return None
    if kind is FieldKind.YES_NO:
        return None if isinstance(value, bool) else "yes or no"
    if kind is FieldKind.DATE:
        return None if _is_iso(value, date) else "a date (YYYY-MM-DD)"
    if kind is FieldKind.DATE_TIME:
        return None if _is_iso(value, datetime) else "a date and time with a time zone"
    if kind is FieldKind.CHOICES:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "a list of " + (", ".join(spec.choices) if spec.choices else "names")
        unknown = [v for v in value if spec.choices and v not in spec.choices]
        if spec.name == "symptoms":
            unknown = [v for v in unknown if not v.startswith("other:")]
        return f"{unknown[0]!r} is not one of {', '.join(spec.choices)}" if unknown else None
    return _screening_problem(kind, value, questions)


def _screening_problem(
    kind: FieldKind, value: object, questions: Collection[str] | None
) -> str | None:
    word = "yes, no or not asked" if kind is FieldKind.ANSWERS else "a reason (text)"
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        return f"each screening question with {word}"
    unknown = sorted(k for k in value if questions is not None and k not in questions)
    if unknown:
        return f"no question {', '.join(unknown)} in this protocol"
    for answer in value.values():
        if kind is FieldKind.ANSWERS and not (answer is None or isinstance(answer, bool)):
            return f"each screening question with {word}"
        if kind is FieldKind.REASONS and not (isinstance(answer, str) and len(answer) <= MAX_TEXT):
            return f"each screening question with {word}"
    return None


def _number_problem(spec: EntryField, value: object) -> str | None:
    whole = spec.kind is FieldKind.WHOLE_NUMBER
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "a whole number" if whole else "a number"
    if not math.isfinite(value) or (whole and value != int(value)):
        return "a whole number" if whole else "a finite number"
    if spec.choices and str(value) not in spec.choices:
        return f"one of {', '.join(spec.choices)}"
    if spec.low is not None and spec.high is not None and not spec.low <= value <= spec.high:
        return f"allowed range {spec.low:g}-{spec.high:g}"
    if spec.low is not None and spec.high is None and value <= spec.low:
        return f"above {spec.low:g}"
    return None


def _is_iso(value: object, kind: type[date] | type[datetime]) -> bool:
    if not isinstance(value, str) or len(value) > 40:
        return False
    try:
        parsed = kind.fromisoformat(value)
    except ValueError:
        return False
    if isinstance(parsed, datetime):
        return kind is datetime and parsed.tzinfo is not None
    return kind is date
