"""The command line: `nurse-monitor` opens the app; subcommands serve the database and training.

nurse-monitor [--demo] [--database-url URL] [--clock-speed N]
nurse-monitor db upgrade | db check | db verify
nurse-monitor replay FILE.json
nurse-monitor alarm-sound --priority high|medium|low -o FILE.wav
nurse-monitor pump listen [--host H] [--port P]
nurse-monitor pump log | purge-log | allow-gateway ADDRESS  --user ADMIN [--password-stdin]
nurse-monitor pump-simulator --to HOST:PORT --pump-id ID --scenario FILE.json [--speed N]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import nurse_monitor
from nurse_monitor import APP_DISPLAY_NAME
from nurse_monitor.clock import Clock, ScaledClock, SystemClock
from nurse_monitor.export_command import add_export_parser, run_export
from nurse_monitor.follow_up_command import add_follow_up_parser
from nurse_monitor.pump_command import add_pump_parsers, run_pump, run_simulator
from nurse_monitor.settings_location import default_database_path

if TYPE_CHECKING:
    from nurse_monitor.services.database import Database

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2

HEADLESS_HELP = (
    "No display was found, so the window cannot open.\n"
    "  - On a desktop, start Nurse Monitor from the desktop session.\n"
    "  - On a server, run it under a virtual display:  xvfb-run nurse-monitor --demo\n"
    "  - For a check without any screen:  QT_QPA_PLATFORM=offscreen nurse-monitor ..."
)


class VersionAction(argparse.Action):
    """--version, with the version looked up only when asked for (see nurse_monitor.__init__)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"nurse-monitor {nurse_monitor.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nurse-monitor",
        description=f"{APP_DISPLAY_NAME}: chair-side infusion monitoring.",
    )
    parser.add_argument("--version", action=VersionAction, nargs=0, help="print the version")
    parser.add_argument(
        "--demo", action="store_true", help="open a separate demo database with sample data"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation off-screen (database, engine, window, PDF) and exit",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("NURSE_MONITOR_DATABASE_URL"),
        help="SQLAlchemy URL, e.g. postgresql+psycopg://user@host/db for a shared record "
        "(default: a SQLite file in the application-data folder; env NURSE_MONITOR_DATABASE_URL)",
    )
    parser.add_argument(
        "--clock-speed",
        type=positive_float,
        default=1.0,
        help="training: run the program's clock N times faster (the title says so)",
    )
    sub = parser.add_subparsers(dest="command")
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="back up and migrate the database to this version")
    db_sub.add_parser("check", help="report drift between the models and the migrations")
    db_sub.add_parser(
        "verify",
        help="walk the record chain: exit 0 when intact, 1 naming the first row that differs",
    )
    replay = sub.add_parser("replay", help="print the engine's status for a scenario file")
    replay.add_argument("file", help="scenario JSON file")
    sound = sub.add_parser("alarm-sound", help="write one cycle of an alarm pattern as a WAV")
    sound.add_argument("--priority", choices=("high", "medium", "low"), required=True)
    sound.add_argument("-o", "--output", required=True, help="WAV file to write")
    add_export_parser(sub)
    add_pump_parsers(sub, positive_float)
    add_follow_up_parser(sub)
    seed = sub.add_parser("seed", help="fill a database with realistic finished sessions")
    seed.add_argument("--sessions", type=positive_int, required=True, help="how many sessions")
    seed.add_argument("--days", type=positive_int, default=730, help="spread over the last N days")
    return parser


def positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not 0 < value <= 10_000:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 10000")
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if not 1 <= value <= 10_000_000:
        raise argparse.ArgumentTypeError("must be from 1 to 10000000")
    return value


def run_seed(args: argparse.Namespace) -> int:
    from nurse_monitor.services.database import CANNOT_OPEN, open_database
    from nurse_monitor.services.seed import RealRecord, seed_sessions

    try:
        db = open_database(database_url(args), SystemClock())
    except CANNOT_OPEN as exc:
        print(f"nurse-monitor: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    try:

        def progress(done: int, total: int) -> None:
            print(f"\r{done} of {total} sessions", end="", file=sys.stderr, flush=True)

        report = seed_sessions(db, args.sessions, days=args.days, progress=progress)
    except RealRecord as refused:
        print(f"nurse-monitor seed: {refused}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        db.close()
    print(file=sys.stderr)
    print(
        f"Seeded {report.sessions} sessions ({report.events} events, {report.readings} "
        f"readings, {report.reactions} reactions, {report.amendments} amendments) "
        f"in {report.seconds:.1f} s"
    )
    return EXIT_OK


def write_alarm_sound(priority: str, output: str) -> int:
    """One cycle (burst, then silence until the next) as 16-bit PCM mono, for checking by ear."""
    from pathlib import Path

    from nurse_monitor.sound.alarm_patterns import cycle_samples, write_wav

    path = Path(output)
    if path.is_dir() or not (path.parent if str(path.parent) else Path(".")).is_dir():
        print(f"alarm-sound: -o {output}: not a file in an existing folder", file=sys.stderr)
        return EXIT_REFUSED
    try:
        write_wav(path, cycle_samples(priority))
    except OSError as error:
        print(f"alarm-sound: -o {output}: {error.strerror}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"{priority} alarm cycle written to {output}")
    return 0


def database_url(args: argparse.Namespace) -> str:
    if args.database_url:
        return str(args.database_url)
    from nurse_monitor.services.database import sqlite_url_for

    return sqlite_url_for(default_database_path(demo=args.demo))


def make_clock(speed: float) -> Clock:
    return SystemClock() if speed == 1.0 else ScaledClock(speed)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.clock_speed != 1.0 and not args.demo:
        # A fast clock stamps future times on entries: for training on the demo record only.
        print(
            "nurse-monitor: --clock-speed is for training on the demo record only; "
            "add --demo (the real record keeps real time).",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    if args.self_test:
        from nurse_monitor.self_test import run_self_test

        return run_self_test()
    if args.command == "replay":
        from nurse_monitor import replay

        return replay.main(args.file, sys.stdout, sys.stderr)
    if args.command == "alarm-sound":
        return write_alarm_sound(args.priority, args.output)
    if args.command == "db":
        return run_db_command(args)
    if args.command == "seed":
        return run_seed(args)
    if args.command == "pump":
        return run_pump(args, database_url(args), make_clock(args.clock_speed))
    if args.command == "pump-simulator":
        return run_simulator(args)
    if args.command == "export":
        return run_export(args, database_url(args), make_clock(args.clock_speed))
    if args.command == "follow-up":
        from nurse_monitor.follow_up_command import run_follow_up

        return run_follow_up(args, database_url(args), make_clock(args.clock_speed))
    if needs_display_but_has_none():
        print(HEADLESS_HELP, file=sys.stderr)
        return EXIT_REFUSED
    from nurse_monitor import first_start_check

    if first_start_check.main() != 0:  # it printed the apt-get line Qt's own message lacks
        return EXIT_REFUSED
    # The desktop's imports and window are made without automatic cycle collection (about
    # 35 ms of a start: every few hundred allocations it walked the objects made so far);
    # run_app's collector (ui/garbage_collection.py) then collects from the event loop.
    gc.disable()
    try:
        from nurse_monitor.ui.app import run_app

        return run_app(database_url(args), make_clock(args.clock_speed), demo=args.demo)
    finally:
        gc.enable()


def needs_display_but_has_none() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_verify(db: Database) -> int:
    """`db verify`: one line either way; exit 1 names the first row that does not match."""
    from nurse_monitor.services.database import CANNOT_OPEN
    from nurse_monitor.services.record_admin import verify_record

    if db.status.revision != db.status.head:
        print(
            f"Database is at schema {db.status.revision}; run `nurse-monitor db upgrade` first.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    try:
        report = verify_record(db)
    except CANNOT_OPEN as exc:
        print(f"nurse-monitor: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(report.summary())
    return EXIT_OK if report.intact else EXIT_FAILED


def run_db_command(args: argparse.Namespace) -> int:
    from nurse_monitor.services.database import CANNOT_OPEN, open_database
    from nurse_monitor.services.record_admin import grant_runtime_role, schema_drift

    url = database_url(args)
    try:
        db = open_database(url, SystemClock(), migrate=args.db_command == "upgrade")
    except CANNOT_OPEN as exc:
        print(f"nurse-monitor: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    try:
        status = db.status
        if args.db_command == "verify":
            return run_verify(db)
        if args.db_command == "upgrade":
            print(f"Database {status.url} is at schema {status.revision} (latest {status.head}).")
            if status.backup:
                print(f"Backup taken before the upgrade: {status.backup}")
            if grant_runtime_role(db):
                print("The runtime role nurse_monitor_runtime may read and add rows, nothing more.")
            return EXIT_OK
        drift = schema_drift(db)
        if status.revision != status.head:
            print(f"Database is at schema {status.revision}; run `nurse-monitor db upgrade`.")
            return EXIT_FAILED
        if drift:
            print("The models and the migrations disagree:")
            for line in drift:
                print(f"  {line}")
            return EXIT_FAILED
        print(f"No drift: the database at {status.revision} matches the models.")
        return EXIT_OK
    finally:
        db.close()
