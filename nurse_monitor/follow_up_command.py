"""`nurse-monitor follow-up list --date YYYY-MM-DD [--json]`: the calls due that day and the
overdue ones not yet done, for a centre that calls from another desk.

It shows patient data, so it signs the user in like the other such commands: `--user USERNAME`
and the password from the terminal (never echoed) or, with `--password-stdin`, the first line
of standard input. A failed sign-in is counted and audited like one at a station.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any, TextIO

from nurse_monitor.clock import Clock
from nurse_monitor.domain.follow_up import Status
from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY, parse_weekdays, weekdays_text

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2
COLUMNS = ("Due", "Status", "Tries", "Record", "Patient", "Phone", "Session")


def add_follow_up_parser(subparsers: Any) -> argparse.ArgumentParser:
    command = subparsers.add_parser("follow-up", help="follow-up calls after infusions")
    kinds = command.add_subparsers(dest="follow_up_command", required=True, metavar="COMMAND")
    listing = kinds.add_parser("list", help="calls due on a day and overdue ones not yet done")
    listing.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the day")
    listing.add_argument("--json", action="store_true", help="a JSON list instead of a table")
    listing.add_argument("--user", required=True, metavar="USERNAME", help="who is asking")
    listing.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    listing.add_argument(
        "--working-days",
        default=weekdays_text(MONDAY_TO_FRIDAY),
        metavar="Mon,Tue,...",
        help="weekdays calls are made (default Mon-Fri, as a station's preference)",
    )
    return command  # type: ignore[no-any-return]


def run_follow_up(
    args: argparse.Namespace,
    database_url: str,
    clock: Clock,
    *,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    from datetime import date

    from nurse_monitor.services.database import CANNOT_OPEN, open_database
    from nurse_monitor.services.errors import PermissionDenied, ServiceError
    from nurse_monitor.services.follow_ups import follow_up_worklist
    from nurse_monitor.services.sign_in import SignInFailed, sign_in

    stdin, out, err = stdin or sys.stdin, out or sys.stdout, err or sys.stderr
    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        print(
            f"nurse-monitor follow-up list: --date: a date as YYYY-MM-DD, not {args.date!r}",
            file=err,
        )
        return EXIT_REFUSED
    try:
        weekdays = parse_weekdays(args.working_days)
    except ValueError as exc:
        print(f"nurse-monitor follow-up list: --working-days: {exc}", file=err)
        return EXIT_REFUSED
    password = _password(args, stdin)
    if password is None:
        print("nurse-monitor: no password given (type it, or use --password-stdin)", file=err)
        return EXIT_REFUSED
    try:
        db = open_database(database_url, clock, migrate=False)
    except CANNOT_OPEN as exc:
        print(f"nurse-monitor: {exc}", file=err)
        return EXIT_REFUSED
    try:
        actor = sign_in(db, args.user, password)
        # The day's calls, made or not yet, and the overdue ones not yet done.
        items = [
            i
            for i in follow_up_worklist(db, actor, day, weekdays, with_closed=True)
            if i.status is not Status.CANCELLED
        ]
    except (SignInFailed, PermissionDenied) as exc:
        print(f"nurse-monitor: {exc}", file=err)
        return EXIT_REFUSED
    except ServiceError as exc:
        print(f"nurse-monitor: {exc}", file=err)
        return EXIT_FAILED
    finally:
        db.close()
    rows = [_row(item) for item in items]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False), file=out)
    else:
        _table(rows, day, out)
    return EXIT_OK


def _password(args: argparse.Namespace, stdin: TextIO) -> str | None:
    if args.password_stdin:
        line = stdin.readline()
        return line.rstrip("\r\n") if line else None
    if not stdin.isatty():
        return None
    return getpass.getpass(f"Password for {args.user}: ")


def _row(item: Any) -> dict[str, Any]:
    outcome = item.outcome
    return {
        "session_id": item.session_id,
        "record_number": item.record_number,
        "patient_name": item.patient_name,
        "phone": item.phone,
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "status": item.status.value,
        "attempts": item.attempts,
        "infusion_date": item.infusion_on.isoformat(),
        "treatment": item.treatment,
        "reasons": list(item.reasons),
        "what_happened": list(item.what_happened),
        "triage": outcome.colour if outcome is not None else None,
    }


def _table(rows: list[dict[str, Any]], day: Any, out: TextIO) -> None:
    if not rows:
        print(f"No follow-up calls due on {day} or overdue.", file=out)
        return
    cells = [
        (
            r["due_date"] or "",
            r["status"],
            str(r["attempts"]),
            r["record_number"],
            r["patient_name"],
            r["phone"] or "-",
            str(r["session_id"]),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(COLUMNS)]
    print("  ".join(h.ljust(w) for h, w in zip(COLUMNS, widths, strict=True)), file=out)
    for c in cells:
        print("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip(), file=out)
