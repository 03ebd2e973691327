"""`nurse-monitor pump-simulator`: play a scenario's rate history as a smart pump would.

One PCD-01 `ORU^R01` a simulated minute (rate, volume to be infused, delivered, remaining, time
remaining, infusing status; laid out like the IHE IPEC supplement's sample), and a PCD-10
`ORU^R42` at each start, stop and completion, sent over MLLP N times faster than real time with
the simulated times in the messages. Exit 0 when every message was acknowledged AA.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from hl7.mllp import open_hl7_connection

from nurse_monitor.services.pump_acknowledgements import ack_code_of

EXIT_OK = 0
EXIT_NOT_ACKNOWLEDGED = 1
EXIT_BAD_INPUT = 2
STEP = timedelta(minutes=1)
RESENDS = 3  # a message answered "not recorded within 1 s; send again" is sent again
EUI_64 = re.compile(r"^[0-9A-Fa-f]{16}$")
RATE_EVENTS = {"infusion_started", "rate_changed", "resumed"}
STOP_EVENTS = {"paused": "STOP", "infusion_stopped": "STOP", "infusion_ended": "COMP"}


class SimulatorError(ValueError):
    """A scenario or address the simulator cannot play; the message names the field."""


@dataclass(frozen=True)
class PumpMoment:
    at: datetime
    rate_ml_h: float
    delivered_ml: float
    event: str | None = None  # START, STOP or COMP at this moment


def rate_history(scenario: object) -> tuple[float, list[tuple[datetime, str, float]]]:
    """(bag volume, [(time, event type, rate)]) from a replay-format scenario."""
    if not isinstance(scenario, dict) or not isinstance(scenario.get("events"), list):
        raise SimulatorError("field 'events': the scenario must be an object with an events list")
    bag = scenario.get("bag_volume_ml")
    if not isinstance(bag, int | float) or isinstance(bag, bool) or not 0 < bag <= 10_000:
        raise SimulatorError("field 'bag_volume_ml': a volume in mL above 0")
    steps = []
    for index, event in enumerate(scenario["events"]):
        if not isinstance(event, dict) or not isinstance(event.get("type"), str):
            raise SimulatorError(f"event {index}: needs a type")
        kind = event["type"]
        if kind not in RATE_EVENTS and kind not in STOP_EVENTS:
            continue
        try:
            at = datetime.fromisoformat(str(event.get("at")))
        except ValueError:
            raise SimulatorError(f"event {index} ({kind}): field 'at' is not a time") from None
        if at.tzinfo is None:
            raise SimulatorError(f"event {index} ({kind}): field 'at' needs a time zone")
        rate = event.get("rate_ml_h", 0.0) if kind in RATE_EVENTS else 0.0
        if not isinstance(rate, int | float) or isinstance(rate, bool) or not 0 <= rate < 10_000:
            raise SimulatorError(f"event {index} ({kind}): field 'rate_ml_h' is not a rate")
        steps.append((at.astimezone(UTC), kind, float(rate)))
    if not steps or steps[0][1] != "infusion_started":
        raise SimulatorError("field 'events': no infusion_started to play")
    return float(bag), sorted(steps, key=lambda s: s[0])


def pump_moments(bag_ml: float, steps: list[tuple[datetime, str, float]]) -> Iterator[PumpMoment]:
    """Each simulated minute from the start, and each event, until the pump completes."""
    start = steps[0][0]
    end = steps[-1][0]
    events = {at: kind for at, kind, _ in steps}
    rate_at = {at: rate for at, _, rate in steps}
    times = sorted({start + STEP * i for i in range(int((end - start) / STEP) + 1)} | set(events))
    rate = 0.0
    delivered = 0.0
    last = start
    for at in times:
        delivered = min(bag_ml, delivered + rate * (at - last).total_seconds() / 3600)
        last = at
        kind = events.get(at)
        marker = None
        if kind in RATE_EVENTS:
            marker = "START" if rate == 0 else None
            rate = rate_at[at]
        elif kind in STOP_EVENTS:
            marker = STOP_EVENTS[kind]
            rate = 0.0
        yield PumpMoment(at, rate, round(delivered, 1), marker)


def pcd01(pump_id: str, m: PumpMoment, bag_ml: float, control: str, patient: str = "") -> str:
    """One PCD-01 observation report (or a PCD-10 event report when the moment has an event)."""
    stamp = m.at.strftime("%Y%m%d%H%M%S+0000")
    device = f"{pump_id}^^{pump_id}^EUI-64" if EUI_64.match(pump_id) else pump_id
    trigger, profile = ("R42", "IHE_PCD_010^IHE PCD^1.3.6.1.4.1.19376.1.6.4.10^ISO")
    if m.event is None:
        trigger, profile = ("R01", "IHE_PCD_001^IHE PCD^1.3.6.1.4.1.19376.1.6.1.1.1^ISO")
    remaining = max(0.0, bag_ml - m.delivered_ml)
    minutes = round(remaining / m.rate_ml_h * 60) if m.rate_ml_h else 0
    status = "pump-status-infusing" if m.rate_ml_h > 0 else "pump-status-not-infusing"
    ml_h = "265266^MDC_DIM_MILLI_L_PER_HR^MDC^mL/h^mL/h^UCUM"
    ml = "263762^MDC_DIM_MILLI_L^MDC^mL^mL^UCUM"
    rows = [
        f"MSH|^~\\&|NM_PUMP_SIMULATOR|SIMULATOR|NURSE_MONITOR|NURSE_MONITOR|{stamp}||"
        f"ORU^{trigger}^ORU_R01|{control}|P|2.6|||AL|NE||ASCII|en^English^ISO639||{profile}",
        f"PID|||{patient}^^^^PI" if patient else "PID|||",
        f"OBR|1|{control}^SIMULATOR|{control}^SIMULATOR|70049^MDC_DEV_PUMP_INFUS_LVP_MDS^MDC|||"
        f"{stamp}",
        f"OBX|1||70049^MDC_DEV_PUMP_INFUS_LVP_MDS^MDC|1.0.0.0|||||||X|||{stamp}||||{device}",
    ]
    if m.event is not None:
        rows.append(
            f"OBX|2|CWE|0^MDC_ATTR_EVT_COND^MDC|1.0.0.2|0^MDC_EVT_PUMP_DELIV_{m.event}^MDC||||||R"
        )
    values = [
        f"CWE|184519^MDC_PUMP_INFUSING_STATUS^MDC|1.1.1.1|^{status}|",
        f"NM|0^MDC_FLOW_FLUID_PUMP_CURRENT^MDC|1.1.1.2|{m.rate_ml_h:g}|{ml_h}",
        f"NM|157784^MDC_FLOW_FLUID_PUMP^MDC|1.1.2.4|{m.rate_ml_h:g}|{ml_h}",
        f"NM|157884^MDC_VOL_FLUID_TBI^MDC|1.1.2.6|{bag_ml:g}|{ml}",
        f"NM|157993^MDC_VOL_FLUID_DELIV_TOTAL^MDC|1.1.2.7|{m.delivered_ml:g}|{ml}",
        f"NM|157872^MDC_VOL_FLUID_TBI_REMAIN^MDC|1.1.2.8|{remaining:.1f}|{ml}",
        f"NM|157916^MDC_TIME_PD_REMAIN^MDC|1.1.2.9|{minutes}|264352^MDC_DIM_MIN^MDC^min^min^UCUM",
    ]
    first = len(rows) - 3  # OBX set ids continue after the device row (and the event row)
    rows += [f"OBX|{first + i}|{v}|||||R|||{stamp}" for i, v in enumerate(values, 1)]
    return "\r".join(rows)


Pace = Callable[[float], Awaitable[None]]


async def real_time(seconds: float) -> None:
    await asyncio.sleep(seconds)


async def play(
    host: str,
    port: int,
    pump_id: str,
    scenario: object,
    speed: float,
    *,
    patient: str = "",
    pace: Pace = real_time,
    out: TextIO | None = None,
) -> tuple[int, int]:
    """Send the scenario; (messages sent, messages acknowledged AA)."""
    bag, steps = rate_history(scenario)
    moments = list(pump_moments(bag, steps))
    reader, writer = await open_hl7_connection(host, port)
    sent = accepted = 0
    run = uuid.uuid4().hex[:8]  # control ids unique to this run: a replay is not a resend
    began = time.monotonic()
    start = moments[0].at
    try:
        for index, moment in enumerate(moments):
            due = (moment.at - start).total_seconds() / speed
            await pace(max(0.0, due - (time.monotonic() - began)))
            text = pcd01(pump_id, moment, bag, f"{run}-{index:05d}", patient)
            for _ in range(RESENDS + 1):  # as a gateway does when told "send again"
                writer.writeblock(text.encode("ascii", errors="replace"))
                await writer.drain()
                ack = (await reader.readblock()).decode("utf-8", errors="replace")
                code = ack_code_of(ack)
                if not (code == "AE" and "send again" in ack):
                    break
            sent += 1
            accepted += code == "AA"
            if out is not None and code != "AA":
                out.write(f"message {index} at {moment.at:%H:%M}: {code or 'no answer'}\n")
    finally:
        writer.close()
    return sent, accepted


def parse_target(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise SimulatorError("--to: HOST:PORT, e.g. 127.0.0.1:2575")
    return host.strip("[]"), int(port)


def main(
    target: str,
    pump_id: str,
    scenario_path: str,
    speed: float,
    stdout: TextIO,
    stderr: TextIO,
    *,
    patient: str = "",
    pace: Pace = real_time,
) -> int:
    try:
        host, port = parse_target(target)
        try:
            scenario = json.loads(Path(scenario_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise SimulatorError(f"--scenario: cannot be read ({error})") from None
        if not pump_id.strip() or set(pump_id) & set("|^~\\&\r\n"):
            raise SimulatorError("--pump-id: any identifier without | ^ ~ \\ &")
        rate_history(scenario)
    except SimulatorError as error:
        stderr.write(f"pump-simulator: {error}\n")
        return EXIT_BAD_INPUT
    try:
        sent, accepted = asyncio.run(
            play(host, port, pump_id, scenario, speed, patient=patient, pace=pace, out=stderr)
        )
    except OSError as error:
        stderr.write(f"pump-simulator: cannot reach {target}: {error}\n")
        return EXIT_NOT_ACKNOWLEDGED
    stdout.write(f"{sent} messages sent, {accepted} acknowledged (AA)\n")
    return EXIT_OK if sent == accepted else EXIT_NOT_ACKNOWLEDGED
