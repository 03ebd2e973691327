"""The answer to each pump message: an HL7 v2 ACK (`MSA|AA` accepted, `AE` error, `AR` rejected)
with an ERR segment saying why, in HL7 table 0357's codes; and `MessageRefused`, which a reading
raises to say which answer a message gets.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

ACCEPTED = "AA"
ERROR = "AE"
REJECTED = "AR"

# HL7 table 0357 (message error condition codes).
SEGMENT_SEQUENCE_ERROR = ("100", "Segment sequence error")
REQUIRED_FIELD_MISSING = ("101", "Required field missing")
DATA_TYPE_ERROR = ("102", "Data type error")
UNSUPPORTED_MESSAGE_TYPE = ("200", "Unsupported message type")
UNKNOWN_KEY = ("204", "Unknown key identifier")
APPLICATION_ERROR = ("207", "Application internal error")

RECEIVER_APPLICATION = "NURSE_MONITOR"


class MessageRefused(ValueError):
    """A message answered AE or AR: the code, the HL7 error and a reason for IT."""

    def __init__(self, ack_code: str, error: tuple[str, str], reason: str) -> None:
        super().__init__(reason)
        self.ack_code = ack_code
        self.error = error
        self.reason = reason


def acknowledge_parsed(
    source: Any,
    now: datetime,
    ack_code: str = ACCEPTED,
    error: tuple[str, str] | None = None,
    reason: str = "",
) -> str:
    """The ACK for an already parsed message (None when it could not be parsed)."""
    stamp = now.astimezone(UTC).strftime("%Y%m%d%H%M%S+0000")
    try:
        ack = source.create_ack(ack_code, application=RECEIVER_APPLICATION)
        ack.segment("MSH").assign_field(stamp, 7)
        lines = [line for line in str(ack).split("\r") if line]
    except (AttributeError, KeyError, IndexError, TypeError, ValueError):
        lines = [
            f"MSH|^~\\&|{RECEIVER_APPLICATION}|||||{stamp}||ACK|{now:%Y%m%d%H%M%S%f}|P|2.6",
            f"MSA|{ack_code}|",
        ]
    if error is not None:
        code, words = error
        lines.append(f"ERR|||{code}^{words}^HL70357|E||||{_escape(reason)}")
    return "\r".join(lines)


def _escape(text: str) -> str:
    out = text.replace("\\", "\\E\\").replace("|", "\\F\\").replace("^", "\\S\\")
    return out.replace("&", "\\T\\").replace("~", "\\R\\").replace("\r", " ")


def ack_code_of(ack_text: str) -> str:
    """MSA-1 of an ACK's text ('' when none): for the simulator and tests."""
    for line in ack_text.split("\r"):
        if line.startswith("MSA|"):
            return line.split("|")[1] if "|" in line else ""
    return ""
