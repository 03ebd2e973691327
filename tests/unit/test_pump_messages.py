"""Reading IHE PCD pump messages and answering them: fixtures from the framework's examples."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nurse_monitor.domain.pump_link import PumpEvent
from nurse_monitor.services.pump_acknowledgements import (
    ACCEPTED,
    ERROR,
    REJECTED,
    MessageRefused,
    ack_code_of,
)
from nurse_monitor.services.pump_messages import acknowledgement, hl7_time, read_message

FIXTURES = Path(__file__).parents[1] / "fixtures" / "pump"
NOW = datetime(2026, 3, 2, 10, 31, tzinfo=UTC)


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_pcd01_from_the_ipec_sample_gives_rate_volumes_status_and_device() -> None:
    message = read_message(fixture("pcd01_rates.hl7"))
    assert message.trigger == "R01"
    assert message.pump_id == "E0002"  # OBX-18 of the MDS row
    assert message.patient_id == "HO2009002"
    assert message.sent_at == datetime(2015, 10, 15, 18, 21, 7, tzinfo=UTC)  # -0500 to UTC
    (channel,) = message.channels
    assert channel.channel == "1.1"  # MDS.VMD of OBX-4 1.1.2.4
    assert channel.rate_ml_h == 15.4
    assert channel.current_rate_ml_h == 15.4
    assert channel.volume_to_infuse_ml == 250.0
    assert channel.delivered_ml == 0.0
    assert channel.remaining_ml == 250.0
    assert channel.minutes_remaining == 974
    assert channel.infusing is True


def test_pcd10_delivery_start_is_read_as_the_event() -> None:
    message = read_message(fixture("pcd10_delivery_start.hl7"))
    assert message.trigger == "R42"
    assert message.event is PumpEvent.DELIVERY_START


def test_pcd04_occlusion_alarm_is_read() -> None:
    message = read_message(fixture("pcd04_occlusion.hl7"))
    assert message.trigger == "R40"
    assert message.pump_id == "P6013"
    assert message.alarm == "MDC_EVT_FLUID_LINE_OCCL (Occlusion) start"


def test_obx4_keeps_two_channels_of_one_pump_apart() -> None:
    text = fixture("pcd01_rates.hl7").replace(
        "OBX|23|",
        "OBX|24|NM|157784^MDC_FLOW_FLUID_PUMP^MDC|1.2.2.4|80|"
        "265266^MDC_DIM_MILLI_L_PER_HR^MDC^mL/h^mL/h^UCUM|||||R\nOBX|23|",
    )
    channels = {c.channel: c.rate_ml_h for c in read_message(text).channels}
    assert channels == {"1.1": 15.4, "1.2": 80.0}


def test_obx14_time_is_kept_per_channel() -> None:
    text = fixture("pcd01_rates.hl7").replace(
        "1.1.2.4|15.4|265266^MDC_DIM_MILLI_L_PER_HR^MDC^mL/h^mL/h^UCUM|||||R",
        "1.1.2.4|15.4|265266^MDC_DIM_MILLI_L_PER_HR^MDC^mL/h^mL/h^UCUM|||||R|||20151015132100-0500",
    )
    (channel,) = read_message(text).channels
    assert channel.observed_at == datetime(2015, 10, 15, 18, 21, tzinfo=UTC)


def test_the_ack_accepts_and_names_the_message() -> None:
    ack = acknowledgement(fixture("pcd01_rates.hl7"), NOW)
    lines = ack.split("\r")
    assert lines[0].startswith("MSH|^~\\&|NURSE_MONITOR|")
    assert "|ACK^R01^ACK|" in lines[0]
    assert "|20260302103100+0000|" in lines[0]  # our clock, not the wall clock
    assert lines[1] == "MSA|AA|6358051206735492254"
    assert len(lines) == 2


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        (("ORU^R01^ORU_R01", "ADT^A01^ADT_A01"), REJECTED, "MSH-9 is ADT^A01"),
        (("|15.4|265266", "|fast|265266"), ERROR, "'fast' is not a number"),
        (
            ("|15.4|265266^MDC_DIM_MILLI_L_PER_HR^MDC^mL/h^mL/h", "|15.4|0^MDC_DIM_X^MDC^x^x"),
            ERROR,
            "unit must be",
        ),
        (("E0002^^0012210000000000^EUI-64", ""), ERROR, "no device identifier"),
        (("|6358051206735492254|", "||"), REJECTED, "MSH-10"),
        (("^pump-status-infusing", "^pump-status-dancing"), ERROR, "unknown status"),
    ],
)
def test_bad_messages_are_refused_with_the_reason(
    change: tuple[str, str], code: str, words: str
) -> None:
    text = fixture("pcd01_rates.hl7").replace(*change)
    with pytest.raises(MessageRefused) as refused:
        read_message(text)
    assert refused.value.ack_code == code
    assert words in refused.value.reason
    ack = acknowledgement(text, NOW, code, refused.value.error, refused.value.reason)
    assert ack_code_of(ack) == code
    assert "\rERR|||" in ack


def test_garbage_gets_a_reject_with_an_err_segment() -> None:
    ack = acknowledgement("hello|world^&", NOW, REJECTED, ("100", "Segment sequence error"), "x|y")
    assert ack_code_of(ack) == REJECTED
    assert ack.split("\r")[-1] == "ERR|||100^Segment sequence error^HL70357|E||||x\\F\\y"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20151015132107-0500", datetime(2015, 10, 15, 18, 21, 7, tzinfo=UTC)),
        ("201510151321+0100", datetime(2015, 10, 15, 12, 21, tzinfo=UTC)),
        ("20151015132107.1234+0000", datetime(2015, 10, 15, 13, 21, 7, tzinfo=UTC)),
        ("20151015132107", None),  # no zone: not guessed
        ("2015-10-15", None),
        ("", None),
    ],
)
def test_hl7_times(text: str, expected: datetime | None) -> None:
    assert hl7_time(text) == expected


def _answer(text: str) -> str:
    try:
        read_message(text)
    except MessageRefused as refused:
        return acknowledgement(text, NOW, refused.ack_code, refused.error, refused.reason)
    return acknowledgement(text, NOW, ACCEPTED)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=400))
def test_any_text_gets_an_answer(text: str) -> None:
    assert ack_code_of(_answer(text)) in (ACCEPTED, ERROR, REJECTED)


SAMPLE_LINES = fixture("pcd01_rates.hl7").splitlines()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.sampled_from(range(len(SAMPLE_LINES))), max_size=30),
    st.lists(st.tuples(st.integers(0, 3000), st.sampled_from("|^~\\&\r\x0b\x1cX9.-")), max_size=8),
)
def test_mangled_pump_messages_are_each_answered(
    order: list[int], edits: list[tuple[int, str]]
) -> None:
    """Segments dropped, repeated, reordered and characters changed: an ACK every time."""
    text = "\r".join(SAMPLE_LINES[i] for i in order) if order else "\r".join(SAMPLE_LINES)
    for at, char in edits:
        at = at % (len(text) + 1)
        text = text[:at] + char + text[at + 1 :]
    ack = _answer(text)
    assert ack_code_of(ack) in (ACCEPTED, ERROR, REJECTED)
    assert ack.startswith("MSH|")


@pytest.mark.parametrize("tail", ["\n0", "\nOB", "\n|x", "\n\x0b"])
def test_a_row_without_a_segment_id_is_refused_not_a_crash(tail: str) -> None:
    """Found by Hypothesis through the listener: python-hl7 raised IndexError on a short row."""
    with pytest.raises(MessageRefused) as refused:
        read_message(fixture("pcd01_rates.hl7") + tail)
    assert refused.value.ack_code == REJECTED
    assert "does not begin with an id" in refused.value.reason
