"""Reliability figures at full size: kills survived, concurrent actions, bad inputs tried.

    NURSE_MONITOR_TEST_POSTGRES_URL=postgresql+psycopg://... \
        .venv/bin/python benchmarks/reliability_figures.py [--kills 200] [--actions 500]
        [--examples 1000]

Runs the kill loop (tests/system/test_kill.py), the eight-station run on SQLite and, when the
URL is set, on PostgreSQL (tests/system/test_concurrent_stations.py), and the fuzzers
(tests/fuzz/) with more examples, the tampering, lost-commit and unstorable-value suites,
then prints a Markdown table with the command that
reproduces each row. Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"nm_figures_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


SUITES = (
    (
        "tampering (SQLite and PostgreSQL): UPDATE, DELETE, TRUNCATE, DROP or DISABLE TRIGGER, "
        "ALTER as the runtime role, rows changed, slipped in, newest deleted, table emptied, "
        "head rows removed; each refused by the database or named by `db verify`",
        (
            "tests/storage/test_record_chain.py",
            "tests/storage/test_append_only_tables.py",
            "tests/storage/test_runtime_role.py",
            "tests/storage/test_recorded_actions_table.py",
        ),
        "not intact_record and not migrated_record and not lives_beside and not records_through",
    ),
    (
        "connection lost as the server commits (PostgreSQL backend terminated after COMMIT; "
        "SQLite driver error after COMMIT) and before it: the nurse told the truth, a retry "
        "never recorded twice",
        ("tests/system/test_unknown_outcomes.py",),
        "",
    ),
    (
        "values no database may hold (too long, NUL, NaN) refused with the field named; no "
        "patient data in a DEBUG log or a traceback after a database error",
        (
            "tests/storage/test_unstorable_values.py",
            "tests/storage/test_no_patient_data_in_logs.py",
        ),
        "",
    ),
)


def count_outcomes(paths: list[str], exclude: str) -> dict[str, int]:
    """Run pytest on `paths` in this process and count what held (passed), failed, skipped."""
    import pytest

    counted = {"passed": 0, "failed": 0, "skipped": 0}

    class Count:
        def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
            setup_fault = report.when == "setup" and report.outcome in ("skipped", "failed")
            if setup_fault or (report.when == "call" and report.outcome in counted):
                counted[report.outcome] += 1

    args = ["-q", "-p", "no:cacheprovider", "-p", "no:randomly", *paths]
    if exclude:
        args += ["-k", exclude]
    pytest.main(args, plugins=[Count()])
    return counted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--actions", type=int, default=500, help="per station, 8 stations")
    parser.add_argument("--examples", type=int, default=1000, help="per fuzzer")
    args = parser.parse_args()
    os.environ["NURSE_MONITOR_FUZZ_EXAMPLES"] = str(args.examples)
    rows: list[tuple[str, str, str, str]] = []

    from tests.system import test_kill
    from tests.system.test_concurrent_stations import run_concurrent_vitals

    test_kill.SESSIONS = max(test_kill.SESSIONS, args.kills // 5 + 2)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        kills = test_kill.run_kill_loop(Path(folder), args.kills, args.seed)
    seconds = time.monotonic() - started
    if kills.problems:
        print("\n".join(kills.problems), file=sys.stderr)
    rows.append(
        (
            "SIGKILL at random moments (SQLite, WAL + synchronous=FULL)",
            f"{kills.kills} kills survived, {kills.actions_printed} actions printed, "
            f"{kills.actions_lost} lost, {len(kills.problems)} problems",
            f"{seconds:.0f} s",
            f"NURSE_MONITOR_KILLS={args.kills} NURSE_MONITOR_KILL_SEED={args.seed} "
            ".venv/bin/pytest tests/system/test_kill.py",
        )
    )

    backends: list[tuple[str, str | None]] = [("SQLite file", None)]
    server = os.environ.get("NURSE_MONITOR_TEST_POSTGRES_URL", "")
    if server:
        backends.append(("PostgreSQL", server))
    for name, server_url in backends:
        started = time.monotonic()
        with tempfile.TemporaryDirectory() as folder:
            if server_url is None:
                from nurse_monitor.services.database import sqlite_url_for

                figures = run_concurrent_vitals(
                    sqlite_url_for(Path(folder) / "record.db"), Path(folder), args.actions
                )
            else:
                with postgres_database(server_url) as url:
                    figures = run_concurrent_vitals(url, Path(folder), args.actions)
        seconds = time.monotonic() - started
        rows.append(
            (
                f"8 stations x {args.actions} actions, own + shared session ({name})",
                f"{figures['committed']} of {figures['actions_tried']} committed, 0 lost, "
                f"0 duplicated; {figures['version_conflicts']} of {figures['versioned_tried']} "
                f"versioned actions refused (SessionChanged); "
                f"{figures['unconditional_retries']} unconditional retries after SessionChanged; "
                f"{figures['unavailable_retries'] + figures['versioned_unavailable']} "
                "writes refused 'database is locked' (busy_timeout)",
                f"{seconds:.0f} s",
                f"NURSE_MONITOR_CONCURRENT_ACTIONS={args.actions} .venv/bin/pytest "
                "tests/system/test_concurrent_stations.py -k eight",
            )
        )

    import pytest

    from tests.fuzz.world import REFUSED, TRIED

    started = time.monotonic()
    code = pytest.main(["-q", "-p", "no:cacheprovider", str(REPO / "tests" / "fuzz")])
    seconds = time.monotonic() - started
    for entry, tried in sorted(TRIED.items()):
        rows.append(
            (
                f"bad input: {entry}",
                f"{tried} tried, {REFUSED[entry]} refused cleanly, 0 crashes"
                if code == 0
                else f"{tried} tried; FAILURES (see pytest output)",
                "",
                f"NURSE_MONITOR_FUZZ_EXAMPLES={args.examples} .venv/bin/pytest tests/fuzz",
            )
        )
    rows.append(("bad input: all fuzzers", f"{sum(TRIED.values())} tried", f"{seconds:.0f} s", ""))

    for what, files, exclude in SUITES:
        started = time.monotonic()
        counted = count_outcomes([str(REPO / f) for f in files], exclude)
        seconds = time.monotonic() - started
        rows.append(
            (
                what,
                f"{counted['passed']} of {counted['passed'] + counted['failed']} held "
                f"({counted['failed']} failed, {counted['skipped']} not for this database)",
                f"{seconds:.0f} s",
                ".venv/bin/pytest " + " ".join(files),
            )
        )

    print("\n| What | Figure | Time | Reproduce |\n| --- | --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    return 0 if code == 0 and not kills.problems else 1


if __name__ == "__main__":
    raise SystemExit(main())
