"""`nurse-monitor export ...`: the record as PDF, FHIR R4 JSON or CSV, and the handoff sheet.

nurse-monitor export pdf --session ID -o FILE.pdf
nurse-monitor export pdf --from DATE --to DATE --out-dir DIR
nurse-monitor export fhir --session ID -o FILE.json
nurse-monitor export csv (--session ID | --from DATE --to DATE) -o FILE.csv
nurse-monitor export handoff -o FILE.pdf
nurse-monitor export take-home --session ID -o FILE.pdf   (the patient's sheet, issue 18)

Every file is audited under the acting user, who signs in as on the desktop (issue 16, defect 8):
`--user USERNAME` (required), the password asked on a terminal, or the first line of standard
input with `--password-stdin`. A wrong password or a locked account gets the desktop's one
message and exit code 2; the audit entries say "command line".
A missing session, an unwritable path or an empty date range gets a message and exit code 1,
and no file is left behind.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from nurse_monitor.clock import Clock

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REFUSED = 2
DEFAULT_FACILITY = "Infusion unit"


def add_export_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add `export` and its formats to the program's subcommands."""
    export = subparsers.add_parser(
        "export",
        help="write the record of sessions as PDF, FHIR R4 JSON or CSV, or the handoff sheet",
        description="Export the record. Every file written is recorded in the audit log.",
    )
    kinds = export.add_subparsers(dest="export_kind", required=True, metavar="FORMAT")
    pdf = kinds.add_parser("pdf", help="session summaries for the patient's chart")
    _session_or_range(pdf)
    pdf.add_argument("--out-dir", type=Path, help="folder for a date range (one PDF a session)")
    _pdf_options(pdf)
    fhir = kinds.add_parser("fhir", help="one session as a FHIR R4 collection Bundle (JSON)")
    fhir.add_argument("--session", type=int, required=True, metavar="ID")
    fhir.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    csv = kinds.add_parser("csv", help="readings and events with a header row, ISO 8601 times")
    _session_or_range(csv)
    handoff = kinds.add_parser("handoff", help="one page of all active chairs, for the shift")
    handoff.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    _pdf_options(handoff)
    take_home = kinds.add_parser(
        "take-home", help="the patient's take-home sheet after an infusion (large type)"
    )
    take_home.add_argument("--session", type=int, required=True, metavar="ID")
    take_home.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    take_home.add_argument("--page-size", choices=("A4", "Letter"), default="A4")
    for sub in (pdf, fhir, csv, handoff, take_home):
        sub.add_argument(
            "--user",
            metavar="USERNAME",
            required=True,
            help="who is exporting: signs in (password asked on the terminal)",
        )
        sub.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )
    return export  # type: ignore[no-any-return]


def _session_or_range(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--session", type=int, metavar="ID", help="one session's record id")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE")
    parser.add_argument("--from", dest="first", type=iso_date, metavar="DATE", help="YYYY-MM-DD")
    parser.add_argument("--to", dest="last", type=iso_date, metavar="DATE", help="YYYY-MM-DD")


def _pdf_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--facility",
        default=os.environ.get("NURSE_MONITOR_FACILITY", DEFAULT_FACILITY),
        help="facility name on every page (env NURSE_MONITOR_FACILITY)",
    )
    parser.add_argument("--page-size", choices=("A4", "Letter"), default="A4")


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a date as YYYY-MM-DD, not {text!r}") from None


class UsageProblem(Exception):
    """The options do not make one export."""


def run_export(
    args: argparse.Namespace,
    database_url: str,
    clock: Clock,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    """Run one `export` command; the exit code says how it went."""
    from nurse_monitor.services.database import CANNOT_OPEN, Origin, open_database
    from nurse_monitor.services.errors import PermissionDenied, ServiceError
    from nurse_monitor.services.sign_in import sign_in

    out = out or sys.stdout
    err = err or sys.stderr
    stdin = stdin or sys.stdin
    try:
        _check_options(args)
    except UsageProblem as exc:
        print(f"nurse-monitor export {args.export_kind}: {exc}", file=err)
        return EXIT_REFUSED
    try:
        db = open_database(database_url, clock, migrate=False)
    except CANNOT_OPEN as exc:
        print(f"nurse-monitor: {exc}", file=err)
        return EXIT_REFUSED
    db.origin = Origin.here("command line")  # what the audit entries say
    try:
        password = read_password(args.user, args.password_stdin, stdin)
        if password is None:
            print(
                "nurse-monitor: no terminal to ask the password on; give it on the first line "
                "of standard input with --password-stdin",
                file=err,
            )
            return EXIT_REFUSED
        actor = sign_in(db, args.user, password)
        return _EXPORTS[args.export_kind](db, actor, args, clock, out, err)
    except PermissionDenied as exc:
        print(f"nurse-monitor: {exc}", file=err)
        return EXIT_REFUSED
    except ServiceError as exc:
        print(f"nurse-monitor: {exc}", file=err)
        return EXIT_FAILED
    finally:
        db.close()


def _check_options(args: argparse.Namespace) -> None:
    kind = args.export_kind
    if kind in ("pdf", "csv"):
        one = args.session is not None
        span = args.first is not None or args.last is not None
        if one == span:
            raise UsageProblem("give either --session ID or --from DATE --to DATE")
        if span and (args.first is None or args.last is None):
            raise UsageProblem("a date range needs both --from and --to")
        if one or kind == "csv":
            if args.output is None:
                raise UsageProblem("name the file with -o FILE")
        elif args.out_dir is None:
            raise UsageProblem("a date range needs --out-dir DIR (one PDF per session)")
    if kind == "pdf" and args.session is not None and args.out_dir is not None:
        raise UsageProblem("--out-dir is for a date range; use -o FILE for one session")


def read_password(username: str, from_stdin: bool, stdin: TextIO) -> str | None:
    """The first line of `stdin` (--password-stdin), or asked on the terminal (not echoed);
    None when there is neither."""
    if from_stdin:
        return stdin.readline().rstrip("\r\n")
    if not stdin.isatty():
        return None
    import getpass

    return getpass.getpass(f"Password for {username}: ")


def _qt_application() -> Any:
    """The QApplication the PDF and the chart need; off-screen when the command makes one."""
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if existing is not None:
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from nurse_monitor.ui.offscreen import quiet_offscreen_messages

    quiet_offscreen_messages()
    return QApplication(sys.argv[:1])


def _export_pdf(
    db: Any, actor: Any, args: argparse.Namespace, clock: Clock, out: TextIO, err: TextIO
) -> int:
    from nurse_monitor.services import exports
    from nurse_monitor.services.chair_view import chair_view
    from nurse_monitor.ui.export.session_pdf import SessionPdfRenderer

    if args.session is not None:
        chair_view(db, actor, args.session)  # a missing session fails before Qt starts
    else:
        ids = _sessions_in_range(db, actor, args)
    _qt_application()
    from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
    from nurse_monitor.services.follow_ups import follow_up_for_session

    def call_for(session_id: int) -> Any:
        return follow_up_for_session(db, actor, session_id, MONDAY_TO_FRIDAY)

    render = SessionPdfRenderer(
        args.facility, args.page_size, actor.signature, clock.now, follow_up_for=call_for
    )
    try:
        if args.session is not None:
            path = exports.export_session(db, actor, args.session, args.output, render, "pdf")
            print(f"Wrote {path}", file=out)
            return EXIT_OK
        if not args.out_dir.is_dir():
            raise exports.ExportFailed(f"the folder {args.out_dir} does not exist")

        def progress(result: exports.ExportResult, done: int, total: int) -> bool:
            if not result.ok:
                print(f"session {result.session_id}: {result.error}", file=err)
            return True

        results = exports.export_batch(
            db, actor, ids, args.out_dir, render, fmt="pdf", on_result=progress
        )
    finally:
        render.close()
    return _report_batch(results, args.out_dir, out, err)


def _report_batch(results: list[Any], folder: Path, out: TextIO, err: TextIO) -> int:
    failed = [r for r in results if not r.ok]
    print(f"Exported {len(results) - len(failed)} of {len(results)} sessions to {folder}", file=out)
    if failed:
        print(f"{len(failed)} failed:", file=err)
        for r in failed:
            print(f"  session {r.session_id}: {r.error}", file=err)
        return EXIT_FAILED
    return EXIT_OK


def _sessions_in_range(db: Any, actor: Any, args: argparse.Namespace) -> list[int]:
    from nurse_monitor.services import exports
    from nurse_monitor.services.errors import NotFound

    ids = exports.sessions_between(db, actor, args.first, args.last)
    if not ids:
        raise NotFound(f"no sessions from {args.first} to {args.last}; nothing written")
    return ids


def _export_fhir(
    db: Any, actor: Any, args: argparse.Namespace, clock: Clock, out: TextIO, err: TextIO
) -> int:
    from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
    from nurse_monitor.reports.fhir_bundle import session_bundle
    from nurse_monitor.services import exports
    from nurse_monitor.services.follow_ups import follow_up_for_session

    call = follow_up_for_session(db, actor, args.session, MONDAY_TO_FRIDAY)

    def render(view: Any) -> bytes:
        bundle = session_bundle(view, clock.now(), call)
        return json.dumps(bundle, indent=2, ensure_ascii=False).encode("utf-8")

    path = exports.export_session(db, actor, args.session, args.output, render, "fhir")
    print(f"Wrote {path}", file=out)
    return EXIT_OK


def _export_csv(
    db: Any, actor: Any, args: argparse.Namespace, clock: Clock, out: TextIO, err: TextIO
) -> int:
    from nurse_monitor.reports.csv_export import sessions_csv
    from nurse_monitor.services import exports

    ids = [args.session] if args.session is not None else _sessions_in_range(db, actor, args)
    path = exports.export_views(db, actor, ids, args.output, sessions_csv, "csv")
    print(f"Wrote {path} ({len(ids)} session{'s' if len(ids) != 1 else ''})", file=out)
    return EXIT_OK


def _export_handoff(
    db: Any, actor: Any, args: argparse.Namespace, clock: Clock, out: TextIO, err: TextIO
) -> int:
    from nurse_monitor.clock import local_date
    from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
    from nurse_monitor.reports.handoff_sheet_pdf import handoff_sheet_pdf
    from nurse_monitor.reports.session_summary_pdf import ReportContext
    from nurse_monitor.services import exports
    from nurse_monitor.services.follow_ups import follow_up_worklist

    calls = follow_up_worklist(db, actor, local_date(clock.now()), MONDAY_TO_FRIDAY)
    _qt_application()

    def render(chairs: Any) -> bytes:
        context = ReportContext(args.facility, clock.now(), actor.signature, args.page_size)
        return handoff_sheet_pdf(chairs, context, calls)

    path = exports.export_handoff(db, actor, args.output, render)
    print(f"Wrote {path}", file=out)
    return EXIT_OK


def _export_take_home(
    db: Any, actor: Any, args: argparse.Namespace, clock: Clock, out: TextIO, err: TextIO
) -> int:
    from nurse_monitor.domain.working_days import MONDAY_TO_FRIDAY
    from nurse_monitor.reports.take_home_pdf import take_home_pdf
    from nurse_monitor.services import exports
    from nurse_monitor.services.take_home import take_home_sheet

    # Working weekdays are a station preference; from the command line, Monday to Friday.
    sheet = take_home_sheet(db, actor, args.session, MONDAY_TO_FRIDAY)
    _qt_application()
    data = take_home_pdf(sheet, args.page_size)
    path = exports.write_export(db, actor, args.output, data, "take_home", "session", args.session)
    print(f"Wrote {path}", file=out)
    return EXIT_OK


_EXPORTS: dict[str, Callable[..., int]] = {
    "pdf": _export_pdf,
    "fhir": _export_fhir,
    "csv": _export_csv,
    "handoff": _export_handoff,
    "take-home": _export_take_home,
}
