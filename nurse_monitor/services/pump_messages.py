"""Reading IHE PCD pump messages with python-hl7 (the answers are in pump_acknowledgements.py).

PCD-01 `ORU^R01` (rates, volumes, status), PCD-10 `ORU^R42` (delivery start, stop, complete)
and PCD-04 `ORU^R40` (alarms, e.g. an occlusion). Layout as in the IHE PCD Technical Framework
Rev 8 vol 2 and the IPEC supplement: OBX-3 the MDC code, OBX-4 the position
`MDS.VMD.CHANNEL.METRIC`, OBX-5 the value, OBX-6 the unit, OBX-14 the time observed, OBX-18 the
device identifier. Anything that cannot be read raises `MessageRefused`, which says which
acknowledgement code and HL7 error (table 0357) to answer with and why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import hl7

from nurse_monitor.domain.pump_link import (
    INFUSING,
    MDC_ATTR_EVENT_PHASE,
    MDC_ATTR_EVT_COND,
    MDC_EVT_ALARM,
    MDC_FLOW_FLUID_PUMP,
    MDC_FLOW_FLUID_PUMP_CURRENT,
    MDC_PUMP_INFUSING_STATUS,
    MDC_TIME_PD_REMAIN,
    MDC_VOL_FLUID_DELIV_TOTAL,
    MDC_VOL_FLUID_TBI,
    MDC_VOL_FLUID_TBI_REMAIN,
    NOT_INFUSING,
    PumpChannelReport,
    PumpEvent,
)
from nurse_monitor.services.pump_acknowledgements import (
    ACCEPTED,
    DATA_TYPE_ERROR,
    ERROR,
    REJECTED,
    REQUIRED_FIELD_MISSING,
    SEGMENT_SEQUENCE_ERROR,
    UNSUPPORTED_MESSAGE_TYPE,
    MessageRefused,
    acknowledge_parsed,
)

SUPPORTED = {"R01": "PCD-01 observation", "R42": "PCD-10 infusion event", "R40": "PCD-04 alarm"}
MAX_MESSAGE_CHARS = 256_000  # a pump message is a few kB; more is not a pump message

_NUMERIC_FIELDS = {
    MDC_FLOW_FLUID_PUMP[1]: "rate_ml_h",
    MDC_FLOW_FLUID_PUMP_CURRENT[1]: "current_rate_ml_h",
    MDC_VOL_FLUID_TBI[1]: "volume_to_infuse_ml",
    MDC_VOL_FLUID_DELIV_TOTAL[1]: "delivered_ml",
    MDC_VOL_FLUID_TBI_REMAIN[1]: "remaining_ml",
    MDC_TIME_PD_REMAIN[1]: "minutes_remaining",
}
_BY_CODE = {
    code: name
    for code, name in (
        MDC_FLOW_FLUID_PUMP,
        MDC_VOL_FLUID_TBI,
        MDC_VOL_FLUID_DELIV_TOTAL,
        MDC_VOL_FLUID_TBI_REMAIN,
        MDC_TIME_PD_REMAIN,
        MDC_PUMP_INFUSING_STATUS,
    )
}
# Units accepted for each kind of value (reference names, or UCUM in OBX-6.4/6.5).
_UNITS = {
    "rate_ml_h": {"MDC_DIM_MILLI_L_PER_HR", "mL/h"},
    "current_rate_ml_h": {"MDC_DIM_MILLI_L_PER_HR", "mL/h"},
    "volume_to_infuse_ml": {"MDC_DIM_MILLI_L", "mL"},
    "delivered_ml": {"MDC_DIM_MILLI_L", "mL"},
    "remaining_ml": {"MDC_DIM_MILLI_L", "mL"},
    "minutes_remaining": {"MDC_DIM_MIN", "min"},
}


@dataclass(frozen=True)
class PumpMessage:
    """One pump message as read: who sent it, about whom, and what it said."""

    control_id: str
    trigger: str  # R01, R42 or R40
    sender: str
    pump_id: str
    sent_at: datetime | None
    patient_id: str | None
    channels: tuple[PumpChannelReport, ...] = ()
    event: PumpEvent | None = None
    alarm: str | None = None  # e.g. "MDC_EVT_FLUID_LINE_OCCL (Occlusion) start"
    parsed: Any = field(default=None, repr=False, compare=False)  # python-hl7's message

    @property
    def kind(self) -> str:
        return SUPPORTED[self.trigger]


def read_message(text: str) -> PumpMessage:
    """Parse one message's text (segments separated by CR) or raise MessageRefused."""
    message = parse_hl7(text)
    try:
        msh = message.segment("MSH")
    except KeyError:
        raise MessageRefused(REJECTED, SEGMENT_SEQUENCE_ERROR, "no MSH segment") from None
    control_id = part(msh, 10)
    if not control_id:
        raise MessageRefused(REJECTED, REQUIRED_FIELD_MISSING, "MSH-10 message control id empty")
    if part(msh, 9, 1) != "ORU" or part(msh, 9, 2) not in SUPPORTED:
        got = "^".join(p for p in (part(msh, 9, 1), part(msh, 9, 2)) if p) or "nothing"
        raise MessageRefused(
            REJECTED,
            UNSUPPORTED_MESSAGE_TYPE,
            f"MSH-9 is {got}; this receiver takes ORU^R01, ORU^R42 and ORU^R40",
        )
    trigger = part(msh, 9, 2)
    observations = segments(message, "OBX")
    if not observations:
        raise MessageRefused(ERROR, REQUIRED_FIELD_MISSING, "no OBX segment")
    pump_id = _pump_id(observations)
    if not pump_id:
        raise MessageRefused(
            ERROR, REQUIRED_FIELD_MISSING, "no device identifier in OBX-18 of any OBX"
        )
    pid = segments(message, "PID")
    patient_id = part(pid[0], 3) if pid else ""
    reports = _channel_reports(observations)
    event = _event(observations) if trigger == "R42" else None
    alarm = _alarm(observations) if trigger == "R40" else None
    if trigger == "R01" and not reports:
        raise MessageRefused(
            ERROR, REQUIRED_FIELD_MISSING, "no pump rate, volume or status in any OBX"
        )
    if trigger == "R42" and event is None:
        raise MessageRefused(
            ERROR, REQUIRED_FIELD_MISSING, "no MDC_ATTR_EVT_COND naming a pump delivery event"
        )
    return PumpMessage(
        control_id=control_id,
        trigger=trigger,
        sender=part(msh, 3),
        pump_id=pump_id,
        sent_at=hl7_time(part(msh, 7)),
        patient_id=patient_id or None,
        channels=reports,
        event=event,
        alarm=alarm,
        parsed=message,
    )


def parse_hl7(text: str) -> Any:
    """python-hl7's parse, with anything it cannot read refused (AR, segment sequence)."""
    if len(text) > MAX_MESSAGE_CHARS:
        raise MessageRefused(REJECTED, SEGMENT_SEQUENCE_ERROR, "message too long")
    cleaned = text.replace("\r\n", "\r").replace("\n", "\r").strip("\r")
    if not cleaned.startswith("MSH") or len(cleaned) < 8:
        raise MessageRefused(REJECTED, SEGMENT_SEQUENCE_ERROR, "does not begin with MSH")
    try:
        return hl7.parse(_rows_we_read(cleaned))
    except Exception as error:  # python-hl7 raises several kinds on garbage
        raise MessageRefused(
            REJECTED, SEGMENT_SEQUENCE_ERROR, f"not readable as HL7 v2: {error}"
        ) from None


SEGMENT_ID = re.compile(r"^[A-Z][A-Z0-9]{2}(\||$)")
_WANTED_OBX = (
    {name for _, name in _BY_CODE.items()}
    | set(_BY_CODE)
    | {
        MDC_FLOW_FLUID_PUMP_CURRENT[1],
        MDC_ATTR_EVT_COND[1],
        MDC_EVT_ALARM[1],
        MDC_ATTR_EVENT_PHASE[1],
    }
)


# The fields this receiver reads, by segment (the ACK is built from the whole MSH). python-hl7
# builds a container for every component of every field, which is most of the cost of a
# message at 60 messages a second: the others are left empty, in place, before it parses.
_OBX_FIELDS_READ = frozenset({3, 4, 5, 6, 14, 18})
_PID_FIELDS_READ = 3


def _rows_we_read(text: str) -> str:
    """The message with only what this receiver reads: MSH whole, PID up to PID-3, and the OBX
    rows whose OBX-3 names a term we read or whose OBX-18 identifies the device, with their
    other fields emptied (drug names, doses, ...). OBR, PV1 and the rest are never read.
    Every row is still checked to begin with a segment id."""
    kept = []
    for number, row in enumerate(text.split("\r"), 1):
        if not SEGMENT_ID.match(row):
            raise MessageRefused(
                REJECTED, SEGMENT_SEQUENCE_ERROR, f"segment {number} does not begin with an id"
            )
        if row.startswith("MSH"):
            kept.append(row)
        elif row.startswith("PID"):
            kept.append("|".join(row.split("|")[: _PID_FIELDS_READ + 1]))
        elif row.startswith("OBX|"):
            fields = row.split("|")
            if len(fields) < 4:
                continue
            term = fields[3].split("^")
            named = term[0] in _WANTED_OBX or (len(term) > 1 and term[1] in _WANTED_OBX)
            if not named and not (len(fields) > 18 and fields[18]):
                continue
            read = [f if n in _OBX_FIELDS_READ or n == 0 else "" for n, f in enumerate(fields[:19])]
            kept.append("|".join(read).rstrip("|"))
    return "\r".join(kept)


def segments(message: Any, name: str) -> list[Any]:
    try:
        return list(message.segments(name))
    except (KeyError, IndexError):
        return []


def part(segment: Any, field_no: int, component: int = 1) -> str:
    """One component of one field as text ('' when absent)."""
    try:
        value = segment(field_no)
    except (IndexError, KeyError, TypeError):
        return ""
    try:
        repetition = value(1)
    except (IndexError, KeyError, TypeError):
        return str(value) if component == 1 else ""
    if isinstance(repetition, str):
        return repetition if component == 1 else ""
    try:
        return str(repetition(component))
    except (IndexError, KeyError, TypeError):
        return ""


def hl7_time(text: str) -> datetime | None:
    """An HL7 DTM with an offset (YYYYMMDDHHMM[SS[.S+]][+/-ZZZZ]) in UTC; None without one."""
    text = text.replace(" ", "")
    zone = None
    for sign in ("+", "-"):
        if sign in text:
            text, offset = text.rsplit(sign, 1)
            if len(offset) != 4 or not offset.isdigit():
                return None
            minutes = int(offset[:2]) * 60 + int(offset[2:])
            zone = timezone(timedelta(minutes=minutes if sign == "+" else -minutes))
            break
    if zone is None:
        return None
    whole = text.split(".", 1)[0]
    if len(whole) not in (12, 14) or not whole.isdigit():
        return None
    second = int(whole[12:14]) if len(whole) == 14 else 0
    day = (int(whole[:4]), int(whole[4:6]), int(whole[6:8]))
    try:
        return datetime(*day, int(whole[8:10]), int(whole[10:12]), second, tzinfo=zone).astimezone(
            UTC
        )
    except ValueError:
        return None


def _pump_id(observations: list[Any]) -> str:
    for obx in observations:
        ident = part(obx, 18, 1) or part(obx, 18, 3)
        if ident:
            return ident
    return ""


def _term(obx: Any) -> str:
    """The MDC reference name of OBX-3 (from its code where the framework prints one)."""
    name = part(obx, 3, 2)
    return name or _BY_CODE.get(part(obx, 3, 1), "")


def channel_of(position: str) -> str:
    """`MDS.VMD` of an OBX-4 position such as 1.1.2.4 (a pump channel is a VMD)."""
    parts = position.split(".")
    return ".".join(parts[:2]) if len(parts) >= 2 else position


def _channel_reports(observations: list[Any]) -> tuple[PumpChannelReport, ...]:
    found: dict[str, PumpChannelReport] = {}
    for obx in observations:
        term = _term(obx)
        position = part(obx, 4)
        if term not in _NUMERIC_FIELDS and term != MDC_PUMP_INFUSING_STATUS[1]:
            continue
        channel = channel_of(position)
        report = found.get(channel, PumpChannelReport(channel=channel))
        observed = hl7_time(part(obx, 14))
        if observed is not None:
            report = replace(report, observed_at=observed)
        if term == MDC_PUMP_INFUSING_STATUS[1]:
            status = part(obx, 5, 2) or part(obx, 5, 1)
            if status not in (INFUSING, NOT_INFUSING):
                raise MessageRefused(
                    ERROR, DATA_TYPE_ERROR, f"OBX-5 at {position}: unknown status {status!r}"
                )
            report = replace(report, infusing=status == INFUSING)
        else:
            name = _NUMERIC_FIELDS[term]
            values: dict[str, Any] = {name: _number(obx, position, name)}
            report = replace(report, **values)
        found[channel] = report
    return tuple(found[c] for c in sorted(found))


def _number(obx: Any, position: str, name: str) -> float:
    text = part(obx, 5)
    try:
        value = float(text)
    except ValueError:
        raise MessageRefused(
            ERROR, DATA_TYPE_ERROR, f"OBX-5 at {position}: {text!r} is not a number"
        ) from None
    if not 0 <= value < 1e6:
        raise MessageRefused(ERROR, DATA_TYPE_ERROR, f"OBX-5 at {position}: {text} is out of range")
    units = {part(obx, 6, 2), part(obx, 6, 4)} - {""}
    if units and not units & _UNITS[name]:
        allowed = " or ".join(sorted(_UNITS[name]))
        raise MessageRefused(ERROR, DATA_TYPE_ERROR, f"OBX-6 at {position}: unit must be {allowed}")
    return value


def _event(observations: list[Any]) -> PumpEvent | None:
    for obx in observations:
        if _term(obx) == MDC_ATTR_EVT_COND[1]:
            name = part(obx, 5, 2)
            try:
                return PumpEvent(name)
            except ValueError:
                return None
    return None


def _alarm(observations: list[Any]) -> str | None:
    alarm = None
    phase = ""
    for obx in observations:
        term = _term(obx)
        if term == MDC_EVT_ALARM[1] and alarm is None:
            alarm = part(obx, 5, 2) or part(obx, 5, 1)
            text = part(obx, 5, 9)
            if text:
                alarm = f"{alarm} ({text})"
        elif term == MDC_ATTR_EVENT_PHASE[1]:
            phase = part(obx, 5)
    if alarm is None:
        raise MessageRefused(ERROR, REQUIRED_FIELD_MISSING, "no MDC_EVT_ALARM observation")
    return f"{alarm} {phase}".strip()


def acknowledgement(
    text: str,
    now: datetime,
    ack_code: str = ACCEPTED,
    error: tuple[str, str] | None = None,
    reason: str = "",
) -> str:
    """The ACK for a message's text (its MSH, when readable), with an ERR saying why."""
    try:
        source = parse_hl7(text)
    except MessageRefused:
        source = None
    return acknowledge_parsed(source, now, ack_code, error, reason)
