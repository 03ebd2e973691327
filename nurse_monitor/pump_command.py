"""`nurse-monitor pump listen | allow-gateway | purge-log | log` and `nurse-monitor pump-simulator`.

`pump listen` runs the pump listener headless for a centre that receives on one machine and
shares the record through PostgreSQL; it records itself as the actor in the audit log.

`pump log`, `pump purge-log` and `pump allow-gateway` are an administrator's: the raw messages
carry patient data (PID) and the gateways decide who may send. Each signs in like the other
patient-data commands: `--user USERNAME` (required) and the password asked on the terminal or
read from the first line of standard input with `--password-stdin`. A wrong password or a
locked account is refused with exit code 2; the audit entries say "command line".
"""

from __future__ import annotations

import argparse
import io
import signal
import sys
import threading
from typing import Any, TextIO

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
    # The station's own listener (services/pump_listener_process.py): news on stdout, and it
    # stops when stdin closes. Not for people.
    listen.add_argument("--for-station", action="store_true", help=argparse.SUPPRESS)
    gateway = pump_sub.add_parser(
        "allow-gateway", help="accept a pump gateway's address when listening on a network"
    )
    gateway.add_argument("address", help="the gateway's IP address")
    gateway.add_argument("--label", default="", help="what the gateway is, for IT")
    purge = pump_sub.add_parser("purge-log", help="delete raw pump messages older than 30 days")
    show = pump_sub.add_parser("log", help="the latest pump messages and the answer each got")
    show.add_argument("--limit", type=port_number, default=50, help="how many (newest first)")
    show.add_argument(
        "--raw", action="store_true", help="print each message itself (it carries patient data)"
    )
    for command in (gateway, purge, show):
        command.add_argument(
            "--user", required=True, metavar="USERNAME", help="an administrator: signs in"
        )
        command.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )
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


def run_pump(
    args: argparse.Namespace,
    url: str,
    clock: Clock,
    *,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    from nurse_monitor.services.database import CANNOT_OPEN, DatabaseRefused, open_database

    stdin, out, err = stdin or sys.stdin, out or sys.stdout, err or sys.stderr
    for_station = args.pump_command == "listen" and args.for_station
    if for_station:
        import os

        from nurse_monitor.services.pump_listener_process import CLOCK_VARIABLE, clock_for_listener

        clock = clock_for_listener(os.environ.get(CLOCK_VARIABLE), clock)
        if isinstance(err, io.TextIOWrapper):  # the station reads UTF-8 (Windows: not ANSI)
            err.reconfigure(encoding="utf-8", errors="replace")
        why = _not_the_stations_record(url)
        if why:
            return _refused(f"{why}; the pump listener was not started", out, err)
    try:
        db = open_database(url, clock)
    except DatabaseRefused as exc:  # starting again would not help: the station says so
        return _refused(str(exc), out if for_station else None, err)
    except CANNOT_OPEN as exc:  # the server may be back in a moment: the station retries
        print(f"nurse-monitor: {exc}", file=err)
        return EXIT_REFUSED
    try:
        if args.pump_command == "listen":
            return _listen(db, args.host, args.port, for_station=args.for_station)
        return _administer(db, args, stdin, out, err)
    finally:
        db.close()


def _not_the_stations_record(url: str) -> str | None:
    """Why the listener started for a station must not open `url`: never a record of its own
    (the default file, a new empty file where the station's was, an in-memory database)."""
    import os

    from nurse_monitor.services.pump_listener_process import DATABASE_URL_VARIABLE
    from nurse_monitor.services.record_admin import is_in_memory, record_file

    if not os.environ.get(DATABASE_URL_VARIABLE):
        return f"the station did not say which record to use ({DATABASE_URL_VARIABLE} is not set)"
    if is_in_memory(url):
        return "the station's record is in memory, which another process cannot share"
    try:
        path = record_file(url)
    except ValueError:
        return None  # open_database says what is wrong with the address
    if path is not None and not path.is_file():
        return f"the record file {path} is not there (moved or deleted?)"
    return None


def _refused(why: str, station: TextIO | None, err: TextIO) -> int:
    """Not listening, said on standard error and, to a station, on its pipe (which the
    station shows as the reason, and does not start the listener again for)."""
    from nurse_monitor.services.pump_listener_process import FAILED, StationPipe

    print(f"nurse-monitor: {why}", file=err)
    if station is not None:
        StationPipe(station).say(f"{FAILED} {why}")
    return EXIT_REFUSED


def _administer(db: Any, args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """`log`, `purge-log` and `allow-gateway`, as the administrator who signs in."""
    from nurse_monitor.export_command import read_password
    from nurse_monitor.services.database import Origin
    from nurse_monitor.services.errors import PermissionDenied, ServiceError
    from nurse_monitor.services.pump_admin import allow_gateway, purge_pump_log, recent_log
    from nurse_monitor.services.sign_in import sign_in

    db.origin = Origin.here("command line")  # what the audit entries say
    password = read_password(args.user, args.password_stdin, stdin)
    if password is None:
        print(
            "nurse-monitor: no terminal to ask the password on; give it on the first line of "
            "standard input with --password-stdin",
            file=err,
        )
        return EXIT_REFUSED
    try:
        actor = sign_in(db, args.user, password)
        if args.pump_command == "purge-log":
            count = purge_pump_log(db, actor)
            print(
                f"Deleted {count} pump messages older than 30 days (the charted data stays).",
                file=out,
            )
        elif args.pump_command == "log":
            for e in recent_log(db, actor, args.limit, raw=args.raw):
                why = f"  {e.reason}" if e.reason else ""
                print(
                    f"{e.received_at:%Y-%m-%d %H:%M:%S}Z  {e.ack_code}  pump {e.pump_id or '?'}"
                    f"  msg {e.control_id or '?'}  from {e.peer or '?'}{why}",
                    file=out,
                )
                if args.raw:
                    for segment in e.raw.replace("\r\n", "\r").replace("\n", "\r").split("\r"):
                        print(f"    {segment}", file=out)
        else:
            allow_gateway(db, actor, args.address, args.label)
            print(f"Pump gateway {args.address} accepted.", file=out)
    except PermissionDenied as exc:
        print(f"nurse-monitor: {exc}", file=err)
        return EXIT_REFUSED
    except ServiceError as exc:
        print(f"nurse-monitor: {exc}", file=err)
        return EXIT_REFUSED if args.pump_command == "allow-gateway" else EXIT_FAILED
    return EXIT_OK


def _listen(db: Any, host: str, port: int, *, for_station: bool = False) -> int:
    from nurse_monitor.services.pump_admin import record_listener_started
    from nurse_monitor.services.pump_listener import PumpListener, why_not_listening
    from nurse_monitor.services.pump_listener_process import (
        FAILED,
        LISTENING,
        StationPipe,
        wait_for_the_station,
    )

    pipe = StationPipe(sys.stdout)
    if for_station:
        pipe.announce_commits_of(db)
    listener = PumpListener(db, host, port)
    try:
        address = listener.start()
    except (OSError, TimeoutError) as error:
        if for_station:
            pipe.say(f"{FAILED} {why_not_listening(error, host, port)}")
        else:
            print(f"nurse-monitor: {error}", file=sys.stderr)
        listener.stop()
        return EXIT_FAILED
    record_listener_started(db, address.host, address.port)
    done = threading.Event()
    if for_station:
        pipe.say(f"{LISTENING} {address.host}:{address.port}")
        wait_for_the_station(sys.stdin, done)
    else:
        print(f"Listening for pump messages on {address.host}:{address.port}", flush=True)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    while not done.wait(1.0):  # also wakes for signals on every platform
        if pipe.broken.is_set():
            break
    listener.stop()
    if not for_station:
        print("Pump listener stopped.")
    return EXIT_OK
