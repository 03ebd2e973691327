"""`nurse-monitor pump listen | allow-gateway | purge-log | log` and `nurse-monitor pump-simulator`.

`pump listen` runs the pump listener headless for a centre that receives on one machine and
shares the record through PostgreSQL; it records itself as the actor in the audit log.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from typing import Any

from nurse_monitor.clock import Clock

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2


def port_number(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError("must be a port number from 1 to 65535 (0: any free)")
    return int(text)


def add_pump_parsers(sub: Any, speed_type: Any) -> None:
    pump = sub.add_parser("pump", help="the pump link (HL7 / IHE PCD-01 over MLLP)")
    pump_sub = pump.add_subparsers(dest="pump_command", required=True)
    listen = pump_sub.add_parser("listen", help="receive pump messages until stopped")
    listen.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    listen.add_argument("--port", type=port_number, default=2575, help="port (2575, HL7 MLLP)")
    gateway = pump_sub.add_parser(
        "allow-gateway", help="accept a pump gateway's address when listening on a network"
    )
    gateway.add_argument("address", help="the gateway's IP address")
    gateway.add_argument("--label", default="", help="what the gateway is, for IT")
    pump_sub.add_parser("purge-log", help="delete raw pump messages older than 30 days")
    show = pump_sub.add_parser("log", help="the latest pump messages and the answer each got")
    show.add_argument("--limit", type=port_number, default=50, help="how many (newest first)")
    sim = sub.add_parser("pump-simulator", help="play a scenario as a smart pump would")
    sim.add_argument("--to", required=True, help="HOST:PORT of the pump listener")
    sim.add_argument("--pump-id", required=True, help="the pump's identifier (EUI-64 preferably)")
    sim.add_argument("--scenario", required=True, help="scenario JSON file (the replay format)")
    sim.add_argument("--speed", type=speed_type, default=1.0, help="N times faster than real")
    sim.add_argument("--patient-id", default="", help="patient identifier to send in PID-3")


def run_simulator(args: argparse.Namespace) -> int:
    from nurse_monitor import pump_simulator

    return pump_simulator.main(
        args.to, args.pump_id, args.scenario, args.speed, sys.stdout, sys.stderr,
        patient=args.patient_id,
    )  # fmt: skip


def run_pump(args: argparse.Namespace, url: str, clock: Clock) -> int:
    from nurse_monitor.services.database import CANNOT_OPEN, open_database
    from nurse_monitor.services.errors import ServiceError
    from nurse_monitor.services.pump_admin import allow_gateway, purge_pump_log

    try:
        db = open_database(url, clock)
    except CANNOT_OPEN as exc:
        print(f"nurse-monitor: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        if args.pump_command == "purge-log":
            count = purge_pump_log(db, None)
            print(f"Deleted {count} pump messages older than 30 days (the charted data stays).")
            return EXIT_OK
        if args.pump_command == "log":
            from nurse_monitor.services.pump_admin import recent_log

            for e in recent_log(db, args.limit):
                why = f"  {e.reason}" if e.reason else ""
                print(
                    f"{e.received_at:%Y-%m-%d %H:%M:%S}Z  {e.ack_code}  pump {e.pump_id or '?'}"
                    f"  msg {e.control_id or '?'}  from {e.peer or '?'}{why}"
                )
            return EXIT_OK
        if args.pump_command == "allow-gateway":
            try:
                allow_gateway(db, None, args.address, args.label)
            except ServiceError as error:
                print(f"nurse-monitor: {error}", file=sys.stderr)
                return EXIT_REFUSED
            print(f"Pump gateway {args.address} accepted.")
            return EXIT_OK
        return _listen(db, args.host, args.port)
    finally:
        db.close()


def _listen(db: Any, host: str, port: int) -> int:
    from nurse_monitor.services.pump_admin import record_listener_started
    from nurse_monitor.services.pump_listener import PumpListener

    listener = PumpListener(db, host, port)
    try:
        address = listener.start()
    except (OSError, TimeoutError) as error:
        print(f"nurse-monitor: {error}", file=sys.stderr)
        return EXIT_FAILED
    record_listener_started(db, address.host, address.port)
    print(f"Listening for pump messages on {address.host}:{address.port}", flush=True)
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    done.wait()
    listener.stop()
    print("Pump listener stopped.")
    return EXIT_OK
